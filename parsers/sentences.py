"""Sentences and list items of a text, as spans: the units that a date, an
issuer or a relation cue may reach across.

Lines wrap anywhere in OCR output, so a line break alone does not end a
sentence; a full stop, a blank line, a bullet at the start of a line, or a
footnote ("[2: …]", or a numbered footnote line) does.

>>> text = "- Ban hành Kế hoạch A. Thực hiện B;\\n+ Tiếp theo"
>>> [text[s.start:s.end] for s in split_sentences(text)]
['- Ban hành Kế hoạch A.', ' Thực hiện B;', '\\n+ Tiếp theo']
"""

from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass
from functools import cache

import regex

from parsers.model import Span
from parsers.vocab import VOCAB


@cache
def _letters_on() -> dict[str, str]:
    """Every letter written on each base letter ("a": a, ă, â, á, ắ, …; "d":
    đ too), from one pass over the Latin letters with marks."""
    letters: dict[str, set[str]] = {"d": {"đ"}, "D": {"Đ"}}
    for c in map(chr, [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]):  # Latin with marks
        letters.setdefault(unicodedata.normalize("NFD", c)[0], set()).add(c)
    return {base: "".join(sorted(on | {base})) for base, on in letters.items()}


def _letters_of(base: str) -> str:
    return _letters_on().get(base, base)


def loose(phrase: str) -> str:
    """A pattern for ``phrase`` with its diacritics lost or changed and its
    first letter a capital: "căn cứ" matches "Căn cứ" and "Can cu".

    >>> bool(regex.fullmatch(loose("căn cứ"), "Can cu")), bool(regex.fullmatch(loose("căn cứ"), "can cu"))
    (True, False)
    """
    folded = "".join("d" if c in "đĐ" else unicodedata.normalize("NFD", c)[0] for c in phrase)
    folded = folded[:1].upper() + folded[1:]
    return "".join(r"[ \t]+" if c == " " else f"[{regex.escape(_letters_of(c))}]" for c in folded)


# A line opening with "Căn cứ", "Theo đề nghị của", "Xét" starts a clause of a
# preamble, even when the line before it does not end with ";".
CLAUSE_OPENING_LINE = r"(?=\n[ \t*_>]*(?:{})(?!\w))".format(
    "|".join(loose(p) for p in VOCAB.relation_words["clause_openers"]))

# Where a sentence ends: after a full stop (not inside "v.v." or a number
# such as "1.808"), before a bullet or a numbered heading at a line start,
# at a blank line, and around footnote text "[N: …]". Each boundary is the
# start or the end of a match of its own pattern: separate passes that each
# scan fast, where one alternation of look-arounds tries every position.
BOUNDARIES = (
    (regex.compile(r"(?<=[^\d\s.])[.!?](?=\s)"), "end"),                    # "… năm 2030." then space
    (regex.compile(r"\.(?=\s+(?:\(\d+\)|\d+[.)]\s|[-+•·]\s))"), "end"),      # ". (2) …", ". - …"
    (regex.compile(r"\n(?=[ \t]*(?:[-+•·~]\s|\d+(?:\.\d+)*[.)]\s|[IVX]+\.|[a-zđ]\)))"),
     "start"),                                                               # bullet or heading line
    (regex.compile(r"\n(?=[ \t]*\n)"), "start"),                              # blank line
    (regex.compile(r"\[(?=\d+:\s)"), "start"),                                # footnote text "[2: …]" starts
    (regex.compile(r"\[\d+:\s[^\]]*\]"), "end"),                              # and ends
    (regex.compile(CLAUSE_OPENING_LINE), "start"),                           # "Căn cứ" opening a line
)


def split_sentences(text: str) -> list[Span]:
    """Spans covering the whole text, one per sentence or list line."""
    cuts = {0, len(text)}
    for pattern, side in BOUNDARIES:
        cuts.update(m.end() if side == "end" else m.start() for m in pattern.finditer(text))
    cuts = sorted(cuts)
    return [Span(a, b) for a, b in zip(cuts, cuts[1:]) if text[a:b].strip()]


class Sentences:
    """The sentences of a text, with look-up by offset."""

    def __init__(self, text: str):
        self.spans = split_sentences(text)
        self._starts = [s.start for s in self.spans]

    def at(self, offset: int) -> Span:
        index = max(0, bisect.bisect_right(self._starts, offset) - 1)
        return self.spans[index] if self.spans else Span(0, 0)


# Word-processor footnotes as exported to text: "…địa phương[footnoteRef:3]."
# in the running text, and "[3: Công văn số 1351/SKHCN-QLKHCN …]" below.
FOOTNOTE_MARKER = regex.compile(r"\[footnoteRef:(?P<n>\d+)\]")
FOOTNOTE_BODY = regex.compile(r"\[(?P<n>\d+):[ \t]")


@dataclass(frozen=True, slots=True)
class Footnote:
    number: str
    marker: Span  # "[footnoteRef:3]" in the running text
    body: Span    # "[3: …]"


def find_footnotes(text: str) -> list[Footnote]:
    """Footnotes whose marker and body both appear in ``text``."""
    markers = {m["n"]: Span(m.start(), m.end()) for m in FOOTNOTE_MARKER.finditer(text)}
    notes = []
    for m in FOOTNOTE_BODY.finditer(text):
        if m["n"] not in markers:
            continue
        close = text.find("]", m.end())
        end = close + 1 if close >= 0 else len(text)
        notes.append(Footnote(m["n"], markers[m["n"]], Span(m.start(), end)))
    return notes


def footnote_at(notes: list[Footnote], offset: int) -> Footnote | None:
    """The footnote whose body holds ``offset``."""
    return next((n for n in notes if n.body.start <= offset < n.body.end), None)


# A footnote line of an OCR page: its number, a space, its text, at the start
# of a line ("3 Thay thế Kế hoạch số 336-KH/TU …"); it runs to a blank line or
# the next footnote line.
OCR_FOOTNOTE_END = regex.compile(r"\n[ \t]*(?:\n|\d{1,2}[ \t]+\S)")
# How far below its marker an OCR footnote may be printed (about one page).
OCR_FOOTNOTE_REACH = 4000


def ocr_footnote(text: str, number: str, marker: Span) -> Footnote | None:
    """The footnote line numbered ``number`` printed after ``marker`` (a
    footnote number OCR glued to a word: "Nghị quyết số 57-NQ/TW3")."""
    line = regex.compile(rf"(?m)^[ \t]*{regex.escape(number)}[ \t]+(?=\S)")
    start = line.search(text, marker.end, min(len(text), marker.end + OCR_FOOTNOTE_REACH))
    if not start:
        return None
    end = OCR_FOOTNOTE_END.search(text, start.end())
    return Footnote(number, marker, Span(start.start(), end.start() if end else len(text)))
