"""One step of an answer: an edge of the graph with the evidence stating it."""

from __future__ import annotations

from typing import TYPE_CHECKING
from dataclasses import dataclass

from parsers.model import Evidence

if TYPE_CHECKING:  # annotations only: a command that needs no graph does not load networkx
    import networkx as nx

CITES = "cites"  # the untyped relation: a document names another


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


def without_restated_cites(steps: list[Step]) -> list[Step]:
    """``steps`` less the ``cites`` evidence that only restates a typed
    relation between the same two documents ("Căn cứ Luật X" is based_on X,
    not based_on X and cites X); a ``cites`` left without evidence goes.

    >>> e = Evidence("f.txt", 0, 20, "Căn cứ Luật số 1/QH15")
    >>> steps = [Step("A", "based_on", "B", (e,)), Step("A", "cites", "B", (e,)),
    ...          Step("A", "cites", "C", (e,))]
    >>> [(s.relation, s.target) for s in without_restated_cites(steps)]
    [('based_on', 'B'), ('cites', 'C')]
    """
    stated: dict[frozenset, set] = {}
    for s in steps:
        if s.relation != CITES:
            stated.setdefault(frozenset((s.source, s.target)), set()).update(
                (e.file, e.start, e.end) for e in s.evidence)
    kept = []
    for s in steps:
        if s.relation == CITES:
            restated = stated.get(frozenset((s.source, s.target)), set())
            evidence = tuple(e for e in s.evidence if (e.file, e.start, e.end) not in restated)
            if not evidence:
                continue
            s = Step(s.source, s.relation, s.target, evidence)
        kept.append(s)
    return kept
