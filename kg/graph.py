"""The networkx view of the store, which the queries in queries/ read.

One node per resolved document, keyed by its node key ("57-NQ/TW",
"359-KH/TU@Quảng Ngãi", "file:/…/report.txt"), with the attributes
id, type, date, issuer, issuer_code, jurisdiction, title, aliases (the ids of
its other spellings), level, mentions (how many times the corpus names it).
One edge per (source, target, relation type), keyed by the relation type,
its ``evidence`` the list of every place (parsers.model.Evidence) that states it.
"""

from __future__ import annotations

import networkx as nx

from kg.store import Store

NODE_ATTRIBUTES = (
    "id", "type", "date", "issuer", "issuer_code", "jurisdiction", "title", "level", "mentions",
)


def load_graph(store: Store) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    for node in store.nodes():
        graph.add_node(node.key, **{a: getattr(node, a) for a in NODE_ATTRIBUTES},
                       aliases=list(node.aliases))
    for edge in store.edges():
        for key, doc_id in ((edge.source, edge.source_id), (edge.target, edge.target_id)):
            if key not in graph:  # an endpoint no mention names: keep it, bare
                graph.add_node(key, **dict.fromkeys(NODE_ATTRIBUTES), aliases=[])
                graph.nodes[key]["id"] = doc_id
        if graph.has_edge(edge.source, edge.target, key=edge.type):
            graph.edges[edge.source, edge.target, edge.type]["evidence"].append(edge.evidence)
        else:
            graph.add_edge(edge.source, edge.target, key=edge.type, type=edge.type,
                           evidence=[edge.evidence])
    return graph
