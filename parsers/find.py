"""Find: the references to numbered documents in a text.

Each reference is found by its number and code (which survive OCR far better
than words), then widened backwards over the type word and "số" marker that
precede it ("Nghi quyét s6 57-NQ/TW"). Short forms ("Nghị quyết 57") are
kept when the same text cites the full number. Date, issuer and
jurisdiction are attached later (attach.py).

>>> [f.id for f in find_references("Kế hoạch số 359-KH/TU và Quyết định số 327/QD-UBND")]
['359-KH/TU', '327/QĐ-UBND']
>>> canonical_id("57 NQ/TW")
'57-NQ/TW'
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace
from functools import cache, lru_cache

import regex

from parsers import patterns
from parsers.canonical import (
    CodeParts,
    build_id,
    build_standard_id,
    canonical_parts,
    is_known_code,
)
from parsers.fold import VANISHED, FoldedText, PhraseIndex, phrase_index, visible
from parsers.model import Span
from parsers.vocab import VOCAB

SEGMENT_SPLIT = regex.compile(patterns.CODE_SEPARATOR)
ABBREVIATION = regex.compile(r"[A-ZĐ0-9]*[A-ZĐ][A-ZĐ0-9]*(?:&[A-ZĐ0-9]+)*")
# A word glued to the end of a code: "QĐ-TTgcủa" (the code, then "của").
GLUED_WORD = regex.compile(r"[a-zà-ỹđ]{2,}")
# A clean text (not OCR) puts diacritics on most of its words; OCR output on
# a few (a fifth in the samples), text typed without them on none. OCR also
# prints digits for letters ("s6", "t6i": one word in fifty in the samples,
# none in clean texts).
CLEAN_TEXT_MIN_SHARE = 0.5
CLEAN_TEXT_MAX_DIGIT_WORDS = 0.005
LETTER_WORD = regex.compile(r"[^\W\d_]{2,}")
DIGIT_FOR_LETTER = regex.compile(r"(?<![\w])[a-zà-ỹđ]+\d")
# The term number after a body's code ("QH15").
TERM_NUMBER = regex.compile(r"\d+$")


@dataclass(frozen=True, slots=True)
class Found:
    """A reference found in the text, before date and issuer are attached.

    ``id_span`` covers the number and code alone; ``span`` adds the type word
    and "số" marker in front.
    """

    id: str
    type: str
    number: str
    year: int | None
    code: str
    issuer_code: str | None
    span: Span
    id_span: Span
    short: bool = False


# --- the pieces of a code -------------------------------------------------------------


def split_code(code: str, folded: str) -> tuple[list[str], list[str]]:
    """Segments of ``code`` (original text) split where its folded twin has
    separators (the fold maps dashes of every kind to "-")."""
    segments, separators, last = [], [], 0
    for sep in SEGMENT_SPLIT.finditer(folded):
        segments.append(code[last:sep.start()])
        separators.append("-" if "-" in sep.group() else "/")
        last = sep.end()
    segments.append(code[last:])
    return segments, separators


def _plausible_segment(raw: str, canonical: str) -> bool:
    """Known code, or an abbreviation in capitals ("KGVX", "BCVT&CNTT")."""
    if is_known_code(canonical):
        return True
    return len(canonical) >= 2 and ABBREVIATION.fullmatch("".join(visible(raw).split())) is not None


def _valid_code(raw_segments: list[str], code: CodeParts) -> tuple[CodeParts, bool] | None:
    """Keep the leading plausible segments; None when the code is not one.
    A code of an issuer we do not know ("1506/KCB-QLCL&CGKT") needs a unit
    code after it and "số" or a type word before it: (the code, whether it
    needs them)."""
    keep = 0
    for raw, canonical in zip(raw_segments, code.segments):
        if not _plausible_segment(raw, canonical):
            break
        keep += 1
    if keep == 0:
        return None
    code = CodeParts(code.segments[:keep], code.separators[:keep - 1])
    issuer = code.issuer_code
    if code.type_code is None and (issuer is None or VOCAB.level_of_code(_strip_term(issuer)) is None):
        if keep >= 2 and code.separators[0] == "-":
            return code, True
        return None  # neither a type nor an issuer we know: "3/KCN" is no số hiệu
    return code, False


@lru_cache(maxsize=1 << 12)  # the same codes recur in every text
def _read_code(raw_code: str, folded_code: str, clean: bool) -> tuple[CodeParts, bool, int] | None:
    """The code of a number as printed (``raw_code``, and its folded twin):
    what _valid_code makes of it, and the length of its text kept."""
    raw_segments, separators = split_code(raw_code, folded_code)
    raw_segments, glued = _unglued(raw_segments)
    valid = _valid_code(raw_segments, canonical_parts(raw_segments, separators, clean))
    if valid is None:
        return None
    code, needs_marker = valid
    length = _code_length(folded_code, len(raw_segments), len(code.segments))
    return code, needs_marker, length - (glued if len(code.segments) == len(raw_segments) else 0)


@lru_cache(maxsize=8)  # asked by the header and by the search for numbers of one text
def is_clean(text: str) -> bool:
    """Is ``text`` clean Vietnamese (most words carry their diacritics)?

    >>> is_clean("Công văn số 12/SNV-TCCB của Sở Nội vụ"), is_clean("Cong van so 12/SNV-TCCB")
    (True, False)
    >>> is_clean("Công văn s6 12/SNV-TCCB của Sở Nội vụ")
    False
    """
    words = LETTER_WORD.findall(text)
    marked = len(words) - sum(map(str.isascii, words))
    if not words or marked < CLEAN_TEXT_MIN_SHARE * len(words):
        return False  # (OCR output: no need to look for misread digits)
    return len(DIGIT_FOR_LETTER.findall(text)) <= CLEAN_TEXT_MAX_DIGIT_WORDS * len(words)


def _unglued(raw_segments: list[str]) -> tuple[list[str], int]:
    """"TTgcủa" → "TTg": the last segment without a word glued to it, and
    how many characters were cut."""
    last = raw_segments[-1]
    if is_known_code(last):
        return raw_segments, 0
    for cut in range(len(last) - 2, 0, -1):  # the longest known code first
        if GLUED_WORD.fullmatch(last, cut) and is_known_code(last[:cut]):
            return [*raw_segments[:-1], last[:cut]], len(last) - cut
    return raw_segments, 0


def _strip_term(issuer_code: str) -> str:
    """"QH15" → "QH": the term number is not part of the body's code."""
    return TERM_NUMBER.sub("", issuer_code)


def type_from_code(code: CodeParts) -> str:
    if code.type_code:
        return VOCAB.type_for_code(code.type_code)
    issuer = code.issuer_code or ""
    return VOCAB.type_of_bare_issuer_code(_strip_term(issuer)) or VOCAB.default_type_without_code


# --- type words in front of a number ------------------------------------------------------


@cache
def type_word_index() -> PhraseIndex:
    """Every word naming a document type (VOCAB.type_words), compiled once."""
    return phrase_index(VOCAB.type_words)


def _widen_over_type_word(ft: FoldedText, start: int) -> tuple[int, str | None]:
    """Start of the type phrase ending at ``start``, and the type it names.

    "Thông báo kết luận số": a qualifier ("kết luận", "hành động") may stand
    between the type word and the number; when no type word precedes the
    qualifier, the qualifier itself may be the type word ("Kết luận số").
    """
    words, index = VOCAB.type_words, type_word_index()
    qualifier = ft.best_phrase_before(start, VOCAB.type_qualifiers)
    if qualifier:
        typed = ft.best_phrase_before(qualifier.start, index)
        if typed:
            return typed.start, words[typed.phrase]
    typed = ft.best_phrase_before(start, index)
    if typed:
        return typed.start, words[typed.phrase]
    return start, None


# --- finding -------------------------------------------------------------------------------


def _standards(ft: FoldedText) -> list[Found]:
    found = []
    for m in patterns.STANDARD_ID.finditer(ft.folded):
        prefix = ft.text[m.start("prefix"):m.end("prefix")]
        ident = build_standard_id(prefix, m["number"], m["year"], m["issuer"])
        type_name = VOCAB.type_for_code(prefix.split()[0].split("/")[0].upper()) or "Tiêu chuẩn"
        start, worded = _widen_over_type_word(ft, m.start())
        issuer = m["issuer"] and ident.rsplit("/", 1)[1]
        found.append(Found(
            id=ident, type=worded or type_name, number=m["number"], year=int(m["year"]),
            code=prefix.upper() + (f"/{issuer}" if issuer else ""), issuer_code=issuer,
            span=Span(start, m.end()), id_span=Span(m.start("prefix"), m.end()),
        ))
    return found


def read_number_at(ft: FoldedText, offset: int) -> Found | None:
    """The number and code starting exactly at ``offset`` ("Số: 1418/BC-SKHCN")."""
    m = patterns.NUMBERED_ID.match(ft.folded, offset)
    return _read_numbered(ft, m, is_clean(ft.text)) if m else None


def _numbered(ft: FoldedText, taken: list[Span]) -> list[Found]:
    found, position = [], 0
    clean = is_clean(ft.text)
    while m := patterns.NUMBERED_ID.search(ft.folded, position):
        item = None
        if not any(s.start < m.end() and m.start() < s.end for s in taken):
            item = _read_numbered(ft, m, clean)
        if item:
            found.append(item)
            position = m.end()
        else:
            position = m.start() + 1  # "số 5 1464/SKHCN": a stray digit is not the number
    return found


def _read_numbered(ft: FoldedText, m, clean: bool) -> Found | None:
    code_start = m.start("code")
    reading = _read_code(ft.text[code_start:m.end("code")], m["code"], clean)
    if reading is None:
        return None
    code, needs_marker, code_length = reading
    if needs_marker and m["marker"] is None and _widen_over_type_word(ft, m.start("number"))[1] is None:
        return None
    numsep = m["numsep"].strip()
    party_style = numsep in ("", "-") or numsep.startswith("-")
    if numsep == "" and not (code.type_code and code.separators[:1] == ("/",)):
        return None  # "57 NQ/TW" only: a bare space must lead to TYPE/ISSUER
    if numsep in ("[", "|") and not is_known_code(code.issuer_code or ""):
        return None  # "[" read as "/" only before a code we know
    end = code_start + code_length
    number_start = m.start("number")
    marker_start = m.start("marker") if m["marker"] else number_start
    start, worded = _widen_over_type_word(ft, marker_start)
    if worded is None:
        start = marker_start
    number, year = (group and group.replace(VANISHED, "") for group in (m["number"], m["year"]))
    return Found(
        id=build_id(number, year, code, party_style),
        type=worded or type_from_code(code),
        number=number,
        year=int(year) if year else None,
        code=code.text(),
        issuer_code=code.issuer_code and _strip_term(code.issuer_code),
        span=Span(start, end),
        id_span=Span(number_start, end),
    )


def _code_length(folded_code: str, found: int, kept: int) -> int:
    """Length of the code text covering its first ``kept`` segments."""
    if kept == found:
        return len(folded_code)
    return list(SEGMENT_SPLIT.finditer(folded_code))[kept - 1].start()


def _short_forms(ft: FoldedText, full: list[Found]) -> list[Found]:
    """"Nghị quyết 57", "Kế hoạch 359": a type word and a bare number that a
    full citation of the same text carries."""
    by_key = {}
    for f in full:
        by_key.setdefault((f.type, f.number.lstrip("0")), f)
    numbers = {number for _, number in by_key}
    taken = sorted((f.span.start, f.span.end) for f in full)
    shorts = []
    for m in patterns.BARE_NUMBER.finditer(ft.folded):
        if m.group().lstrip("0") not in numbers:
            continue
        inside = bisect.bisect_right(taken, (m.start(), len(ft.folded))) - 1
        if inside >= 0 and taken[inside][0] <= m.start() < taken[inside][1]:
            continue
        marker = patterns.MARKER_BEFORE.search(ft.folded[max(0, m.start() - 12):m.start()])
        before = m.start() - (len(marker.group()) if marker else 0)
        start, worded = _widen_over_type_word(ft, before)
        if worded is None:
            continue
        target = by_key.get((worded, m.group().lstrip("0")))
        if target is None:
            continue
        shorts.append(replace(target, span=Span(start, m.end()), id_span=Span(m.start(), m.end()), short=True))
    return shorts


def find_references(text: str, folded: FoldedText | None = None) -> list[Found]:
    """All references of ``text`` in order of position."""
    ft = folded or FoldedText(text)
    standards = _standards(ft)
    full = standards + _numbered(ft, [f.id_span for f in standards])
    return sorted(full + _short_forms(ft, full), key=lambda f: f.span.start)


def canonical_id(spelling: str) -> str | None:
    """The canonical id of one spelled number, or None if it is not one.

    >>> canonical_id("327/QD-UBND"), canonical_id("327 / QĐ - UBND")
    ('327/QĐ-UBND', '327/QĐ-UBND')
    >>> canonical_id("hello") is None
    True
    """
    text = " ".join(spelling.split())
    found = [f for f in find_references(text) if not f.short]
    if len(found) != 1:
        return None
    return found[0].id
