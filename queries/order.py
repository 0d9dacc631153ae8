"""The order documents are listed in: by year, then number, numerically
(04/2018 before 03/2019 before 05/2024; 9 before 10), then the id's letters,
then the node key, so that every list is the same from run to run.

The year is the one printed in the number ("48/2025/QĐ-UBND"), else the
year of the document's date; documents without a year come after those with
one, and nodes without a number (files whose header has none) last.

>>> nodes = {"a": {"id": "05/2024/QĐ-UBND"}, "b": {"id": "03/2019/QĐ-UBND"},
...          "c": {"id": "04/2018/QĐ-UBND"}, "d": {"id": "10/KH-UBND", "date": "2025-01-02"},
...          "e": {"id": "9/KH-UBND", "date": "2025-03-04"}, "f": {"id": None}}
>>> sorted(nodes, key=lambda k: document_order(k, nodes[k]))
['c', 'b', 'a', 'e', 'd', 'f']
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.resolve import parse_id

if TYPE_CHECKING:  # annotations only: a command that needs no graph does not load networkx
    import networkx as nx

YEAR_IN_NUMBER = re.compile(r"/(?P<year>\d{4})$")
SERIAL = re.compile(r"^\d+")
NO_YEAR = 10_000  # after every real year


def document_order(key: str, data: dict) -> tuple:
    """Sort key of a node from its key and attributes (see module doc)."""
    doc_id = data.get("id")
    parts = parse_id(doc_id) if doc_id else None
    if parts is None:
        return (doc_id is None, NO_YEAR, 0, doc_id or "", key)
    in_number = YEAR_IN_NUMBER.search(parts.number)
    date = data.get("date")
    year = int(in_number["year"]) if in_number else int(date[:4]) if date else NO_YEAR
    return (False, year, int(SERIAL.match(parts.number)[0]), doc_id.casefold(), key)


def node_order(graph: nx.MultiDiGraph):
    """``document_order`` of the graph's nodes, as a ``key=`` for sorted()."""
    return lambda key: document_order(key, graph.nodes[key])
