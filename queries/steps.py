"""One step of an answer: an edge of the graph with the evidence stating it."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from parsers.model import Evidence


@dataclass(frozen=True, slots=True)
class Step:
    """``source`` --relation--> ``target``, in the direction the text states it."""

    source: str
    relation: str
    target: str
    evidence: tuple[Evidence, ...]

    @classmethod
    def of_edge(cls, graph: nx.MultiDiGraph, source: str, relation: str, target: str) -> Step:
        return cls(source, relation, target,
                   tuple(graph.edges[source, target, relation]["evidence"]))

    def to_json(self) -> dict:
        return {"source": self.source, "relation": self.relation, "target": self.target,
                "evidence": [e.to_json() for e in self.evidence]}
