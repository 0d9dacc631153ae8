"""The networkx view of the store, which the queries in queries/ read.

One node per document of the graph model (kg/model.py), keyed by its node
key ("57-NQ/TW", "359-KH/TU@Quảng Ngãi", "file:/…/report.txt"), its
attributes the fields of ``kg.model.Document`` (id, type, date, issuer,
issuer_code, jurisdiction, title, aliases, level, mentions, status, …).
One edge per (source, target, relation type), keyed by the relation type,
its ``evidence`` the list of every place (parsers.model.Evidence) that states it.

A command builds the graph of the part it answers from (``part_graph`` of a
``kg.model.Subgraph``: a lineage, a replacement chain, one document's
links); ``load_graph`` reads the whole store, for what needs all of it.
"""

from __future__ import annotations

from typing import Iterable

import networkx as nx

from kg.model import Document, Link, Subgraph, documents, links
from kg.store import Store


def attributes(document: Document) -> dict:
    """A document's fields as node attributes (its key is the node itself)."""
    data = document.to_json()
    del data["key"]
    return data


def graph_of(documents: Iterable[Document], links: Iterable[Link]) -> nx.MultiDiGraph:
    """The graph of these documents and links (links in the store's order:
    by file and offset, so every edge lists its evidence in that order)."""
    graph = nx.MultiDiGraph()
    for document in documents:
        graph.add_node(document.key, **attributes(document))
    for link in links:
        if graph.has_edge(link.source, link.target, key=link.relation):
            graph.edges[link.source, link.target, link.relation]["evidence"].append(link.evidence)
        else:
            graph.add_edge(link.source, link.target, key=link.relation, type=link.relation,
                           evidence=[link.evidence])
    return graph


def part_graph(part: Subgraph) -> nx.MultiDiGraph:
    return graph_of(part.documents, part.links)


def load_graph(store: Store) -> nx.MultiDiGraph:
    return graph_of(documents(store), links(store))
