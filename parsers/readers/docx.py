"""Word .docx → text: paragraphs and tables in document order, with footnotes.

A .docx is a zip archive of XML parts; the standard library reads it. The
text follows the convention of the samples (converted from Word):
- a table row is one line, its cells separated by tabs (several paragraphs
  in one cell are separate lines);
- a footnote reference is written "[footnoteRef:N]" where it stands, and
  the footnote's text "[N: …]" after the end of its paragraph, N counting
  the notes in order as Word numbers them on the page. Endnotes go the same way.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from typing import Iterator
from xml.etree import ElementTree

from parsers.readers import Unreadable, too_large

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"

# Bounds against zip bombs and generated files, relative to the text limit
# (KG_MAX_TEXT_MB), checked while inflating and parsing, whatever the zip
# header declares. (The parser is expat, which refuses entity expansion
# attacks on its own.)
# - XML of one part: markup is some 3-10 times the text it holds.
XML_PER_TEXT = 8
# - paragraphs: a page holds ~40, and 20 MB of text is ~10,000 pages.
PARAGRAPHS_PER_MB = 50_000
# - XML elements of one block (a paragraph, a table row), which is held as a
#   tree while it is read: a few thousand in a real one; some 100 bytes each.
ELEMENTS_PER_MB = 16_384
# Inflated and parsed this much at a time: the elements of one chunk are in
# memory at once (64 KB of "<w:p/>" is 11,000 elements, ~2 MB).
CHUNK_BYTES = 2**16

# Elements inside a paragraph that stand for a character.
_CHARACTERS = {W + "tab": "\t", W + "br": "\n", W + "cr": "\n", W + "noBreakHyphen": "-"}
_NOTE_REFERENCES = {W + "footnoteReference": "footnote", W + "endnoteReference": "endnote"}
_DOCUMENT = "word/document.xml"


def read_docx(path: Path, max_bytes: int) -> str:
    budget = _Budget(max_bytes)
    try:
        with zipfile.ZipFile(path) as archive:
            if _DOCUMENT not in archive.namelist():
                raise Unreadable("a zip archive, but not a Word document (no word/document.xml)")
            notes = {**_notes(archive, "footnote", budget), **_notes(archive, "endnote", budget)}
            renderer = _Renderer(notes)
            return "".join(budget.text(renderer.block(block))
                           for block in _blocks_of(W + "body", _events(archive, _DOCUMENT, budget), budget))
    except (Unreadable, RecursionError):  # RecursionError: read.py names it
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as err:
        raise Unreadable(f"damaged or truncated DOCX: {err}") from err
    except (NotImplementedError, RuntimeError) as err:  # encrypted, or a zip feature Python lacks
        raise Unreadable(f"unreadable DOCX: {err}") from err


class _Budget:
    """What is left of the bounds of one document, spent as it is read."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.max_xml = XML_PER_TEXT * max_bytes
        self.max_paragraphs = int(PARAGRAPHS_PER_MB * max_bytes / 2**20)
        self.max_block_elements = int(ELEMENTS_PER_MB * max_bytes / 2**20)
        self.chars = self.paragraphs = self.elements_in_block = 0

    def xml(self, name: str, inflated: int) -> None:
        if inflated > self.max_xml:
            raise Unreadable(f"DOCX part {name} inflates to over {self.max_xml / 2**20:g} MB of XML "
                             f"(a zip bomb or a generated file; limit {XML_PER_TEXT} × KG_MAX_TEXT_MB)")

    def element(self, is_paragraph: bool) -> None:
        self.elements_in_block += 1
        if self.elements_in_block > self.max_block_elements:
            raise Unreadable(f"a paragraph or table row of over {self.max_block_elements} XML elements "
                             f"(a generated file; limit {ELEMENTS_PER_MB} per MB of KG_MAX_TEXT_MB)")
        if is_paragraph:
            self.paragraphs += 1
            if self.paragraphs > self.max_paragraphs:
                raise Unreadable(f"over {self.max_paragraphs} paragraphs (a generated file; limit "
                                 f"{PARAGRAPHS_PER_MB} per MB of KG_MAX_TEXT_MB)")

    def block_done(self) -> None:
        self.elements_in_block = 0

    def text(self, text: str) -> str:
        self.chars += len(text)
        if self.chars > self.max_bytes:
            raise too_large(self.max_bytes)
        return text


def _events(archive: zipfile.ZipFile, name: str, budget: _Budget) -> Iterator[tuple[str, ElementTree.Element]]:
    """Start and end events of a part's XML, inflated and parsed a chunk at a
    time (so a header that lies about the size does not matter), paragraphs
    counted."""
    parser = ElementTree.XMLPullParser(("start", "end"))
    inflated = 0
    try:
        with archive.open(name) as part:
            while chunk := part.read(CHUNK_BYTES):
                inflated += len(chunk)
                budget.xml(name, inflated)
                parser.feed(chunk)
                yield from _counted(parser.read_events(), budget)
        parser.close()
        yield from _counted(parser.read_events(), budget)
    except ElementTree.ParseError as err:
        raise Unreadable(f"damaged DOCX: {name} is not well-formed XML ({err})") from err


def _counted(events, budget: _Budget):
    for event, element in events:
        if event == "start":
            budget.element(element.tag == W + "p")
        yield event, element


def _blocks_of(container: str, events, budget: _Budget) -> Iterator[ElementTree.Element]:
    """The blocks of the first `container` element, each once complete: its
    children, but a table row by row (a table may be a whole annex). Each is
    then dropped from the tree, so that memory holds about one block at a time."""
    path: list[ElementTree.Element] = []  # the open elements, from the root
    dropped = _Dropper()
    for event, element in events:
        if event == "start":
            path.append(element)
            continue
        path.pop()
        parent = path[-1].tag if path else None
        in_container = parent == container
        if not in_container and not (element.tag == W + "tr" and parent == W + "tbl"
                                     and len(path) > 1 and path[-2].tag == container):
            continue
        if not (in_container and element.tag == W + "tbl"):  # such a table was yielded row by row
            yield element
        budget.block_done()
        dropped.drop(path[-1], element)


class _Dropper:
    """Drops done children from their parent in batches: they lead its list,
    and dropping them one at a time would be quadratic."""

    BATCH = 1024

    def __init__(self):
        self.done: dict[int, int] = {}

    def drop(self, parent: ElementTree.Element, child: ElementTree.Element) -> None:
        child.clear()
        done = self.done.get(id(parent), 0) + 1
        if done == self.BATCH:
            del parent[:done]
            done = 0
        self.done[id(parent)] = done


def _notes(archive: zipfile.ZipFile, kind: str, budget: _Budget) -> dict[tuple[str, str], str]:
    """(kind, id) → the text of each footnote or endnote of word/{kind}s.xml."""
    name = f"word/{kind}s.xml"
    if name not in archive.namelist():
        return {}
    renderer = _Renderer({})  # a note holds no notes
    notes = {}
    for note in _blocks_of(W + kind + "s", _events(archive, name, budget), budget):
        paragraphs = (renderer.paragraph(p) for p in note.iter(W + "p"))
        notes[(kind, note.get(W + "id"))] = " ".join(text.strip() for text in paragraphs if text.strip())
    return notes


class _Renderer:
    """Renders blocks in document order; numbers the notes as it meets them."""

    def __init__(self, notes: dict[tuple[str, str], str]):
        self.notes = notes
        self.note_count = 0

    def block(self, block: ElementTree.Element) -> str:
        """A paragraph, table or content control as text; "" for anything else."""
        if block.tag == W + "p":
            return self.paragraph(block) + "\n"
        if block.tag == W + "tbl":
            return "".join(map(self.row, block.findall(W + "tr")))
        if block.tag == W + "tr":  # a row of a table read row by row
            return self.row(block)
        if block.tag == W + "sdt":  # a content control wraps ordinary blocks
            return self.blocks(block.find(W + "sdtContent"))
        return ""

    def blocks(self, parent: ElementTree.Element | None) -> str:
        """The blocks directly in `parent` (a cell, a content control)."""
        return "".join(self.block(child) for child in (parent if parent is not None else ()))

    def row(self, row: ElementTree.Element) -> str:
        cells = (self.blocks(cell).rstrip("\n") for cell in row.findall(W + "tc"))
        return "\t".join(cells) + "\n"

    def paragraph(self, paragraph: ElementTree.Element) -> str:
        parts: list[str] = []
        notes: list[str] = []
        self._inline(paragraph, parts, notes)
        return "".join(parts) + "".join(f" [{note}]" for note in notes)

    def _inline(self, element: ElementTree.Element, parts: list[str], notes: list[str]) -> None:
        """Text of runs, in order; descends into hyperlinks, insertions, fields.

        Deleted text (w:delText) and field codes (w:instrText) are not w:t and
        so are left out.
        """
        for child in element:
            tag = child.tag
            if tag == W + "t":
                parts.append(child.text or "")
            elif tag in _CHARACTERS:
                parts.append(_CHARACTERS[tag])
            elif tag in _NOTE_REFERENCES:
                self.note_count += 1
                parts.append(f"[footnoteRef:{self.note_count}]")
                notes.append(f"{self.note_count}: {self._note_text(_NOTE_REFERENCES[tag], child)}")
            elif tag == W + "p":  # a paragraph of a text box, inside a run
                self._inline(child, parts, notes)
                parts.append("\n")
            elif tag != FALLBACK:  # a Fallback repeats its Choice
                self._inline(child, parts, notes)

    def _note_text(self, kind: str, reference: ElementTree.Element) -> str:
        return self.notes.get((kind, reference.get(W + "id")), "")
