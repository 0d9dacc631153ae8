"""The graph model: what every exporter, view and query reads of the store.

One ``Document`` per resolved document (and per relation endpoint no mention
names, bare), one ``Link`` per stated relation with the place that states it,
and the ``RelationKind`` of each link with its names in Cypher and RDF
(data/vocab/relations.toml). A document's status is computed here, once, by
the rule of queries/status.py.

Records stream from the store in batches (``document_batches``,
``link_batches``): nothing here holds the whole graph. ``around`` gives the
model of the neighbourhood of one document (its lineage) for the views.

>>> from kg.store import Store
>>> from tests.kg_corpus import corpus
>>> store = Store(":memory:")
>>> for extraction in corpus():
...     store.put(extraction, "sha")
>>> doc = next(d for d in documents(store) if d.id == "336-KH/TU")
>>> doc.key, doc.code, doc.year, doc.status
('336-KH/TU@Quảng Ngãi', 'KH/TU', 2025, 'replaced')
>>> sub = around(store, "327/QĐ-UBND@Quảng Ngãi", direction="up")
>>> sorted(d.id for d in sub.documents)
['327/QĐ-UBND', '359-KH/TU', '57-NQ/TW', '71/NQ-CP']
>>> find_key(store, "327/QD-UBND"), find_key(store, "1063/KH-UBND@Kon Tum")
('327/QĐ-UBND@Quảng Ngãi', '1063/KH-UBND@Kon Tum')
>>> RELATION_KINDS["implements"].cypher_type, RELATION_KINDS["implements"].rdf_property
('IMPLEMENTS', 'eli:ensures_implementation_of')
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
import math
from heapq import heappop, heappush
from itertools import chain, islice
from typing import Iterable, Iterator, Literal

from kg.resolve import ID_SHAPE, Node, is_file_key
from kg.store import Store
from parsers.fold import plain
from parsers.model import Evidence
from parsers.vocab import VOCAB, RelationType
from queries.lineage import DEFAULT_RELATIONS
from queries.lookup import UnknownDocument, canonical, find_document, leading_number, suggestions
from queries.order import document_order
from queries.status import CHANGING, state_of
from queries.steps import CITES

BATCH = 1000  # records per batch: a few hundred kB, well under SQLite's variable limit
YEAR_IN_NUMBER = 5  # "48/2025": the year after the serial and "/"

RelationKind = RelationType  # name, label, inverse, cypher_type, rdf_property (+ the cues)
RELATION_KINDS: dict[str, RelationKind] = {r.name: r for r in VOCAB.relation_types}
NODE_LABEL: str = VOCAB.graph_names["cypher"]["label"]


@dataclass(frozen=True, slots=True)
class Document:
    """One document of the graph.

    ``key`` is the node key ("359-KH/TU@Quảng Ngãi", "file:/…/report.txt"),
    unique; ``id`` the canonical số hiệu (None for a file without a number);
    ``aliases`` the ids of its other spellings; ``code`` the part after the
    number ("KH/TU"); ``year`` the year of the number (48/2025/QĐ-UBND) or
    of the date; ``status`` "in force", "amended", "replaced" or "repealed"
    (queries/status.py); ``mentions`` how many times the corpus names it
    (0 for a bare relation endpoint).
    """

    key: str
    id: str | None
    aliases: tuple[str, ...]
    number: str | None
    year: int | None
    code: str | None
    type: str | None
    type_code: str | None
    issuer_code: str | None
    date: str | None
    issuer: str | None
    jurisdiction: str | None
    level: str | None
    title: str | None
    mentions: int
    status: str

    def to_json(self) -> dict:
        return {**asdict(self), "aliases": list(self.aliases)}


@dataclass(frozen=True, slots=True)
class Link:
    """``source`` --relation--> ``target`` (node keys), as ``evidence`` states it."""

    source: str
    relation: str
    target: str
    evidence: Evidence

    @property
    def kind(self) -> RelationKind:
        return RELATION_KINDS[self.relation]

    def to_json(self) -> dict:
        return {"source": self.source, "relation": self.relation, "target": self.target,
                "evidence": self.evidence.to_json()}


@dataclass(frozen=True, slots=True)
class Subgraph:
    """Documents and the links among them (a part of the graph, for views)."""

    documents: tuple[Document, ...]
    links: tuple[Link, ...]

    def document(self, key: str) -> Document:
        return next(d for d in self.documents if d.key == key)

    def to_json(self) -> dict:
        return {"documents": [d.to_json() for d in self.documents],
                "links": [k.to_json() for k in self.links]}


DOCUMENT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Document))
# the fields a Document takes as stored (kg.resolve.Node: what resolution decides)
STORED_FIELDS = tuple(f for f in DOCUMENT_FIELDS if f in {g.name for g in fields(Node)}
                      and f != "aliases")


Direction = Literal["up", "down", "both"]  # along outgoing links, incoming ones, or both

# --- documents -----------------------------------------------------------------------


def _code(doc_id: str | None) -> str | None:
    match = ID_SHAPE.match(doc_id) if doc_id else None
    return match["code"] if match else None


def _year(number: str | None, date: str | None) -> int | None:
    if number and "/" in number:
        return int(number.rsplit("/", 1)[1])
    return int(date[:4]) if date else None


def _documents(store: Store, rows: list[tuple], bare: list[tuple[str, str | None]]
               ) -> list[Document]:
    """Documents of these node rows (NODE_COLUMNS) and bare endpoints (key, id)."""
    nodes = [Node(*row) for row in rows]
    keys = [n.key for n in nodes] + [key for key, _ in bare]
    spellings = store.other_spellings(n.key for n in nodes)
    acts = store.incoming_types(keys, CHANGING)

    def document(key: str, doc_id: str | None, node: Node | None) -> Document:
        stored = {f: getattr(node, f) if node else None for f in STORED_FIELDS}
        return Document(**{**stored, "key": key, "id": doc_id, "mentions": node.mentions if node else 0},
                        aliases=tuple(spellings.get(key, ())), code=_code(doc_id),
                        year=_year(stored["number"], stored["date"]),
                        status=state_of(acts.get(key, ())))

    return ([document(n.key, n.id, n) for n in nodes]
            + [document(key, doc_id, None) for key, doc_id in bare])


def _batched(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def document_batches(store: Store, size: int = BATCH) -> Iterator[list[Document]]:
    """Every document, by key within each part (resolved, then bare), ``size`` at a time."""
    after = None
    while rows := store.node_rows(after, size):
        yield _documents(store, rows, [])
        after = rows[-1][0]
    for bare in _batched(store.bare_endpoints(), size):
        yield _documents(store, [], bare)


def documents(store: Store, size: int = BATCH) -> Iterator[Document]:
    return chain.from_iterable(document_batches(store, size))


def documents_of(store: Store, keys: Iterable[str]) -> list[Document]:
    """The documents of these node keys, by key (a key no relation or
    mention knows is left out)."""
    keys = set(keys)
    rows = store.node_rows_of(keys)
    known = {r[0] for r in rows}
    bare = list(store.bare_endpoints(keys - known))
    return sorted(_documents(store, rows, bare), key=lambda d: d.key)


# --- links ---------------------------------------------------------------------------


def _link(row: tuple) -> Link:
    source, relation, target, file, start, end, text = row
    return Link(source, relation, target, Evidence(file, start, end, text))


def link_batches(store: Store, size: int = BATCH) -> Iterator[list[Link]]:
    """Every stated relation once, by file and offset, ``size`` at a time."""
    for rows in _batched(store.link_rows(), size):
        yield [_link(r) for r in rows]


def links(store: Store, size: int = BATCH) -> Iterator[Link]:
    return chain.from_iterable(link_batches(store, size))


def find_key(store: Store, text: str) -> str:
    """The node key ``text`` names, by the rules of queries/lookup.py (any
    spelling of an id, an alias, "id@province", a short form, a node key),
    decided among the few documents that can match, read along the store's
    indexes: those named by the id, and those whose number begins with the
    text's. Only a text these do not match reads every id (an id not
    beginning with its number, or close ids to suggest). Raises UnknownDocument or AmbiguousDocument."""
    from kg.graph import graph_of  # kg.graph reads this module

    if documents_of(store, [text]):
        return text
    spelling = text.partition("@")[0]
    candidates = store.keys_named(canonical(spelling))
    if serial := leading_number(spelling):
        candidates |= store.keys_numbered(serial)
    try:
        return find_document(graph_of(documents_of(store, candidates), ()), text)
    except UnknownDocument:
        pass
    # a spelling of an id that does not begin with its number ("iso 45001:2018"), or none
    spellings = set(store.id_spellings())
    wanted = {plain(canonical(spelling)), plain(spelling)}
    for doc_id in (i for i in spellings if plain(i) in wanted):
        candidates |= store.keys_named(doc_id)
    try:
        return find_document(graph_of(documents_of(store, candidates), ()), text)
    except UnknownDocument:
        raise UnknownDocument(text, suggestions(spellings, spelling)) from None


# --- parts of the graph ----------------------------------------------------------------

def around(store: Store, key: str, relations: Iterable[str] = DEFAULT_RELATIONS,
           direction: Direction = "both", depth: int | None = None) -> Subgraph:
    """The lineage around ``key``: the documents reached along ``relations``
    going up (what it implements: outgoing links), down (what implements it:
    incoming links) or both, at most ``depth`` steps; with every link among
    them of those relations. Reads the store frontier by frontier."""
    return subgraph(store, reach(store, key, relations, direction, depth), relations)


def reach(store: Store, key: str, relations: Iterable[str] = DEFAULT_RELATIONS,
          direction: Direction = "both", depth: int | None = None) -> set[str]:
    """The keys of the documents of ``around``, ``key`` among them, read
    without their links' evidence."""
    reached = {key}
    for way in ("up", "down") if direction == "both" else (direction,):
        reached.update(lineage_order(store, key, relations, way, depth))
    return reached


def lineage_order(store: Store, key: str, relations: Iterable[str] = DEFAULT_RELATIONS,
                  direction: Literal["up", "down"] = "up", depth: int | None = None) -> list[str]:
    """The keys of the documents queries.lineage reaches from ``key``, in its
    order (breadth first; each document's neighbours in queries.order), read
    without the evidence: a hub's reach is counted and ordered before the
    first few are read in full (``kg lineage --limit``)."""
    relations, outgoing = tuple(relations), direction == "up"
    seen, reached, frontier, steps = {key}, [], [key], 0
    while frontier and (depth is None or steps < depth):
        ends: dict[str, set[str]] = {}
        for source, _, target in store.edge_rows_at(frontier, relations, outgoing):
            parent, other = (source, target) if outgoing else (target, source)
            ends.setdefault(parent, set()).add(other)
        order = _orders(store, set().union(*ends.values()) - seen)
        next_frontier = []
        for parent in frontier:  # each parent's own new ones, in order: seen grows as they come
            others = sorted(ends.get(parent, set()) - seen, key=order.__getitem__)
            seen.update(others)
            next_frontier += others
        reached += next_frontier
        frontier, steps = next_frontier, steps + 1
    return reached


def subgraph(store: Store, keys: Iterable[str],
             relations: Iterable[str] = tuple(RELATION_KINDS)) -> Subgraph:
    """These documents and every link among them of ``relations``."""
    keys = set(keys)
    rows = [r for r in store.link_rows_at(keys, relations, outgoing=True) if r[2] in keys]
    return Subgraph(tuple(documents_of(store, keys)), tuple(_link(r) for r in rows))


def changes_around(store: Store, key: str) -> Subgraph:
    """What the status of ``key`` reads (queries/status.py): its replacement
    chain both ways, transitively, and the documents that repeal or amend
    it, with every changing link among them."""
    chain = {d.key for d in around(store, key, ("replaces",), "both").documents}
    acts = {r[0] for r in store.link_rows_at([key], CHANGING, outgoing=False)}
    return subgraph(store, chain | acts | {key}, CHANGING)


def linked_documents(store: Store, key: str, relations: Iterable[str] = tuple(RELATION_KINDS),
                     direction: Direction = "both") -> list[str]:
    """The keys of the documents at the other end of ``key``'s links of
    ``relations``, outgoing (up), incoming (down) or both, in queries.order:
    read without the evidence, so a hub's thousands are counted and ordered
    before any is shown."""
    edges = store.edges_at([key], relations)
    others = ({t for s, _, t in edges if s == key} if direction != "down" else set()) | (
        {s for s, _, t in edges if t == key} if direction != "up" else set())
    others.discard(key)
    return sorted(others, key=_orders(store, others).__getitem__)


def _orders(store: Store, keys: set[str]) -> dict[str, tuple]:
    """queries.order's sort key of each of these documents, from their ids
    and dates alone."""
    nodes = map(lambda row: Node(*row), store.node_rows_of(keys))
    data = {n.key: {"id": n.id, "date": n.date} for n in nodes}
    data.update((k, {"id": i}) for k, i in store.bare_endpoints(keys - data.keys()))
    return {k: document_order(k, data.get(k, {})) for k in keys}


def links_of(store: Store, key: str, relations: Iterable[str] = tuple(RELATION_KINDS),
             among: Iterable[str] | None = None) -> Subgraph:
    """``key``, its own links of ``relations`` both ways, and the documents at
    their other ends (not the links among those); only the links with the
    documents ``among`` when given (the first few of a hub's)."""
    relations = tuple(relations)
    if among is None:
        rows = store.link_rows_at([key], relations, outgoing=True) + [
            r for r in store.link_rows_at([key], relations, outgoing=False) if r[0] != key or r[2] != key]
    else:  # what the few others state of it, and what it states of them: a hub's
        # incoming rows are many, and so may be those of the others
        among = set(among) - {key}
        rows = ([r for r in store.link_rows_at(among, relations, outgoing=True) if r[2] == key]
                + [r for r in store.link_rows_at([key], relations, outgoing=True)
                   if r[2] in among and r[2] != key])
    rows.sort(key=lambda r: (r[3], r[4], r[5], r[0], r[1], r[2]))
    ends = {key} | {r[0] for r in rows} | {r[2] for r in rows}
    return Subgraph(tuple(documents_of(store, ends)), tuple(_link(r) for r in rows))


def joined(store: Store, a: str, b: str, relations: Iterable[str] = tuple(RELATION_KINDS)) -> bool:
    """Whether a chain of ``relations`` (read either way) joins ``a`` and ``b``.

    A breadth-first search from both ends, a frontier at a time, always
    widening the smaller side: when they are not joined, it stops once the
    smaller of their two parts of the graph is read, not the larger (the one
    of a hub cited across the store)."""
    relations = tuple(relations)
    seen, frontiers = [{a}, {b}], [{a}, {b}]
    while a != b and frontiers[0] and frontiers[1]:
        side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
        edges = store.edges_at(frontiers[side], relations)
        frontiers[side] = {end for s, _, t in edges for end in (s, t)} - seen[side]
        if not frontiers[side].isdisjoint(seen[1 - side]):
            return True
        seen[side] |= frontiers[side]
    return a == b


def chain_between(store: Store, a: str, b: str,
                  relations: Iterable[str] = tuple(RELATION_KINDS)) -> Subgraph | None:
    """The documents of the best chain from ``a`` to ``b`` (by the costs and
    tie-breaks of queries/path.py) and every link among them, or None when
    unconnected: ``queries.path.path`` on its graph gives the chain that the
    whole graph gives, since no cheaper or earlier-ordered step can hide
    among nodes already on it.

    First a check that the two are joined at all (``joined``). Then a
    Dijkstra search from ``b`` read from the store a layer of equally cheap
    nodes at a time, stopping once every node cheaper than ``a`` is settled
    and every step to them and to ``a`` is read (the thousands as cheap as
    ``a``, the documents based on the same law, are not read); the chain is
    walked back along the steps read. A node's ``cites`` links are read only when the search
    reaches its cost plus the cost of a ``cites`` step, so a hub cited by
    every file is not read for a chain of typed steps."""
    from queries.path import CITES_STEP_COST, step_cost

    relations = tuple(relations)
    typed = tuple(r for r in relations if r != CITES)
    cites = (CITES,) if CITES in relations else ()
    unnumbered = lambda u, v: is_file_key(u) + is_file_key(v)
    if not joined(store, a, b, relations):  # else the search below reads all of b's part
        return None

    def steps(nodes: set[str], types: tuple[str, ...]) -> dict[str, dict[str, set[str]]]:
        """Each of ``nodes`` → its neighbours → the relations between them, either way."""
        between: dict[str, dict[str, set[str]]] = {}
        for source, relation, target in store.edges_at(nodes, types) if nodes and types else ():
            for node, other in ((source, target), (target, source)):
                if node in nodes and node != other:
                    between.setdefault(node, {}).setdefault(other, set()).add(relation)
        return between

    settled: dict[str, int] = {}
    queue: list[tuple[int, str, bool]] = [(0, b, False)]  # (cost, node, its cites' lower bound?)
    offers: dict[str, list[tuple[int, str]]] = {}  # node → (cost, from whom) of each step read to it
    reached_a = 0 if a == b else math.inf  # the cheapest cost a is reached at so far
    # the chain back from a needs the cost of every node cheaper than a and
    # every step read to them and to a: then the search stops
    while queue and queue[0][0] <= reached_a:
        cost, layer, cites_of = queue[0][0], set(), set()
        while queue and queue[0][0] == cost:
            _, node, its_cites = heappop(queue)
            if its_cites:
                cites_of.add(node)
            elif node not in settled and cost < reached_a:
                layer.add(node)
        settled.update(dict.fromkeys(layer, cost))
        for types, nodes in ((typed, layer), (cites, cites_of)):
            for node, others in steps(nodes, types).items():
                for other, between in others.items():
                    to = settled[node] + step_cost(between, unnumbered(node, other))
                    offers.setdefault(other, []).append((to, node))
                    if other not in settled:
                        heappush(queue, (to, other, False))
                        if other == a:
                            reached_a = min(reached_a, to)
        for node in layer if cites else ():  # a lower bound of every cites step from it
            heappush(queue, (cost + CITES_STEP_COST, node, True))
    if reached_a == math.inf:
        return None
    settled[a] = reached_a
    on_chain, node = [a], a
    while node != b:  # down the costs to b; ties go to the first document
        following = {v for to, v in offers[node] if to == settled[node]}
        node = min(documents_of(store, following), key=lambda d: document_order(d.key, d.to_json())).key
        on_chain.append(node)
    return subgraph(store, on_chain, relations)


# --- as properties of a property graph (the embedded engine, Neo4j) ------------------

# Evidence as relationship properties: "end" is a Cypher word, hence the
# "_offset" names.
LINK_PROPERTIES = ("file", "start_offset", "end_offset", "text")
PROPERTY_TYPES = {"str": "STRING", "int": "INT64", "tuple": "STRING[]"}


def property_types() -> dict[str, str]:
    """Each Document field → its property type ("STRING", "INT64", "STRING[]"),
    read from the dataclass's annotations, so the schema follows the model.

    >>> property_types()["year"], property_types()["aliases"], property_types()["key"]
    ('INT64', 'STRING[]', 'STRING')
    """
    return {f.name: PROPERTY_TYPES[f.type.split("[")[0].split(" ")[0]] for f in fields(Document)}


def _blank(value):
    """Graph databases get None for an empty string: the embedded engine's
    CSV import cannot tell the two apart, and both engines must agree."""
    return None if value == "" else value


def document_properties(document: Document) -> dict:
    return {name: _blank(value) for name, value in document.to_json().items()}


def link_properties(link: Link) -> dict:
    e = link.evidence
    return dict(zip(LINK_PROPERTIES, (_blank(e.file), e.start, e.end, _blank(e.text))))
