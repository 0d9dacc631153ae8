"""Evidence as a reader wants it: the part of a sentence that states a step,
centred on its cue and the cited number (never cut before them), and where
it is, as ``path:line:col``.

Offsets in the store are character offsets into the file's NFC text
(parsers.read). Lines are counted by reading the file again, when it is
still there and unchanged since it was stored (same SHA-256); otherwise the
place is given as a character offset, saying why, which stays true whatever
became of the file.

>>> s = "Căn cứ Luật Tổ chức chính quyền địa phương; thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024"
>>> text, start = quote(s, "implements", ["57-NQ/TW"], width=40)
>>> text, start
('… thực hiện Nghị quyết số 57-NQ/TW …', 54)
>>> line_and_column([0, 10, 25], 12)
(2, 3)
"""

from __future__ import annotations

import bisect
import hashlib
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Callable, Collection

from parsers.find import find_references
from parsers.fold import FoldedText
from parsers.read import ReadError, choose_reader, read_text
from parsers.readers.ocr import read_image
from parsers.vocab import VOCAB

QUOTE_WIDTH = 160  # characters of a sentence shown around its cue and number
ELLIPSIS = "…"


@cache
def _cues(relation: str) -> tuple[str, ...]:
    return next((r.cues for r in VOCAB.relation_types if r.name == relation), ())


def anchors(sentence: str, relation: str, cited_ids: Collection[str]
            ) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """Spans in the sentence of the cited reference (its first reading as one
    of ``cited_ids``) and of the cue of ``relation`` nearest before it."""
    folded = FoldedText(sentence)
    cited = next(((f.span.start, f.span.end) for f in find_references(sentence, folded)
                  if f.id in cited_ids), None)
    cue = None
    if cues := _cues(relation):
        found = [m for i in range(len(folded.words)) if (m := folded.best_phrase_at(i, cues))]
        before = [m for m in found if cited is None or m.end <= cited[0]]
        if before or found:
            match = before[-1] if before else found[0]
            cue = (match.start, match.end)
    return cited, cue


def quote(sentence: str, relation: str, cited_ids: Collection[str], width: int = QUOTE_WIDTH,
          full: bool = False) -> tuple[str, int]:
    """The quoted part of ``sentence`` (blanks collapsed, ``…`` where cut) and
    the offset in the sentence of the cited reference (0 if not found)."""
    cited, cue = anchors(sentence, relation, cited_ids)
    number_at = cited[0] if cited else 0
    if full or len(sentence) <= width:
        return " ".join(sentence.split()), number_at
    spans = [s for s in (cited, cue) if s]
    low = min((s for s, _ in spans), default=0)
    high = max((e for _, e in spans), default=0)
    if high - low >= width:  # the cue and the number are far apart: all between them
        left, right = low, high
    else:  # as much on each side, more on one side where the other ends
        left = max(0, low - (width - (high - low)) // 2)
        right = min(len(sentence), left + width)
        left = max(0, right - width)
    if left > 0:  # cut at a blank, not inside a word
        blank = sentence.find(" ", left, low)
        left = blank + 1 if blank != -1 else left
    if right < len(sentence):
        blank = sentence.rfind(" ", high, right)
        right = blank if blank != -1 else right
    text = " ".join(sentence[left:right].split())
    return (ELLIPSIS + " " if left > 0 else "") + text + (" " + ELLIPSIS if right < len(sentence) else ""), number_at


def line_and_column(line_starts: list[int], offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = bisect.bisect_right(line_starts, offset)
    return line, offset - line_starts[line - 1] + 1


def shown_path(path: str, start: str | None = None) -> str:
    """A stored (absolute) path as the user would type it from here (or from
    ``start``): relative to that folder, unless the two share nothing but the root.

    >>> shown_path("/srv/docs/a.txt", start="/srv/kg"), shown_path("/srv/a.txt", start="/home")
    ('../docs/a.txt', '/srv/a.txt')
    """
    here = start or os.getcwd()
    if not os.path.isabs(path) or os.path.commonpath([here, path]) == os.sep:
        return path
    return os.path.relpath(path, here)


@dataclass(frozen=True, slots=True)
class Place:
    file: str
    offset: int
    line: int | None = None
    column: int | None = None
    why_no_line: str | None = None  # "file gone", "file changed since it was stored"

    def __str__(self) -> str:
        if self.line is not None:
            return f"{shown_path(self.file)}:{self.line}:{self.column}"
        return f"{shown_path(self.file)}, character {self.offset}, {self.why_no_line}"

    def to_json(self) -> dict:
        return {"file": self.file, "offset": self.offset, "line": self.line, "column": self.column}


class Locator:
    """Places of offsets, reading each file at most once; ``stored_hash``
    gives the SHA-256 the store holds for a path."""

    def __init__(self, stored_hash: Callable[[str], str | None]):
        self.stored_hash = stored_hash
        self._lines: dict[str, list[int] | str] = {}

    def place(self, file: str, offset: int) -> Place:
        if file not in self._lines:
            self._lines[file] = self._line_starts(file)
        starts = self._lines[file]
        if isinstance(starts, str):
            return Place(file, offset, why_no_line=starts)
        line, column = line_and_column(starts, offset)
        return Place(file, offset, line, column)

    def _line_starts(self, file: str) -> list[int] | str:
        """Where each line of the file's text starts, or why it cannot be known."""
        path = Path(file)
        try:
            if hashlib.sha256(path.read_bytes()).hexdigest() != self.stored_hash(file):
                return "file changed since it was stored"
            if choose_reader(path) is read_image:
                return "a scan: lines are not counted again"  # OCR again would take minutes
            text = read_text(path)
        except FileNotFoundError:
            return "file gone"
        except (OSError, ReadError) as err:
            return f"file unreadable now: {err}"
        return [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
