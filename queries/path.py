"""Path: the best chain of relations between two documents, read in either
direction, each step stated in the direction its text gives.

"Best" is the cheapest by these costs, so that the answer says something:

- a typed relation (implements, replaces…) costs 1, a ``cites`` link 100:
  any two documents one report mentions are two ``cites`` apart, so a typed
  chain of up to 99 steps is preferred to a single ``cites``;
- passing through a node without a number (a file whose header has none)
  costs 10 000 more: such a node joins everything its file mentions.

Among equally cheap chains the one through the first documents in
queries.order is taken, so the answer never depends on hashing or on the
order the files were stored in.

>>> from typing import Iterable

import networkx as nx
>>> from parsers.model import Evidence
>>> g = nx.MultiDiGraph()
>>> e = [Evidence("f.txt", 0, 1, "…")]
>>> _ = g.add_edge("P", "R", key="implements", evidence=e)
>>> _ = g.add_edge("Q", "P", key="promulgates", evidence=e)
>>> _ = g.add_edge("Q", "R", key="cites", evidence=e)
>>> for n in g: g.nodes[n]["id"] = n
>>> [(s.source, s.relation, s.target) for s in path(g, "R", "Q")]
[('P', 'implements', 'R'), ('Q', 'promulgates', 'P')]
>>> [(s.source, s.relation, s.target) for s in path(g, "R", "Q", ("cites",))]
[('Q', 'cites', 'R')]
"""

from __future__ import annotations

from typing import Iterable

import networkx as nx

from queries.order import node_order
from queries.steps import CITES, Step

TYPED_STEP_COST = 1
CITES_STEP_COST = 100
UNNUMBERED_NODE_COST = 10_000


def _relations_between(graph: nx.MultiDiGraph, a: str, b: str, relations: set[str] | None
                       ) -> list[tuple[str, str, str]]:
    """(source, relation, target) of every usable edge between a and b, either way."""
    edges = [(a, k, b) for k in graph.succ[a].get(b, {})] + [(b, k, a) for k in graph.succ[b].get(a, {})]
    return [e for e in edges if relations is None or e[1] in relations]


def step_cost(relations: Iterable[str], unnumbered: int) -> int:
    """The cost of a step along these relations (those between two nodes,
    either way) joining ``unnumbered`` nodes without a number (0, 1 or 2)."""
    step = CITES_STEP_COST if all(k == CITES for k in relations) else TYPED_STEP_COST
    return step + UNNUMBERED_NODE_COST * unnumbered


def _cost(graph: nx.MultiDiGraph, a: str, b: str, relations: set[str] | None) -> int | None:
    edges = _relations_between(graph, a, b, relations)
    if not edges:
        return None
    return step_cost((k for _, k, _ in edges), sum(graph.nodes[n].get("id") is None for n in (a, b)))


def _step(graph: nx.MultiDiGraph, a: str, b: str, relations: set[str] | None) -> Step:
    """The edge shown for a step from a to b: typed before ``cites``, then in
    the reading direction, then by relation name."""
    source, relation, target = min(_relations_between(graph, a, b, relations),
                                   key=lambda e: (e[1] == CITES, e[0] != a, e[1]))
    return Step.of_edge(graph, source, relation, target)


def path(graph: nx.MultiDiGraph, a: str, b: str,
         relations: tuple[str, ...] | None = None) -> tuple[Step, ...] | None:
    """Steps from ``a`` to ``b`` (empty when a is b), or None when unconnected.
    ``relations`` restricts the relation types (default: all, see module doc)."""
    allowed = set(relations) if relations is not None else None
    undirected = graph.to_undirected(as_view=True)
    cost = lambda u, v, _: _cost(graph, u, v, allowed)  # None hides an edge
    to_b = nx.single_source_dijkstra_path_length(undirected, b, weight=cost)
    if a not in to_b:
        return None
    order, steps, node = node_order(graph), [], a
    while node != b:  # down the distances to b; ties go to the first document
        following = min((v for v in undirected[node] if v in to_b
                         and (c := _cost(graph, node, v, allowed)) is not None
                         and to_b[v] + c == to_b[node]), key=order)
        steps.append(_step(graph, node, following, allowed))
        node = following
    return tuple(steps)
