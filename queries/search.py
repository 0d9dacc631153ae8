"""Search documents by their attributes, and list who cites a document.

Text is compared folded (case and diacritics ignored, OCR look-alikes
mapped), so "ke hoach" finds "Kế hoạch" and "tinh hinh" a title "Tình hình…".

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("a", id="1/KH-UBND", type="Kế hoạch", issuer=None, issuer_code="UBND",
...            jurisdiction="Quảng Ngãi", date="2025-05-26", title="Kế hoạch chuyển đổi số")
>>> search(g.nodes(data=True), type="ke hoach", issuer="UBND", date_from="2025-01-01", text="chuyen doi")
['a']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, TYPE_CHECKING

from parsers.fold import plain
from queries.order import document_order, node_order
from queries.steps import Step

if TYPE_CHECKING:  # annotations only: a command that needs no graph does not load networkx
    import networkx as nx


def _contains(value: str | None, wanted: str | None) -> bool:
    return wanted is None or (value is not None and plain(wanted) in plain(value))


def _issued_by(data: dict, issuer: str | None) -> bool:
    """The issuer named, or its code ("UBND", "TU") given exactly."""
    code = data.get("issuer_code")
    return _contains(data.get("issuer"), issuer) or bool(code and plain(code) == plain(issuer))


def search(nodes: Iterable[tuple[str, dict]], *, type: str | None = None, issuer: str | None = None,
           jurisdiction: str | None = None, date_from: str | None = None,
           date_to: str | None = None, text: str | None = None) -> list[str]:
    """Keys of the ``nodes`` (key, attributes: a graph's ``nodes(data=True)``,
    or documents read from the store) matching every criterion given, by
    date (undated last), then in queries.order.

    ``type``, ``issuer`` (its name or its code: "UBND"), ``jurisdiction``
    match as folded substrings; dates are ISO "YYYY-MM-DD", inclusive, and
    exclude undated documents; ``text``: every word in the subject line.
    """
    words = plain(text).split() if text else []
    found = {}
    for key, d in nodes:
        date = d.get("date")
        if not (_contains(d.get("type"), type)
                and _issued_by(d, issuer)
                and _contains(d.get("jurisdiction"), jurisdiction)
                and (date_from is None or (date is not None and date >= date_from))
                and (date_to is None or (date is not None and date <= date_to))
                and all(w in plain(d.get("title") or "") for w in words)):
            continue
        found[key] = d
    return sorted(found, key=lambda k: (found[k].get("date") is None, found[k].get("date") or "",
                                        document_order(k, found[k])))


@dataclass(frozen=True, slots=True)
class Citing:
    """A document that names ``cited``, and every relation it states to it."""

    source: str
    steps: tuple[Step, ...]

    def to_json(self) -> dict:
        return {"source": self.source, "steps": [s.to_json() for s in self.steps]}


def cited_by(graph: nx.MultiDiGraph, node: str) -> list[Citing]:
    """Documents with any relation to ``node`` (``cites`` included), in
    queries.order, each one's relations by name."""
    order = node_order(graph)
    steps: dict[str, list[Step]] = {}
    edges = sorted(graph.in_edges(node, keys=True), key=lambda e: (order(e[0]), e[2]))
    for source, _, relation in edges:
        if source != node:
            steps.setdefault(source, []).append(Step.of_edge(graph, source, relation, node))
    return [Citing(source, tuple(s)) for source, s in steps.items()]
