"""Which node a user means: a node key ("1063/KH-UBND@Kon Tum"), an id or
alias in any case and spelling ("57-nq/tw", "327/QD-UBND", "57 NQ/TW"), or
the short forms people type: a type and a number ("Nghị quyết 57",
"nghi quyet 57", "NQ 57"), or a bare number ("327").

One match is the answer; several raise AmbiguousDocument with the candidates
ranked (most mentioned first, then queries.order); none raises
UnknownDocument with close ids.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("327/QĐ-UBND@Quảng Ngãi", id="327/QĐ-UBND", type="Quyết định", aliases=["327/KH-UBND"], mentions=3)
>>> g.add_node("57-NQ/TW", id="57-NQ/TW", type="Nghị quyết", aliases=[], mentions=9)
>>> g.add_node("57/NQ-CP", id="57/NQ-CP", type="Nghị quyết", aliases=[], mentions=1)
>>> find_document(g, "327/qd-ubnd"), find_document(g, "327/KH-UBND"), find_document(g, "327")
('327/QĐ-UBND@Quảng Ngãi', '327/QĐ-UBND@Quảng Ngãi', '327/QĐ-UBND@Quảng Ngãi')
>>> find_document(g, "57-nq/tw")
'57-NQ/TW'
>>> find_document(g, "nghi quyet 57")
Traceback (most recent call last):
...
queries.lookup.AmbiguousDocument: 'nghi quyet 57' names 2 documents: 57-NQ/TW (9 mentions), 57/NQ-CP (1 mention); give one of them
"""

from __future__ import annotations

import difflib
import re
from typing import Iterable, TYPE_CHECKING

from kg.resolve import near_numbers, parse_id
from parsers.fold import plain
from parsers.vocab import VOCAB
from queries.order import document_order, node_order

if TYPE_CHECKING:  # annotations only: a command that needs no graph does not load networkx
    import networkx as nx

SUGGESTIONS = 5
# "Nghị quyết 57", "NQ số 57", "327": words (a type or its code), then a number
LEADING_DIGITS = re.compile(r"^\d+")
TYPE_AND_NUMBER = re.compile(r"^(?P<words>(?:[^\W\d_]+ )*?)(?:so )?(?P<number>\d+[a-z]?(?: \d{4})?)$")


class UnknownDocument(LookupError):
    def __init__(self, text: str, suggestions: list[str]):
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"no document {text!r} in the store{hint}")
        self.text = text
        self.suggestions = suggestions


class AmbiguousDocument(LookupError):
    def __init__(self, text: str, candidates: list[str], described: list[str] | None = None):
        super().__init__(
            f"{text!r} names {len(candidates)} documents: {', '.join(described or candidates)}; "
            "give one of them"
        )
        self.text = text
        self.candidates = candidates


def canonical(text: str) -> str:
    """The canonical id of a spelling, or the text itself when it is no id."""
    from parsers.find import canonical_id  # the extractor's own reading of ids

    return canonical_id(text) or text.strip()


def _ids(data: dict) -> list[str]:
    return [i for i in (data.get("id"), *data.get("aliases", ())) if i]


def _type_matches(words: str, data: dict, doc_id: str) -> bool:
    """``words`` (plain) name the node's type ("nghi quyet") or its type code ("nq")."""
    if not words:
        return True
    parts = parse_id(doc_id)
    code = parts.type_code if parts else None
    type_name = data.get("type") or (VOCAB.type_for_code(code) if code else None)
    return words == plain(type_name or "") or bool(code and words == plain(code))


def _by_type_and_number(graph: nx.MultiDiGraph, text: str) -> list[str]:
    """Nodes a short form names: "Nghị quyết 57", "NQ 57", "327" (any year
    part must agree: "48/2025" is "48 2025")."""
    shape = TYPE_AND_NUMBER.match(plain(text))
    if not shape:
        return []
    words, number = shape["words"].strip(), shape["number"]
    found = []
    for key, data in graph.nodes(data=True):
        for doc_id in _ids(data):
            parts = parse_id(doc_id)
            if not parts:
                continue
            serial = plain(parts.number)
            if (serial == number or serial.split()[0] == number) and _type_matches(words, data, doc_id):
                found.append(key)
                break
    return found


def _ranked(graph: nx.MultiDiGraph, keys) -> list[str]:
    order = node_order(graph)
    return sorted(set(keys), key=lambda k: (-(graph.nodes[k].get("mentions") or 0), order(k)))


def _described(graph: nx.MultiDiGraph, key: str) -> str:
    count = graph.nodes[key].get("mentions") or 0
    return f"{key} ({count} mention{'s' if count != 1 else ''})"


def find_document(graph: nx.MultiDiGraph, text: str) -> str:
    """The node key ``text`` names; raises UnknownDocument (with suggestions of
    close ids) or AmbiguousDocument (the candidates, ranked)."""
    if text in graph:
        return text
    spelling, _, jurisdiction = text.partition("@")
    wanted = {plain(canonical(spelling)), plain(spelling)}
    in_place = lambda data: not jurisdiction or plain(data.get("jurisdiction") or "") == plain(jurisdiction)
    matches = [key for key, data in graph.nodes(data=True)
               if in_place(data) and any(plain(i) in wanted for i in _ids(data))]
    if not matches:
        matches = [k for k in _by_type_and_number(graph, spelling) if in_place(graph.nodes[k])]
    matches = _ranked(graph, matches)
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise AmbiguousDocument(text, matches, [_described(graph, k) for k in matches])
    raise UnknownDocument(text, suggestions((i for _, d in graph.nodes(data=True) for i in _ids(d)), spelling))


def leading_number(spelling: str) -> str | None:
    """The digits a typed id or short form begins its number with: every
    document it can name has an id beginning with them.

    >>> leading_number("Nghị quyết 57"), leading_number("48/2025/QĐ-UBND"), leading_number("NQ")
    ('57', '48', None)
    """
    folded = plain(spelling)
    shape = TYPE_AND_NUMBER.match(folded)
    digits = LEADING_DIGITS.match(shape["number"] if shape else folded)
    return digits[0] if digits else None


def suggestions(ids: Iterable[str], spelling: str) -> list[str]:
    """Close ids among ``ids``: the same code with a number one edit away,
    else ids that read alike (of spellings that fold alike, the first by
    code point)."""
    known: dict[str, str] = {}  # plain id → id
    for doc_id in sorted(set(ids)):
        known.setdefault(plain(doc_id), doc_id)
    doc_id = canonical(spelling)
    parts = parse_id(doc_id)
    if parts:
        code = doc_id[len(parts.number):]
        near = [known[p] for n in sorted(near_numbers(parts.number)) if (p := plain(n + code)) in known]
        if near:
            return sorted(near, key=lambda i: document_order(i, {"id": i}))[:SUGGESTIONS]
    close = difflib.get_close_matches(plain(doc_id), sorted(known), n=SUGGESTIONS, cutoff=0.6)
    return [known[p] for p in close]
