"""Header: the citing document's own identity — its number ("Số: 1418/BC-SKHCN",
or "Số:    /BC-SKHCN" left blank), type heading (BÁO CÁO, KẾ HOẠCH …),
issuer lines, place and date line, subject line (trích yếu) — and the
province it belongs to.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import regex

from parsers import patterns
from parsers.attach import fits_code, issuer_at, parse_date, province_at
from parsers.canonical import CodeParts, canonical_parts
from parsers.find import Found, read_number_at, split_code, type_from_code, type_word_index
from parsers.fold import FoldedText, fold
from parsers.model import DocumentInfo, Span
from parsers.vocab import VOCAB

HEADER_CHARS = 1500
# "Số: 12/KH-UBND", "Số 12/KH-UBND" (no colon: a number must follow), "Luật số: 56/2020/QH14".
NUMBER_LINE = regex.compile(
    r"(?m)(?:(?:^|(?<=[ \t*|]))S[oO06bd]{0,2}[ \t]*(?::|(?=\d))"
    r"|(?<=^[ \t*|]*(?i:luat|phap lenh)[ \t]+)s[oO06bd]{0,2}[ \t]*:)"
)
# Markup before a line's text ("**", "|", spaces).
LINE_LEAD = regex.compile(r"[ \t*_|>#]*")
PLACE_DATE = regex.compile(
    rf",[ \n]*{patterns.DATE_WORD}[ \n]*(?:{patterns.WORDED_DATE}|{patterns.NUMERIC_DATE})"
)
# Lines that open the body of a document: the subject line stops before them.
BODY_OPENING = regex.compile(
    r"(?i:can cu|theo |kinh gui|thuc hien|xet |[IVX]+\.|\d+\.|phan |chuong |dieu )"
)
MARKUP = regex.compile(r"[*#_|>]+")
@dataclass(frozen=True, slots=True)
class Header:
    document: DocumentInfo
    number_span: Span | None  # where the document states its own number
    province: str | None      # the province the text is about, for citations


def _lines(ft: FoldedText, limit: int) -> list[Span]:
    """Non-empty lines of the header; a heading or issuer starts a line and
    may run over the next ("**BỘ CÔNG\nTHƯƠNG**")."""
    spans, start = [], 0
    for line in ft.text[:limit].split("\n"):
        if _has_text(line):
            spans.append(Span(start, start + len(line)))
        start += len(line) + 1
    return spans


def _has_text(line: str) -> bool:
    """``_clean(line)`` is not empty: a character neither markup nor space
    (without splitting and joining its words)."""
    rest = MARKUP.sub("", line)
    return bool(rest) and not rest.isspace()


def _clean(text: str) -> str:
    return " ".join(MARKUP.sub(" ", text).split())


def _own_number(ft: FoldedText, limit: int, lines: list[Span],
                heading: Span | None) -> tuple[Found | None, CodeParts | None, Span | None]:
    """The number line: (the number read, its code, its span); ``lines``
    and the type ``heading`` of the header (see _lines, _type_heading)."""
    marker = NUMBER_LINE.search(ft.folded, 0, limit)
    if not marker:
        return _bare_number_line(ft, lines, heading)
    found = read_number_at(ft, marker.start())
    if found:
        raw = found.code
        return found, canonical_parts(*split_code(raw, raw)), Span(marker.start(), found.id_span.end)
    blank = patterns.BLANK_NUMBER_ID.match(ft.folded, marker.start())
    if not blank:
        return None, None, None
    raw = ft.text[blank.start("code"):blank.end("code")]
    return None, canonical_parts(*split_code(raw, blank["code"])), Span(blank.start(), blank.end())


def _bare_number_line(ft: FoldedText, lines: list[Span],
                      heading: Span | None) -> tuple[Found | None, CodeParts | None, Span | None]:
    """An OCR header that lost its "Số:": the first line holding only a
    number and its code ("1063/KH-UBND"), above the type heading (without a
    heading below it, a number alone on a line is a cited one)."""
    for line in lines:
        if heading is None or line.start >= heading.start:
            break
        start = LINE_LEAD.match(ft.folded, line.start).end()
        found = read_number_at(ft, start) if start < line.end else None
        if found and ft.gap_is_blank(found.id_span.end, line.end, "*_|"):
            raw = found.code
            return found, canonical_parts(*split_code(raw, raw)), Span(start, found.id_span.end)
    return None, None, None


def _first_word(ft: FoldedText, span: Span) -> int | None:
    index = ft.word_index_at_or_after(span.start)
    return index if index < len(ft.word_texts) and ft.word_starts[index] < span.end else None


def _type_heading(ft: FoldedText, lines: list[Span]) -> tuple[str | None, Span | None]:
    """A heading in capitals naming a type ("BÁO CÁO", "**QUYẾT\nĐỊNH**"):
    the type and the heading's span."""
    words = VOCAB.type_words
    for line in lines:
        first = _first_word(ft, line)
        if first is None:
            continue
        match = ft.best_phrase_at(first, type_word_index())
        heading = ft.text[line.start:match.end] if match else ""
        if match and _clean(heading).isupper() and ft.gap_is_blank(match.end, _line_end(ft, match.end), "*#_"):
            return words[match.phrase], Span(line.start, match.end)
    return None, None


def _line_end(ft: FoldedText, offset: int) -> int:
    end = ft.text.find("\n", offset)
    return len(ft.text) if end < 0 else end


def _issuer_lines(ft: FoldedText, lines: list[Span], issuer_code: str | None):
    """The most specific body named at the start of a header line, and the
    province named with a body ("UBND TỈNH QUẢNG NGÃI")."""
    chosen, province = None, None
    for line in lines:
        first = _first_word(ft, line)
        issuer = issuer_at(ft, first) if first is not None else None
        if not issuer:
            continue
        province = province or issuer.province
        if fits_code(issuer.body, issuer_code):
            chosen = issuer
    return chosen, province


def most_named_province(ft: FoldedText) -> str | None:
    """The province a text names most often after "tỉnh"/"thành phố"."""
    counts = Counter()
    for index in [i for i, word in enumerate(ft.word_texts) if word in ("tinh", "thanh")]:
        province, _ = province_at(ft, index)
        if province:
            counts[province] += 1
    return counts.most_common(1)[0][0] if counts else None


def _title(ft: FoldedText, start: int) -> str | None:
    """The subject line: the lines from ``start`` to the first blank line or
    body opening ("Căn cứ", "I.", "Kính gửi")."""
    collected: list[str] = []
    for line in ft.text[start:].split("\n"):
        text = _clean(line)
        if not text:
            if collected:
                break
            continue
        if BODY_OPENING.match(_clean(fold(line)).lower()) or len(collected) > 8:
            break
        collected.append(text)
    title = regex.sub(r"^(?i:v/v)[ .:]*", "", " ".join(collected))
    return title or None


def read_header(ft: FoldedText) -> Header:
    """The citing document's identity from the top of its text."""
    limit = min(HEADER_CHARS, len(ft.text))
    lines = _lines(ft, limit)
    heading_type, heading = _type_heading(ft, lines)
    found, code, number_span = _own_number(ft, limit, lines, heading)
    subject_line = regex.search(r"(?im)^[ \t*]*v/v", ft.folded[:limit])
    if heading:
        top = heading.start
    elif number_span or subject_line:
        top = _line_end(ft, max(number_span.end if number_span else 0,
                                subject_line.start() if subject_line else 0))
    else:
        top = 0  # no header: a text cut from a longer one
    issuer, province = _issuer_lines(ft, [line for line in lines if line.start < top],
                                     code.issuer_code if code else None)
    place_date = PLACE_DATE.search(ft.folded, 0, top)
    if heading:
        title = _title(ft, heading.end)
    elif subject_line:
        title = _title(ft, subject_line.start())
    else:
        title = None
    doc_type = heading_type or (type_from_code(code) if code else None)
    body = issuer.body if issuer else None
    if body is None and code and code.issuer_code and VOCAB.bodies_for_code(code.issuer_code):
        body = VOCAB.bodies_for_code(code.issuer_code)[0]
    province = province or most_named_province(ft)
    document = DocumentInfo(
        id=found.id if found else None,
        code=code.text() if code else None,
        type=doc_type,
        date=parse_date(place_date) if place_date else None,
        issuer=issuer.name if issuer else (body.name if body else None),
        title=title,
        jurisdiction=province if body and VOCAB.is_provincial_level(body.level) else None,
    )
    return Header(document, number_span, province)
