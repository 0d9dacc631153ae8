"""Saved web pages → their main text.

Scripts, styles, navigation, page header and footer, sidebars and forms'
widgets are dropped; blocks (paragraphs, headings, list items, table rows)
become lines, table cells are separated by tabs. When the page marks its
main content (<main> or role="main"), only that is kept.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from parsers.readers.text import decode_bytes, read_bounded

_DROPPED = frozenset(
    "head script style noscript template svg nav header footer aside button select iframe object".split()
)
_BLOCKS = frozenset(
    "p div br hr li ul ol dl dt dd tr table thead tbody tfoot caption h1 h2 h3 h4 h5 h6 "
    "section article main blockquote pre address figure figcaption fieldset form".split()
)
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
_CELLS = frozenset(("td", "th"))


def read_html(path: Path, max_bytes: int) -> str:
    return html_to_text(decode_bytes(read_bounded(path, max_bytes)))


def html_to_text(html: str) -> str:
    parser = _MainText()
    parser.feed(html)
    parser.close()
    return _tidy(parser.text())


class _Region:
    """Whether the parser is inside an element, counted by the element's own
    tag name, so that unclosed inner tags (<li>, <p>) cannot keep it open."""

    def __init__(self):
        self.tag: str | None = None
        self.depth = 0

    @property
    def inside(self) -> bool:
        return self.tag is not None

    def enter(self, tag: str) -> None:
        if self.tag is None:
            self.tag, self.depth = tag, 1
        elif tag == self.tag:
            self.depth += 1

    def leave(self, tag: str) -> None:
        if tag == self.tag:
            self.depth -= 1
            if self.depth == 0:
                self.tag = None


class _MainText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.page: list[str] = []  # text outside dropped elements
        self.main: list[str] = []  # the part of it inside <main>
        self.dropped, self.in_main, self.in_pre = _Region(), _Region(), _Region()
        self.cells_in_row = 0
        self.at_line_start = True

    def text(self) -> str:
        return "".join(self.main if "".join(self.main).strip() else self.page)

    def handle_starttag(self, tag, attrs):
        if self.dropped.inside or tag in _DROPPED and tag not in _VOID:
            self.dropped.enter(tag)
            return
        if self.in_main.inside or tag == "main" or ("role", "main") in attrs:
            self.in_main.enter(tag)
        if self.in_pre.inside or tag == "pre":
            self.in_pre.enter(tag)
        if tag == "tr":
            self.cells_in_row = 0
        elif tag in _CELLS:
            self.cells_in_row += 1
            if self.cells_in_row > 1:
                self._emit("\t")
        self._break_if_block(tag)

    def handle_endtag(self, tag):
        if self.dropped.inside:
            self.dropped.leave(tag)
            return
        if tag not in _VOID:
            self._break_if_block(tag)
        self.in_pre.leave(tag)
        self.in_main.leave(tag)

    def handle_data(self, data):
        if self.dropped.inside:
            return
        if not self.in_pre.inside:
            data = re.sub(r"[ \t\r\n\f]+", " ", data)
            if self.at_line_start:
                data = data.lstrip(" ")
        self._emit(data)

    def _break_if_block(self, tag):
        if tag in _BLOCKS and not self.at_line_start:
            self._emit("\n")

    def _emit(self, text):
        if not text:
            return
        self.at_line_start = text.endswith("\n")
        self.page.append(text)
        if self.in_main.inside:
            self.main.append(text)


def _tidy(text: str) -> str:
    """Trim spaces at line ends and keep at most one blank line between blocks."""
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"
