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
# A guard against zip bombs: the XML of a 1,000-page report is ~20 MB. (The
# parser is expat, which refuses entity expansion attacks on its own.)
MAX_XML_BYTES = 64 * 2**20

# Elements inside a paragraph that stand for a character.
_CHARACTERS = {W + "tab": "\t", W + "br": "\n", W + "cr": "\n", W + "noBreakHyphen": "-"}
_NOTE_REFERENCES = {W + "footnoteReference": "footnote", W + "endnoteReference": "endnote"}


def read_docx(path: Path, max_bytes: int) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            document = _parse_part(archive, "word/document.xml")
            if document is None:
                raise Unreadable("a zip archive, but not a Word document (no word/document.xml)")
            notes = {**_notes(archive, "footnote"), **_notes(archive, "endnote")}
    except Unreadable:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as err:
        raise Unreadable(f"damaged or truncated DOCX: {err}") from err
    except (NotImplementedError, RuntimeError) as err:  # encrypted, or a zip feature Python lacks
        raise Unreadable(f"unreadable DOCX: {err}") from err
    text = "".join(_Renderer(notes).blocks(document.find(W + "body")))
    if len(text) > max_bytes:
        raise too_large(max_bytes)
    return text


def _parse_part(archive: zipfile.ZipFile, name: str) -> ElementTree.Element | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_XML_BYTES:
        raise Unreadable(f"DOCX part {name} is too large ({info.file_size // 2**20} MB of XML)")
    try:
        return ElementTree.fromstring(archive.read(info))
    except ElementTree.ParseError as err:
        raise Unreadable(f"damaged DOCX: {name} is not well-formed XML ({err})") from err


def _notes(archive: zipfile.ZipFile, kind: str) -> dict[tuple[str, str], ElementTree.Element]:
    """(kind, id) → the footnote or endnote element, from word/{kind}s.xml."""
    part = _parse_part(archive, f"word/{kind}s.xml")
    if part is None:
        return {}
    return {(kind, note.get(W + "id")): note for note in part.iter(W + kind)}


class _Renderer:
    """Walks the body in document order; numbers the notes as it meets them."""

    def __init__(self, notes: dict[tuple[str, str], ElementTree.Element]):
        self.notes = notes
        self.note_count = 0

    def blocks(self, parent: ElementTree.Element | None) -> Iterator[str]:
        """Paragraphs and tables directly in `parent` (body, cell, content control)."""
        for child in parent if parent is not None else ():
            if child.tag == W + "p":
                yield self.paragraph(child) + "\n"
            elif child.tag == W + "tbl":
                yield from self.table(child)
            elif child.tag == W + "sdt":  # a content control wraps ordinary blocks
                yield from self.blocks(child.find(W + "sdtContent"))

    def table(self, table: ElementTree.Element) -> Iterator[str]:
        for row in table.findall(W + "tr"):
            cells = ("".join(self.blocks(cell)).rstrip("\n") for cell in row.findall(W + "tc"))
            yield "\t".join(cells) + "\n"

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
        note = self.notes.get((kind, reference.get(W + "id")))
        if note is None:
            return ""
        paragraphs = (self.paragraph(p) for p in note.iter(W + "p"))
        return " ".join(text.strip() for text in paragraphs if text.strip())
