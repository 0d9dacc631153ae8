"""kg viz: one self-contained HTML page of a lineage or of the whole graph."""

from __future__ import annotations

from pathlib import Path

from visualize.render import Page, render
from visualize.scene import DEFAULT_LIMIT, Direction, Scene, around, scene, whole
from visualize.source import Corpus


def view_scene(corpus: Corpus, start: str | None, direction: Direction,
               relations: tuple[str, ...], depth: int | None = None,
               limit: int = DEFAULT_LIMIT) -> Scene:
    if start is None:
        selection = whole(corpus, relations, limit)
        title = "Đồ thị văn bản"
    else:
        selection = around(corpus, start, direction, relations, depth, limit)
        document = corpus.documents[start]
        title = f"Phả hệ của {document.id or start}"
    return scene(corpus, selection, title)


def write_view(view: Scene, out: Path) -> int:
    """Write the page; returns its size in bytes."""
    html = render(view, "view.html", Page.self_contained(view.title, "kg-viz"))
    out.write_text(html, encoding="utf-8")
    return len(html.encode("utf-8"))
