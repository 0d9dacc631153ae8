"""Lineage: what a document implements, transitively, up to the top; and,
down, everything implementing it. Each document reached carries the path
from the start, every step with its evidence.

What is followed (``relations``, default implements and promulgates):
- ``X implements R``: up from X reaches R; down from R reaches X.
- ``Q promulgates P`` (a Quyết định issuing a plan): the decision is how the
  plan exists, so up from Q reaches P and then what P implements; down from
  anything P implements reaches P and then Q. This is how 327/QĐ-UBND,
  which promulgates its action plan, reaches the resolutions that plan
  implements.

>>> import networkx as nx
>>> from parsers.model import Evidence
>>> g = nx.MultiDiGraph()
>>> e = [Evidence("f.txt", 0, 1, "…")]
>>> g.add_edge("Q", "P", key="promulgates", evidence=e)
'promulgates'
>>> g.add_edge("P", "R", key="implements", evidence=e)
'implements'
>>> [r.node for r in lineage(g, "Q", "up").reached]
['P', 'R']
>>> [r.node for r in lineage(g, "R", "down").reached]
['P', 'Q']
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Literal, TYPE_CHECKING

from queries.order import node_order
from queries.steps import Step

if TYPE_CHECKING:  # annotations only: a command that needs no graph does not load networkx
    import networkx as nx

DEFAULT_RELATIONS = ("implements", "promulgates")
Direction = Literal["up", "down"]


@dataclass(frozen=True, slots=True)
class Reached:
    """A document reached, at ``depth`` steps from the start, through ``parent``;
    ``path`` holds every step from the start, the last one linking it."""

    node: str
    depth: int
    parent: str
    path: tuple[Step, ...]

    def to_json(self) -> dict:
        return {"node": self.node, "depth": self.depth, "parent": self.parent,
                "path": [s.to_json() for s in self.path]}


@dataclass(frozen=True, slots=True)
class Lineage:
    start: str
    direction: Direction
    relations: tuple[str, ...]
    reached: tuple[Reached, ...]  # breadth first: each document once, by its shortest path

    def children(self, node: str) -> list[Reached]:
        return [r for r in self.reached if r.parent == node]

    def to_json(self) -> dict:
        return {"start": self.start, "direction": self.direction,
                "relations": list(self.relations), "reached": [r.to_json() for r in self.reached]}


def _neighbours(graph: nx.MultiDiGraph, node: str, direction: Direction,
                relations: tuple[str, ...]) -> list[tuple[str, Step]]:
    if direction == "up":
        edges = [(v, Step.of_edge(graph, node, k, v)) for _, v, k in graph.out_edges(node, keys=True)
                 if k in relations]
    else:
        edges = [(u, Step.of_edge(graph, u, k, node)) for u, _, k in graph.in_edges(node, keys=True)
                 if k in relations]
    order = node_order(graph)
    return sorted(edges, key=lambda e: (order(e[0]), e[1].relation))


def lineage(graph: nx.MultiDiGraph, start: str, direction: Direction = "up",
            relations: tuple[str, ...] = DEFAULT_RELATIONS, depth: int | None = None) -> Lineage:
    """Breadth-first walk from ``start`` along ``relations`` (see module doc),
    at most ``depth`` steps when given."""
    seen = {start}
    reached: list[Reached] = []
    queue = deque([(start, ())])
    while queue:
        node, path = queue.popleft()
        if depth is not None and len(path) >= depth:
            continue
        for other, step in _neighbours(graph, node, direction, relations):
            if other in seen:
                continue
            seen.add(other)
            entry = Reached(other, len(path) + 1, node, (*path, step))
            reached.append(entry)
            queue.append((other, entry.path))
    return Lineage(start, direction, tuple(relations), tuple(reached))
