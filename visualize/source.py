"""What the views read of the graph: the graph model (kg/model.py) and the
store's conflicts. A view is a ``Subgraph`` of the model, with the document
it is centred on and, when it was cut to its bound, a message saying so.

The whole graph is never held: ``whole_view`` streams the links once to
count each document's links and asks the model for the most linked ones.
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass
from typing import Iterable

from kg.model import Direction, Subgraph, documents, links, reach, subgraph
from kg.store import Store, StoredConflict

DEFAULT_LIMIT = 1500  # documents of a view: vis-network stays fluid up to a few thousand


@dataclass(frozen=True, slots=True)
class View:
    part: Subgraph
    start: str | None
    message: str | None  # set when the view was cut to its bound


def nearest(pairs: Iterable[tuple[str, str]], start: str, limit: int) -> list[str]:
    """The ``limit`` documents nearest to ``start`` along the links ``pairs``
    (source, target: followed either way), breadth first, ties by key."""
    neighbours: dict[str, set[str]] = {}
    for source, target in pairs:
        neighbours.setdefault(source, set()).add(target)
        neighbours.setdefault(target, set()).add(source)
    order, queue = [start], deque([start])
    seen = {start}
    while queue and len(order) < limit:
        for other in sorted(neighbours.get(queue.popleft(), ()) - seen):
            seen.add(other)
            order.append(other)
            queue.append(other)
    return order[:limit]


def lineage_view(store: Store, start: str, direction: Direction, relations: tuple[str, ...],
                 depth: int | None = None, limit: int = DEFAULT_LIMIT) -> View:
    """The lineage of ``start`` (up, down or both along ``relations``), its
    ``limit`` nearest documents when it has more: the reach and its links
    are read without evidence, only the documents kept in full."""
    reached = reach(store, start, relations, direction, depth)
    if len(reached) <= limit:
        return View(subgraph(store, reached, relations), start, None)
    pairs = ((s, t) for s, _, t in store.edge_rows_at(reached, relations, outgoing=True) if t in reached)
    kept = nearest(pairs, start, limit)
    message = (f"{len(reached):,} documents in this lineage; showing the {limit:,} "
               f"nearest (--limit N, or --depth N)")
    return View(subgraph(store, kept, relations), start, message)


def whole_view(store: Store, relations: tuple[str, ...], limit: int = DEFAULT_LIMIT) -> View:
    """Every document, or the ``limit`` most linked ones when there are more."""
    degree: Counter[str] = Counter()
    for link in links(store):
        if link.relation in relations:
            degree[link.source] += 1
            degree[link.target] += 1
    keys = [d.key for d in documents(store)]
    message = None
    if len(keys) > limit:
        message = (f"the graph has {len(keys):,} documents; showing the {limit:,} most linked "
                   f"(--limit N, or give an ID for its lineage)")
        keys = sorted(keys, key=lambda k: (-degree[k], k))[:limit]
    return View(subgraph(store, keys, relations), None, message)


def conflicts(store: Store) -> tuple[StoredConflict, ...]:
    return tuple(store.conflicts())


def conflicts_in(store: Store, view: View) -> tuple[StoredConflict, ...]:
    """The conflicts of the documents a view shows (a national store holds
    many more)."""
    return tuple(store.conflicts_of(d.key for d in view.part.documents))
