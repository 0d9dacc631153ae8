"""What a view draws: where each document of a View sits (one band of
rows per level, from the central Party and Government at the top down to
provincial departments), and how each document and link looks (colours of
data/vocab/views.toml, a marked border for a possible typo of the number,
the fields of the tooltips). The links of one relation between two documents
are one edge, with every place that states it.

Pure: a View (visualize/source.py) in, a Scene out; nothing here knows HTML.

>>> band_rows(5, 2)
[[0, 1], [2, 3], [4]]
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import PurePath
from typing import Callable, Iterable

from kg.model import Document, Link, RELATION_KINDS
from kg.store import StoredConflict
from parsers.model import Evidence
from parsers.vocab import VOCAB
from visualize.source import View

ROW_WRAP = 40  # documents side by side in one line of a level's band
NODE_GAP = 190  # horizontal distance between documents (an id is ~120 px wide)
LINE_GAP = 80  # vertical distance between the lines of one band
LEVEL_GAP = 130  # vertical distance between bands
ORDER_SWEEPS = 4  # passes of the barycentre ordering that uncrosses edges
EVIDENCE_QUOTES = 3  # quotes shown in an edge's tooltip
EVIDENCE_CHARS = 400  # characters of one quote
TYPO = "possible_typo"
UNKNOWN_LEVEL = "unknown"


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


def positions(documents: Iterable[Document], links: Iterable[Link]) -> dict[str, tuple[int, int]]:
    """(x, y) of each document: a band per level, in the order of levels.toml;
    within a band, documents ordered by the mean place of their neighbours
    (a few barycentre sweeps), so links mostly run straight down."""
    order = _level_order()
    level_of = {d.key: _level(d) for d in documents}
    bands: dict[str, list[str]] = defaultdict(list)
    for document in sorted(documents, key=lambda d: (d.date or "", d.key)):
        bands[level_of[document.key]].append(document.key)
    neighbours: dict[str, list[str]] = defaultdict(list)
    for link in links:
        neighbours[link.source].append(link.target)
        neighbours[link.target].append(link.source)
    place = {k: i / max(len(band) - 1, 1) for band in bands.values() for i, k in enumerate(band)}
    for _ in range(ORDER_SWEEPS):
        for level, band in bands.items():
            def barycentre(key: str) -> float:
                others = [place[n] for n in neighbours[key] if level_of[n] != level]
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


def quote(evidence: Evidence) -> dict:
    """One place stating a link, for a reader: the sentence (cut) and file:offset."""
    text = " ".join(evidence.text.split())
    if len(text) > EVIDENCE_CHARS:
        text = text[:EVIDENCE_CHARS - 1] + "…"
    return {"where": f"{PurePath(evidence.file).name}:{evidence.start}", "text": text}


def conflicts_by_node(conflicts: Iterable[StoredConflict]) -> dict[str, list[StoredConflict]]:
    """Every conflict under each document it names (both sides of a typo)."""
    found: dict[str, list[StoredConflict]] = defaultdict(list)
    for conflict in conflicts:
        for key in {conflict.node, conflict.other} - {None}:
            found[key].append(conflict)
    return found


def edges_of(links: Iterable[Link]) -> dict[tuple[str, str, str], list[Evidence]]:
    """(source, relation, target) → every place stating it, in the model's order."""
    grouped: dict[tuple[str, str, str], list[Evidence]] = {}
    for link in links:
        grouped.setdefault((link.source, link.relation, link.target), []).append(link.evidence)
    return grouped


def scene(view: View, conflicts: Iterable[StoredConflict], title: str,
          page_of: Callable[[str], str] | None = None) -> Scene:
    style = VOCAB.view_style
    documents = sorted(view.part.documents, key=lambda d: (d.key != view.start, d.key))
    at = positions(documents, view.part.links)
    marks = conflicts_by_node(conflicts)
    ids = [d.id for d in documents if d.id]
    ambiguous = {i for i in ids if ids.count(i) > 1}
    nodes = tuple(
        ViewNode(
            key=d.key, label=_label(d, ambiguous), level=_level(d), x=at[d.key][0], y=at[d.key][1],
            colour=style["level"].get(d.level or "", style["other"]["unknown_level"]),
            typo=any(c.kind == TYPO for c in marks[d.key]),
            start=d.key == view.start,
            info=_info(d, [c.detail for c in marks[d.key]]),
            page=page_of(d.key) if page_of else None,
        )
        for d in documents
    )
    edges = tuple(
        ViewEdge(
            key=f"{source}|{relation}|{target}", source=source, target=target, relation=relation,
            label=RELATION_KINDS[relation].label,
            colour=style["relation"].get(relation, style["relation"]["cites"]),
            evidence=tuple(quote(e) for e in evidence[:EVIDENCE_QUOTES]),
            more=max(len(evidence) - EVIDENCE_QUOTES, 0),
        )
        for (source, relation, target), evidence in edges_of(view.part.links).items()
    )
    return Scene(title, nodes, edges, _legend(nodes, edges), view.message)


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
                 for r in RELATION_KINDS.values() if r.name in present_relations]
    return {"levels": levels, "relations": relations,
            "typo": any(n.typo for n in nodes), "typo_colour": style["other"]["typo_border"]}
