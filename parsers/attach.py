"""Attach: give each reference the date, issuer and jurisdiction the text
states for it.

- date: "ngày 22/12/2024", "ngay 22 thang 12 nam 2024" right after the number;
- issuer: "của Bộ Chính trị" after the number or its date; "UBND tỉnh ban
  hành Kế hoạch …" and "của Sở Công Thương tại Công văn …" before it; shared
  by an enumeration ("Kế hoạch A ngày …, Kế hoạch B ngày … của Ban Thường vụ
  Tỉnh ủy"); and from the subject of a list ("Ban Thường vụ Tỉnh ủy ban hành
  Nghị quyết …; Chương trình …; Kế hoạch …"). An issuer is kept only when it
  fits the code of the reference (a TU code takes a Tỉnh ủy, not a Bộ);
- jurisdiction of provincial documents: the citing document's province,
  unless the text names another ("của UBND tỉnh Kon Tum", "(tỉnh Kon Tum cũ)").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from parsers import patterns
from parsers.find import Found
from parsers.fold import FoldedText, PhraseIndex, phrase_index
from parsers.model import Citation, Span
from parsers.sentences import Footnote, Sentences, find_footnotes, footnote_at
from parsers.vocab import VOCAB, Body, code_key

# How many words after "của" an issuer may start ("của đồng chí Tổng Bí thư
# Tô Lâm, Trưởng Ban Chỉ đạo Trung ương").
ISSUER_REACH_WORDS = 8
BEFORE_ISSUER_CUES = ("ban hành", "đã ban hành", "tại")


@cache
def _issuer_index() -> PhraseIndex:
    """Every name of a body (VOCAB.issuer_phrases), compiled once."""
    return phrase_index(VOCAB.issuer_phrases)


@dataclass(frozen=True, slots=True)
class Issuer:
    name: str
    body: Body
    span: Span  # where the text names it
    province: str | None = None


def parse_date(match) -> str | None:
    """ISO date from a date match, or None when it is not a calendar date."""
    try:
        return dt.date(int(match["year"]), int(match["month"]), int(match["day"])).isoformat()
    except ValueError:
        return None


def _date_after(ft: FoldedText, offset: int) -> tuple[str | None, int]:
    m = patterns.ATTACHED_DATE.match(ft.folded, offset, offset + patterns.MATCH_REACH)
    if not m:
        return None, offset
    return parse_date(m), m.end()


def fits_code(body: Body, issuer_code: str | None) -> bool:
    """Can ``body`` issue a document numbered under ``issuer_code``?"""
    if not issuer_code:
        return True
    key = code_key(issuer_code)
    if any(code_key(c) == key for c in body.codes):
        return True
    known_level = VOCAB.level_of_code(issuer_code)
    return not VOCAB.bodies_for_code(issuer_code) and known_level == body.level


def province_at(ft: FoldedText, index: int) -> tuple[str | None, int]:
    """A province named at word ``index`` ("tỉnh Kon Tum", "Quảng Ngãi")."""
    if index < len(ft.word_texts) and ft.word_texts[index] in ("tinh", "thanh", "tp"):
        index += 2 if ft.word_texts[index] == "thanh" else 1  # "thành phố"
    match = ft.best_phrase_at(index, VOCAB.provinces) if index < len(ft.word_texts) else None
    return (match.phrase, match.end) if match else (None, 0)


def issuer_at(ft: FoldedText, index: int) -> Issuer | None:
    match = ft.best_phrase_at(index, _issuer_index())
    if not match:
        return None
    body = VOCAB.issuer_phrases[match.phrase]
    name, start = body.name, match.start
    title = ft.best_phrase_before(match.start, VOCAB.head_titles, gap="", limit=1)
    if title:
        name, start = f"{title.phrase} {body.name}", title.start
    after = ft.word_index_at_or_after(match.end)
    province, end = province_at(ft, after)
    return Issuer(name, body, Span(start, max(match.end, end)), province)


def issuer_after(ft: FoldedText, offset: int, limit: int) -> Issuer | None:
    """The issuer of "… của <issuer>" starting at ``offset``."""
    m = patterns.OF.match(ft.folded, offset, offset + patterns.MATCH_REACH)
    if not m:
        return None
    first = ft.word_index_at_or_after(m.end())
    for index in range(first, min(first + ISSUER_REACH_WORDS, len(ft.word_texts))):
        if ft.word_starts[index] >= limit:
            break
        issuer = issuer_at(ft, index)
        if issuer:
            return issuer
    return None


def issuer_before(ft: FoldedText, offset: int) -> Issuer | None:
    """"<issuer> ban hành <citation>", "của <issuer> tại <citation>"."""
    cue = ft.best_phrase_before(offset, BEFORE_ISSUER_CUES)
    if not cue:
        return None
    end, province = cue.start, ft.best_phrase_before(cue.start, VOCAB.provinces, gap="")
    if province:  # "UBND tỉnh Quảng Ngãi ban hành"
        end = province.start
    match = ft.best_phrase_before(end, _issuer_index(), gap="")
    if not match:
        return None
    body = VOCAB.issuer_phrases[match.phrase]
    return Issuer(body.name, body, Span(match.start, match.end), province and province.phrase)


def _former_province(ft: FoldedText, start: int, end: int) -> str | None:
    """"(tỉnh Kon Tum cũ)", "tỉnh Kon Tum (cũ)" within [start, end)."""
    first, last = ft.word_index_at_or_after(start), ft.word_index_before(end)
    for index in range(first, last + 1):
        if ft.word_texts[index] != "tinh":
            continue
        province, province_end = province_at(ft, index)
        if province and patterns.FORMER.match(ft.folded, province_end, province_end + patterns.MATCH_REACH):
            return province
    return None


@dataclass
class _Draft:
    found: Found
    date: str | None
    tail: int  # end of the number, its date and the issuer named after it
    issuer: Issuer | None
    subject: Issuer | None  # "<subject> ban hành <this citation>"


def attach(ft: FoldedText, found: list[Found], province: str | None) -> list[Citation]:
    """Citations with date, issuer and jurisdiction, in text order."""
    sentences = ft.sentences
    starts = [f.span.start for f in found] + [len(ft.text)]
    drafts = []
    for i, item in enumerate(found):
        date, tail = _date_after(ft, item.id_span.end)
        limit = min(starts[i + 1], sentences.at(item.span.start).end)
        subject = issuer_before(ft, item.span.start)
        named = issuer_after(ft, tail, limit)
        drafts.append(_Draft(item, date, named.span.end if named else tail, named or subject, subject))
    _share_enumerated_issuers(ft, drafts)
    _share_subject_issuers(ft, drafts, sentences)
    _issuers_from_footnote_markers(ft, drafts, sentences, find_footnotes(ft.text))
    return [_citation(ft, d, province, starts[i + 1], sentences) for i, d in enumerate(drafts)]


def _share_enumerated_issuers(ft: FoldedText, drafts: list[_Draft]) -> None:
    """"Kế hoạch A ngày …, Kế hoạch B ngày … của X": A is of X too."""
    for current, following in reversed(list(zip(drafts, drafts[1:]))):
        if current.issuer or not following.issuer:
            continue
        gap = ft.folded[current.tail:following.found.span.start]
        if patterns.ENUMERATION_GAP.fullmatch(gap):
            current.issuer = following.issuer


def _share_subject_issuers(ft: FoldedText, drafts: list[_Draft], sentences: Sentences) -> None:
    """"X ban hành A …; B …; C …": the head citation of each item is of X."""
    subject, sentence = None, None
    for previous, draft in zip([None, *drafts], drafts):
        here = sentences.at(draft.found.span.start)
        if here != sentence:
            sentence, subject = here, None
        if draft.subject:
            subject = draft.subject
        elif subject and not draft.issuer and previous and ";" in ft.folded[previous.tail:draft.found.span.start]:
            draft.issuer = subject


def issuers_named_after_of(ft: FoldedText, span: Span) -> list[Issuer]:
    """Every issuer named after a "của" in ``span``, coordinations included
    ("của Bộ Nông nghiệp và Môi trường và Bộ Công Thương")."""
    found = []
    for of in patterns.ANY_OF.finditer(ft.folded, span.start, span.end):
        stop = patterns.CLAUSE_END.search(ft.folded, of.end(), span.end)
        end = stop.start() if stop else span.end
        index = ft.word_index_at_or_after(of.end())
        while index < len(ft.word_texts) and ft.word_starts[index] < end:
            issuer = issuer_at(ft, index)
            if issuer:
                found.append(issuer)
                index = ft.word_index_at_or_after(issuer.span.end)
            else:
                index += 1
    return found


def _issuers_from_footnote_markers(ft, drafts, sentences: Sentences, notes: list[Footnote]) -> None:
    """A footnote citing a document whose issuer the sentence carrying the
    footnote's marker names: "02 QCVN[12] của Bộ NN&MT và Bộ Công Thương"."""
    for draft in drafts:
        note = footnote_at(notes, draft.found.span.start)
        if draft.issuer or note is None:
            continue
        named = issuers_named_after_of(ft, sentences.at(note.marker.start))
        draft.issuer = next((i for i in named if fits_code(i.body, draft.found.issuer_code)), None)


def _citation(ft, draft: _Draft, province, next_start, sentences) -> Citation:
    item = draft.found
    issuer = draft.issuer if draft.issuer and fits_code(draft.issuer.body, item.issuer_code) else None
    jurisdiction = None
    if item.issuer_code and VOCAB.is_provincial_code(item.issuer_code):
        item_end = min(next_start, sentences.at(item.span.start).end)
        jurisdiction = (
            (issuer and issuer.province)
            or _former_province(ft, item.span.end, item_end)
            or province
        )
    return Citation(
        id=item.id, type=item.type, number=item.number,
        year=item.year if item.year is not None else (int(draft.date[:4]) if draft.date else None),
        code=item.code, date=draft.date, issuer=issuer.name if issuer else None,
        jurisdiction=jurisdiction, span=item.span,
        text=ft.text[item.span.start:item.span.end], short=item.short, tail=draft.tail,
    )
