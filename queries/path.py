"""Path: the shortest chain of relations between two documents, read in
either direction, each step stated in the direction its text gives.

Typed relations are tried first; only when they do not connect the two
documents are ``cites`` links (report X mentions both) used too, since any
two documents one report mentions are two ``cites`` apart.

>>> import networkx as nx
>>> from parsers.model import Evidence
>>> g = nx.MultiDiGraph()
>>> e = [Evidence("f.txt", 0, 1, "…")]
>>> _ = g.add_edge("P", "R", key="implements", evidence=e)
>>> _ = g.add_edge("Q", "P", key="promulgates", evidence=e)
>>> [(s.source, s.relation, s.target) for s in path(g, "R", "Q")]
[('P', 'implements', 'R'), ('Q', 'promulgates', 'P')]
"""

from __future__ import annotations

import networkx as nx

from queries.steps import Step

CITES = "cites"


def _step(graph: nx.MultiDiGraph, a: str, b: str, relations: set[str] | None) -> Step:
    """An edge between a and b, either way; typed relations before ``cites``."""
    edges = [(a, k, b) for k in graph.succ[a].get(b, {})] + [(b, k, a) for k in graph.succ[b].get(a, {})]
    edges = [e for e in edges if relations is None or e[1] in relations]
    source, relation, target = min(edges, key=lambda e: (e[1] == CITES, e[0] != a, e[1]))
    return Step.of_edge(graph, source, relation, target)


def _shortest(graph: nx.MultiDiGraph, a: str, b: str, relations: set[str] | None) -> tuple[Step, ...] | None:
    view = graph if relations is None else nx.subgraph_view(
        graph, filter_edge=lambda u, v, k: k in relations)
    try:
        nodes = nx.shortest_path(view.to_undirected(as_view=True), a, b)
    except nx.NetworkXNoPath:
        return None
    return tuple(_step(graph, u, v, relations) for u, v in zip(nodes, nodes[1:]))


def path(graph: nx.MultiDiGraph, a: str, b: str,
         relations: tuple[str, ...] | None = None) -> tuple[Step, ...] | None:
    """Steps from ``a`` to ``b`` (empty when a is b), or None when unconnected.
    ``relations`` restricts the relation types; by default, see module doc."""
    if relations is not None:
        return _shortest(graph, a, b, set(relations))
    typed = {k for _, _, k in graph.edges(keys=True) if k != CITES}
    return _shortest(graph, a, b, typed) or _shortest(graph, a, b, None)
