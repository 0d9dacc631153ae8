"""kg viz: one self-contained HTML page of a lineage or of the whole graph."""

from __future__ import annotations

from pathlib import Path

from kg.model import Direction
from kg.store import Store
from visualize.render import Page, render
from visualize.scene import Scene, scene
from visualize.source import DEFAULT_LIMIT, conflicts_in, lineage_view, whole_view


def view_scene(store: Store, start: str | None, direction: Direction,
               relations: tuple[str, ...], depth: int | None = None,
               limit: int = DEFAULT_LIMIT) -> Scene:
    """The lineage around ``start`` (a node key), or the whole graph when None."""
    if start is None:
        view = whole_view(store, relations, limit)
        return scene(view, conflicts_in(store, view), "Đồ thị văn bản")
    view = lineage_view(store, start, direction, relations, depth, limit)
    label = next((d.id for d in view.part.documents if d.key == start), None) or start
    return scene(view, conflicts_in(store, view), f"Phả hệ của {label}")


def view_html(view: Scene) -> str:
    return render(view, "view.html", Page.self_contained(view.title, "kg-viz"))


def write_view(view: Scene, out: Path) -> int:
    """Write the page; returns its size in bytes."""
    html = view_html(view)
    out.write_text(html, encoding="utf-8")
    return len(html.encode("utf-8"))
