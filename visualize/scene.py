"""What a view draws: which documents and links (a lineage around one
document, or the whole graph up to a bound), where each sits (one band of
rows per level, from the central Party and Government at the top down to
provincial departments), and how each looks (colours of views.toml, a
marked border for a possible typo of the number, tooltips' fields).

Pure: a Corpus in, a Scene out; nothing here knows HTML.

>>> band_rows(5, 2)
[[0, 1], [2, 3], [4]]
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import PurePath
from typing import Callable, Literal

from parsers.vocab import VOCAB
from queries.lineage import lineage
from visualize.source import Corpus, Document, Link

Direction = Literal["up", "down", "both"]
DEFAULT_LIMIT = 1500  # documents of a view: vis-network stays fluid up to a few thousand
ROW_WRAP = 40  # documents side by side in one line of a level's band
NODE_GAP = 190  # horizontal distance between documents (an id is ~120 px wide)
LINE_GAP = 80  # vertical distance between the lines of one band
LEVEL_GAP = 170  # vertical distance between bands
ORDER_SWEEPS = 4  # passes of the barycentre ordering that uncrosses edges
EVIDENCE_QUOTES = 3  # quotes shown in an edge's tooltip
EVIDENCE_CHARS = 400  # characters of one quote
TYPO = "possible_typo"
UNKNOWN_LEVEL = "unknown"


@dataclass(frozen=True, slots=True)
class Selection:
    keys: tuple[str, ...]  # the documents drawn, the start first
    links: tuple[Link, ...]  # the links among them
    start: str | None
    message: str | None  # set when the view was cut to its bound


@dataclass(frozen=True, slots=True)
class ViewNode:
    key: str
    label: str
    level: str  # a name of levels.toml, or "unknown"
    x: int
    y: int
    colour: str
    typo: bool  # a possible typo of the number: marked on the node
    start: bool
    info: dict  # tooltip fields, plain text: number, type, date, issuer, …
    page: str | None  # link to the document's page (site)


@dataclass(frozen=True, slots=True)
class ViewEdge:
    key: str
    source: str
    target: str
    relation: str
    label: str
    colour: str
    evidence: tuple[dict, ...]  # {"where": "file.txt:612", "text": …}
    more: int  # evidence places not quoted


@dataclass(frozen=True, slots=True)
class Scene:
    title: str
    nodes: tuple[ViewNode, ...]
    edges: tuple[ViewEdge, ...]
    legend: dict
    message: str | None


# --- selection -------------------------------------------------------------------


def _links_among(corpus: Corpus, keys: set[str], relations: tuple[str, ...]) -> tuple[Link, ...]:
    return tuple(k for k in corpus.links
                 if k.relation in relations and k.source in keys and k.target in keys)


def around(corpus: Corpus, start: str, direction: Direction, relations: tuple[str, ...],
           depth: int | None = None, limit: int = DEFAULT_LIMIT) -> Selection:
    """The lineage of ``start`` up, down or both ways along ``relations``,
    nearest documents first, at most ``limit`` of them."""
    ways = ("up", "down") if direction == "both" else (direction,)
    reached = sorted((r for way in ways
                      for r in lineage(corpus.graph, start, way, relations, depth).reached),
                     key=lambda r: r.depth)
    keys = list(dict.fromkeys([start, *(r.node for r in reached)]))
    message = None
    if len(keys) > limit:
        message = (f"{len(keys):,} documents in this lineage; showing the {limit:,} nearest "
                   f"(--limit N, or --depth N)")
        keys = keys[:limit]
    return Selection(tuple(keys), _links_among(corpus, set(keys), relations), start, message)


def whole(corpus: Corpus, relations: tuple[str, ...], limit: int = DEFAULT_LIMIT) -> Selection:
    """Every document, or the ``limit`` most linked ones when there are more."""
    degree: dict[str, int] = defaultdict(int)
    for link in corpus.links:
        if link.relation in relations:
            degree[link.source] += 1
            degree[link.target] += 1
    keys = sorted(corpus.documents, key=lambda k: (-degree[k], k))
    message = None
    if len(keys) > limit:
        message = (f"the graph has {len(keys):,} documents; showing the {limit:,} most linked "
                   f"(--limit N, or give an ID for its lineage)")
        keys = keys[:limit]
    return Selection(tuple(keys), _links_among(corpus, set(keys), relations), None, message)


# --- layout -----------------------------------------------------------------------


def band_rows(count: int, width: int) -> list[list[int]]:
    """Indices 0…count-1 cut into lines of at most ``width``."""
    return [list(range(i, min(i + width, count))) for i in range(0, count, width)]


def _level_order() -> dict[str, int]:
    order = {name: i for i, (name, _) in enumerate(VOCAB.levels)}
    order[UNKNOWN_LEVEL] = len(order)
    return order


def _level(document: Document) -> str:
    return document.level or UNKNOWN_LEVEL


def positions(corpus: Corpus, selection: Selection) -> dict[str, tuple[int, int]]:
    """(x, y) of each document: a band per level, in the order of levels.toml;
    within a band, documents ordered by the mean place of their neighbours
    (a few barycentre sweeps), so links mostly run straight down."""
    order = _level_order()
    bands: dict[str, list[str]] = defaultdict(list)
    for key in sorted(selection.keys, key=lambda k: (corpus.documents[k].date or "", k)):
        bands[_level(corpus.documents[key])].append(key)
    neighbours: dict[str, list[str]] = defaultdict(list)
    for link in selection.links:
        neighbours[link.source].append(link.target)
        neighbours[link.target].append(link.source)
    place = {k: i / max(len(band) - 1, 1) for band in bands.values() for i, k in enumerate(band)}
    for _ in range(ORDER_SWEEPS):
        for level, band in bands.items():
            def barycentre(key: str) -> float:
                others = [place[n] for n in neighbours[key] if _level(corpus.documents[n]) != level]
                return sum(others) / len(others) if others else place[key]
            band.sort(key=barycentre)
            place.update((k, i / max(len(band) - 1, 1)) for i, k in enumerate(band))
    result: dict[str, tuple[int, int]] = {}
    y = 0
    for level in sorted(bands, key=order.__getitem__):
        band = bands[level]
        lines = band_rows(len(band), ROW_WRAP)
        for line_number, line in enumerate(lines):
            for column, index in enumerate(line):
                x = round((column - (len(line) - 1) / 2) * NODE_GAP)
                result[band[index]] = (x, y + line_number * LINE_GAP)
        y += (len(lines) - 1) * LINE_GAP + LEVEL_GAP
    return result


# --- looks ------------------------------------------------------------------------


def _label(document: Document, ambiguous_ids: set[str]) -> str:
    if document.id is None:
        return PurePath(document.key.removeprefix("file:")).name
    if document.id in ambiguous_ids and document.jurisdiction:
        return f"{document.id} · {document.jurisdiction}"
    return document.id


def _info(document: Document, conflicts: list[str]) -> dict:
    level_labels = dict(VOCAB.levels)
    fields = {
        "number": document.id or "(no number)",
        "type": document.type, "date": document.date, "issuer": document.issuer,
        "jurisdiction": document.jurisdiction,
        "level": level_labels.get(document.level or "", None),
        "title": document.title, "status": document.status,
        "aliases": ", ".join(document.aliases) or None,
    }
    info = {k: v for k, v in fields.items() if v}
    if conflicts:
        info["conflicts"] = conflicts
    return info


def _quote(evidence) -> dict:
    text = " ".join(evidence.text.split())
    if len(text) > EVIDENCE_CHARS:
        text = text[:EVIDENCE_CHARS - 1] + "…"
    return {"where": f"{PurePath(evidence.file).name}:{evidence.start}", "text": text}


def conflicts_by_node(corpus: Corpus) -> dict[str, list]:
    """Every conflict under each document it names (both sides of a typo)."""
    found: dict[str, list] = defaultdict(list)
    for conflict in corpus.conflicts:
        for key in {conflict.node, conflict.other} - {None}:
            found[key].append(conflict)
    return found


def scene(corpus: Corpus, selection: Selection, title: str,
          page_of: Callable[[str], str] | None = None) -> Scene:
    style = VOCAB.view_style
    relation_labels = {r.name: r.label for r in VOCAB.relation_types}
    at = positions(corpus, selection)
    conflicts = conflicts_by_node(corpus)
    documents = [corpus.documents[k] for k in selection.keys]
    ids = [d.id for d in documents if d.id]
    ambiguous = {i for i in ids if ids.count(i) > 1}
    nodes = tuple(
        ViewNode(
            key=d.key, label=_label(d, ambiguous), level=_level(d), x=at[d.key][0], y=at[d.key][1],
            colour=style["level"].get(d.level or "", style["other"]["unknown_level"]),
            typo=any(c.kind == TYPO for c in conflicts[d.key]),
            start=d.key == selection.start,
            info=_info(d, [c.detail for c in conflicts[d.key]]),
            page=page_of(d.key) if page_of else None,
        )
        for d in documents
    )
    edges = tuple(
        ViewEdge(
            key=f"{k.source}|{k.relation}|{k.target}", source=k.source, target=k.target,
            relation=k.relation, label=relation_labels.get(k.relation, k.relation),
            colour=style["relation"].get(k.relation, style["relation"]["cites"]),
            evidence=tuple(_quote(e) for e in k.evidence[:EVIDENCE_QUOTES]),
            more=max(len(k.evidence) - EVIDENCE_QUOTES, 0),
        )
        for k in selection.links
    )
    return Scene(title, nodes, edges, _legend(nodes, edges), selection.message)


def _legend(nodes: tuple[ViewNode, ...], edges: tuple[ViewEdge, ...]) -> dict:
    style = VOCAB.view_style
    present_levels = {n.level for n in nodes}
    levels = [{"label": label, "colour": style["level"][name]}
              for name, label in VOCAB.levels if name in present_levels]
    if UNKNOWN_LEVEL in present_levels:
        levels.append({"label": style["other"]["unknown_level_label"],
                       "colour": style["other"]["unknown_level"]})
    present_relations = {e.relation for e in edges}
    relations = [{"label": f"{r.label} ({r.name.replace('_', ' ')})",
                  "colour": style["relation"][r.name]}
                 for r in VOCAB.relation_types if r.name in present_relations]
    return {"levels": levels, "relations": relations,
            "typo": any(n.typo for n in nodes), "typo_colour": style["other"]["typo_border"]}
