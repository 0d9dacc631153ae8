"""Which node a user means: an id in any spelling the extractor understands
("327/QD-UBND", "57 NQ/TW"), an alias, or a node key ("1063/KH-UBND@Kon Tum").

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("327/QĐ-UBND@Quảng Ngãi", id="327/QĐ-UBND", aliases=["327/KH-UBND"])
>>> find_document(g, "327/QD-UBND"), find_document(g, "327/KH-UBND")
('327/QĐ-UBND@Quảng Ngãi', '327/QĐ-UBND@Quảng Ngãi')
"""

from __future__ import annotations

import difflib
from typing import Callable, Iterable

import networkx as nx

from parsers.fold import plain


class UnknownDocument(LookupError):
    def __init__(self, text: str, suggestions: list[str]):
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"no document {text!r} in the store{hint}")
        self.text = text
        self.suggestions = suggestions


class AmbiguousDocument(LookupError):
    def __init__(self, text: str, candidates: list[str]):
        super().__init__(
            f"{text!r} names {len(candidates)} documents: {', '.join(candidates)}; "
            "give one of these keys"
        )
        self.text = text
        self.candidates = candidates


def canonical(text: str) -> str:
    """The canonical id of a spelling, or the text itself when it is no id."""
    from parsers.find import canonical_id  # the extractor's own reading of ids

    return canonical_id(text) or text.strip()


def find_document(graph: nx.MultiDiGraph, text: str) -> str:
    """The node key ``text`` names; raises UnknownDocument (with suggestions of
    close ids) or AmbiguousDocument (one id in several jurisdictions)."""
    if text in graph:
        return text

    def known() -> Iterable[str]:
        for _, data in graph.nodes(data=True):
            yield from ([data["id"]] if data.get("id") else [])
            yield from data.get("aliases", ())

    return choose_document(text, graph.nodes(data=True), known)


def choose_document(text: str, candidates: Iterable[tuple[str, dict]],
                    known: Callable[[], Iterable[str]]) -> str:
    """The one of ``candidates`` (node key, attributes) that ``text`` names:
    same canonical id or alias, and jurisdiction when "@…" gives one;
    ``known()`` lists every id, for the suggestions of UnknownDocument."""
    spelling, _, jurisdiction = text.partition("@")
    doc_id = canonical(spelling)
    matches = sorted(
        key for key, data in candidates
        if (data.get("id") == doc_id or doc_id in data.get("aliases", ()))
        and (not jurisdiction or plain(data.get("jurisdiction") or "") == plain(jurisdiction))
    )
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise AmbiguousDocument(text, matches)
    raise UnknownDocument(text, difflib.get_close_matches(doc_id, sorted(set(known())), n=5, cutoff=0.6))
