"""Status: is a document in force, replaced, amended or repealed, as far as
the corpus tells; and its replacement chain, oldest first.

>>> import networkx as nx
>>> from parsers.model import Evidence
>>> g = nx.MultiDiGraph()
>>> g.add_node("336-KH/TU", date="2025-02-25"); g.add_node("359-KH/TU", date="2025-04-29")
>>> _ = g.add_edge("359-KH/TU", "336-KH/TU", key="replaces", evidence=[Evidence("f", 0, 1, "…")])
>>> s = status(g, "336-KH/TU")
>>> s.state, [c.other for c in s.replaced_by], s.chain
('replaced', ['359-KH/TU'], ('336-KH/TU', '359-KH/TU'))
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, TYPE_CHECKING

from queries.order import node_order
from queries.steps import Step

if TYPE_CHECKING:  # annotations only: a command that needs no graph does not load networkx
    import networkx as nx

# strongest first: a repealed document is out of force whatever else happened
STATES = (("repeals", "repealed"), ("replaces", "replaced"), ("amends", "amended"))
IN_FORCE = "in force"
# the relations whose arrival changes a document's state
CHANGING = tuple(relation for relation, _ in STATES)


def state_of(acts: Iterable[str]) -> str:
    """A document's state from the relations others state *to* it.

    >>> state_of({"amends", "cites"}), state_of(["replaces", "repeals"]), state_of(())
    ('amended', 'repealed', 'in force')
    """
    present = set(acts)
    return next((name for relation, name in STATES if relation in present), IN_FORCE)


@dataclass(frozen=True, slots=True)
class Change:
    """One act between the document and ``other`` (dated ``date``)."""

    relation: str
    other: str
    date: str | None
    step: Step

    def to_json(self) -> dict:
        return {"relation": self.relation, "other": self.other, "date": self.date,
                "step": self.step.to_json()}


@dataclass(frozen=True, slots=True)
class Status:
    node: str
    state: str  # "in force", "amended" (still in force), "replaced", "repealed"
    repealed_by: tuple[Change, ...]
    replaced_by: tuple[Change, ...]
    amended_by: tuple[Change, ...]
    replaces: tuple[Change, ...]  # the documents this one replaced
    chain: tuple[str, ...]  # replacement chain through the document, oldest first

    def to_json(self) -> dict:
        return {"node": self.node, "state": self.state,
                "repealed_by": [c.to_json() for c in self.repealed_by],
                "replaced_by": [c.to_json() for c in self.replaced_by],
                "amended_by": [c.to_json() for c in self.amended_by],
                "replaces": [c.to_json() for c in self.replaces],
                "chain": list(self.chain)}


def _changes(graph: nx.MultiDiGraph, node: str, relation: str, incoming: bool) -> tuple[Change, ...]:
    edges = graph.in_edges(node, keys=True) if incoming else graph.out_edges(node, keys=True)
    changes = []
    for u, v, k in edges:
        if k == relation:
            other = u if incoming else v
            changes.append(Change(k, other, graph.nodes[other].get("date"),
                                  Step.of_edge(graph, u, k, v)))
    order = node_order(graph)
    return tuple(sorted(changes, key=lambda c: (c.date or "", order(c.other))))


def _follow(graph: nx.MultiDiGraph, node: str, incoming: bool) -> list[str]:
    """Documents along "replaces" from ``node``: newer ones (incoming edges) or
    older ones; where a step branches, the earliest-dated is followed."""
    chain, seen = [], {node}
    while changes := [c for c in _changes(graph, node, "replaces", incoming) if c.other not in seen]:
        node = changes[0].other
        seen.add(node)
        chain.append(node)
    return chain


def status(graph: nx.MultiDiGraph, node: str) -> Status:
    acts = {relation: _changes(graph, node, relation, incoming=True) for relation in CHANGING}
    state = state_of(relation for relation, changes in acts.items() if changes)
    chain = (*reversed(_follow(graph, node, incoming=False)), node, *_follow(graph, node, incoming=True))
    return Status(
        node=node, state=state,
        repealed_by=acts["repeals"], replaced_by=acts["replaces"], amended_by=acts["amends"],
        replaces=_changes(graph, node, "replaces", incoming=False),
        chain=chain,
    )
