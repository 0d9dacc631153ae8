"""Where the views get the graph: the one function that reads it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from kg.graph import load_graph
from kg.store import Store, StoredConflict
from parsers.model import Evidence
from queries.status import status


@dataclass(frozen=True, slots=True)
class Document:
    key: str
    id: str | None
    type: str | None
    date: str | None
    issuer: str | None
    jurisdiction: str | None
    level: str | None
    title: str | None
    status: str
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Link:
    source: str
    relation: str
    target: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class Corpus:
    """The documents, the links between them, the conflicts, and the graph
    the lineage walks run on."""

    documents: dict[str, Document]
    links: tuple[Link, ...]
    conflicts: tuple[StoredConflict, ...]
    graph: nx.MultiDiGraph


def read_corpus(db: str | Path) -> Corpus:
    with Store(db) as store:
        graph = load_graph(store)
        conflicts = tuple(store.conflicts())
    documents = {
        key: Document(key, d.get("id"), d.get("type"), d.get("date"), d.get("issuer"),
                      d.get("jurisdiction"), d.get("level"), d.get("title"),
                      status(graph, key).state, tuple(d.get("aliases", ())))
        for key, d in graph.nodes(data=True)
    }
    links = tuple(Link(u, k, v, tuple(d["evidence"])) for u, v, k, d in graph.edges(keys=True, data=True))
    return Corpus(documents, links, conflicts, graph)
