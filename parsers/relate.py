"""Relate: the relations a text states between documents, with evidence.

A relation is read from a cue phrase (relations.toml: "thực hiện", "thay
thế", "sửa đổi, bổ sung", "bãi bỏ", "hướng dẫn", "căn cứ", "ban hành", "theo
đề nghị của … tại") standing right before the document it points to (the
target). The source is found by the shape of the sentence:

- "Kế hoạch A ngày … của X thực hiện Nghị quyết B": A → B; an enumeration
  before the cue ("Kế hoạch A …, Kế hoạch A' … thực hiện B") gives each;
- "Quyết định A … ban hành Kế hoạch hành động thực hiện B và C": A → B, A → C
  (the unnumbered plan is A's);
- "… (thay thế Kế hoạch C)": the nearest document before the parenthesis that
  is not itself a target of the sentence replaces C;
- "kế hoạch hành động thực hiện B (Kế hoạch A; Quyết định A')": the
  documents in the parenthesis after B are the plans that implement it;
- "Ban hành Kế hoạch thực hiện B[footnote: Kế hoạch số A]": the footnote
  numbers the unnumbered plan, so A → B;
- "được sửa đổi, bổ sung bởi Nghị định A": the passive turns it round;
- "Căn cứ …", "Theo đề nghị của … tại Công văn số B": the citing document
  itself is the source (None when it has no number of its own); bases only
  in the preamble, not in a table row, a form or an annex;
- "Căn cứ Luật A … được sửa đổi, bổ sung bởi Luật B": B amends A, and B is a
  basis too; "Luật sửa đổi, bổ sung … của Luật Đất đai số B": B amends the
  law its name names; a decree amended by a decree over a law's name;
- the citing document states of itself: "Quyết định này thay thế B", an
  opening or title "Thực hiện B; C; D", "Điều 1. Sửa đổi, bổ sung … của
  Thông tư B", "B … hết hiệu lực kể từ …", a list under "Các Quyết định sau
  đây hết hiệu lực …:" or "Căn cứ pháp lý";
- "Nghị định A quy định chi tiết … Luật Lưu trữ": a law named without its
  number that the text numbers elsewhere; joined cues ("quy định chi tiết và
  hướng dẫn thi hành", "sửa đổi, bổ sung và bãi bỏ") each state theirs.

Every citing document also `cites` each document it mentions.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cache

import regex

from parsers import patterns
from parsers.fold import FoldedText, PhraseIndex, phrase_index, plain
from parsers.model import Citation, DocumentInfo, Evidence, Relation, Span
from parsers.sentences import Footnote, find_footnotes, ocr_footnote
from parsers.vocab import VOCAB

CUE_GAP = "*\"'(:"
# A sentence longer than this is cut to the words around the relation.
EVIDENCE_MAX = 400
CLAUSE_BREAK = regex.compile(r";")
OPENING_PARENTHESIS = regex.compile(r"\s*\(")
GLUED_NUMBER = regex.compile(r"\d{1,2}$")
# How far before "tại Công văn …" the "theo đề nghị của" may stand.
REQUEST_REACH_WORDS = 30
# A number right after a law's name: "Luật Đất đai số 31/2024/QH15".
NUMBER_AFTER_NAME = regex.compile(rf"[ \n]*{patterns.NUMBER_MARKER}?\d")
LIST_ITEM = regex.compile(r"\s*(?:\d+[.)]|[a-zđ]\)|[-+•])\s")
# How many words may describe a document between it and the cue it states.
DESCRIPTION_MAX_WORDS = 30
# How far the opening part of a document without section headings may reach.
OPENING_MAX_CHARS = 3000
# How many words may name the unnumbered document a citation issues:
# "về ban hành chương trình hành động của Chính phủ thực hiện …".
ISSUED_MAX_WORDS = 8


@dataclass(frozen=True, slots=True)
class _Cue:
    relation: str
    span: Span
    passive: bool
    parenthetical: bool
    joined: tuple[str, ...] = ()  # relations of cues joined before it ("sửa đổi, bổ sung và bãi bỏ")
    named: Span | None = None  # the law named between the cue and the target ("… của Luật Đất đai số …")

    @property
    def relations(self) -> tuple[str, ...]:
        return (self.relation, *(r for r in self.joined if r != self.relation))


@dataclass(frozen=True, slots=True)
class _Tables:
    """The phrase tables the reader compares texts with, built once from
    relations.toml and document_types.toml."""

    cues: dict[str, str]             # cue phrase → relation
    cue_index: PhraseIndex
    trailing: dict[str, str]         # trailing cue ("hết hiệu lực") → relation
    trailing_index: PhraseIndex
    self_names: PhraseIndex          # "Quyết định này", "Kế hoạch này" …
    type_words: PhraseIndex
    place_ends: frozenset[str]
    passive_words: frozenset[str]
    not_cue_lengths: tuple[tuple[str, int], ...]


@cache
def _tables() -> _Tables:
    words = VOCAB.relation_words
    cues = {phrase: r.name for r in VOCAB.relation_types for phrase in r.cues}
    trailing = {phrase: r.name for r in VOCAB.relation_types for phrase in r.trailing}
    return _Tables(
        cues, phrase_index(cues), trailing, phrase_index(trailing),
        phrase_index(f"{w} {m}" for w in (*VOCAB.type_words, *words["self_words"]) for m in words["self_marker"]),
        phrase_index(VOCAB.type_words),
        # "tại" is short, so matched exactly: a cheap test before the look-up
        frozenset(plain(p).split()[-1] for p in words["passive_place"]),
        frozenset(plain(w) for w in (*words["passive"], *words["passive_before_cue"])),
        tuple((phrase, len(plain(phrase).split())) for phrase in words["not_cues"]),
    )


@cache
def _cues_of(relations: frozenset[str]) -> PhraseIndex:
    """The cues of ``relations``, compiled once per set."""
    return phrase_index(p for p, name in _tables().cues.items() if name in relations)


@cache
def _cues_but(relation: str) -> PhraseIndex:
    """The cues of every relation but ``relation``, compiled once."""
    return phrase_index(p for p, name in _tables().cues.items() if name != relation)


class _Reader:
    """The state shared while relating one text."""

    def __init__(self, ft: FoldedText, document: DocumentInfo, citations: list[Citation], file: str):
        self.ft, self.document, self.file = ft, document, file
        self.all_citations = citations
        self.citations = [c for c in citations if not (document.id and c.id == document.id)]
        self.sentences = ft.sentences
        self.notes = find_footnotes(ft.text) + self.glued_footnotes()
        tables = _tables()
        self.cues, self.cue_index = tables.cues, tables.cue_index
        self.words = VOCAB.relation_words
        self.starts = [c.span.start for c in self.citations]
        self.tails = [c.tail if c.tail is not None else c.span.end for c in self.citations]
        self.clause_breaks = [m.start() for m in CLAUSE_BREAK.finditer(ft.folded)]
        self.relations: dict[tuple, Relation] = {}
        self.targets: set[int] = set()  # citations a recorded relation points to
        self.cue_objects: set[int] = set()  # citations a cue (but "ban hành") points to
        self.type_words, self.type_index = VOCAB.type_words, tables.type_words
        self.self_names, self.place_ends, self.passive_words = tables.self_names, tables.place_ends, tables.passive_words
        self.not_cue_lengths = tables.not_cue_lengths
        self.trailing, self.trailing_index = tables.trailing, tables.trailing_index
        self.reference_words: dict[int, tuple[int, Span | None]] = {}  # by end, see reference_words_before
        articles = patterns.ARTICLE_HEADING.search(ft.folded)
        # A document divided into articles states its bases before its first article.
        self.first_article = articles.start() if articles else None
        recipients = patterns.RECIPIENTS.search(ft.folded, self.first_article) if articles else None
        self.articles_end = recipients.start() if recipients else len(ft.text)  # annexes follow "Nơi nhận:"
        self.opening_end = self.find_opening_end()
        self.law_names = self.named_laws()

    def in_articles(self, offset: int) -> bool:
        """Within the articles of the document (not its preamble or annexes)."""
        return self.first_article is not None and self.first_article <= offset < self.articles_end

    def find_opening_end(self) -> int:
        """End of the opening part (header, title, opening paragraph): the
        first section heading after the document's own number."""
        start = self.document_number_end()
        heading = patterns.SECTION_HEADING.search(self.ft.folded, start)
        return heading.start() if heading else min(len(self.ft.text), start + OPENING_MAX_CHARS)

    def document_number_end(self) -> int:
        own = [c for c in self.all_citations if self.document.id and c.id == self.document.id]
        return own[0].span.end if own else 0

    def named_laws(self) -> dict[str, str]:
        """"Luật Đất đai số 31/2024/QH15": the name of each law cited with its
        number (folded, lower case) → its id."""
        names: dict[str, str] = {}
        for index, c in enumerate(self.citations):
            _, named = self.reference_words_before(c.span.start)
            if named is None or self.ft.text[c.span.start].isupper() \
                    and self.ft.best_phrase_at(self.ft.word_index_at_or_after(c.span.start), self.type_index):
                continue  # "Luật X, Nghị định số B": B has a type word of its own, X is not its name
            cue = self.cue_before(c.span.start)
            if not (cue and self.in_own_name(index, cue)):  # "Luật sửa đổi … của Luật Đất đai số B"
                words = self.ft.word_texts[self.ft.word_index_at_or_after(named.start):
                                           self.ft.word_index_before(named.end) + 1]
                if len(words) > 1:
                    names.setdefault(" ".join(words[1:]), c.id)
        return names

    def glued_footnotes(self) -> list[Footnote]:
        """Footnotes whose number OCR glued to the code of a citation
        ("57- -NQ/T W3": the id ends in a letter, the text in a digit)."""
        notes = []
        for citation in self.citations:
            glued = GLUED_NUMBER.search(citation.text)
            if glued and not citation.id[-1].isdigit():
                marker = Span(citation.span.end - len(glued.group()), citation.span.end)
                note = ocr_footnote(self.ft.text, glued.group(), marker)
                if note:
                    notes.append(note)
        return notes

    def footnote_holding(self, offset: int) -> Footnote | None:
        return next((n for n in self.notes if n.body.start <= offset < n.body.end), None)

    # --- evidence and recording ---------------------------------------------------

    def evidence(self, start: int, end: int) -> Evidence:
        sentence = self.sentences.at(start)
        if sentence.start <= start and end <= sentence.end and sentence.end - sentence.start <= EVIDENCE_MAX:
            start, end = sentence.start, sentence.end
        text = self.ft.text[start:end]
        stripped = text.strip()
        start += len(text) - len(text.lstrip())
        return Evidence(self.file, start, start + len(stripped), stripped)

    def under_heading(self, heading: Span, item: Span) -> Evidence:
        """The heading and the list item it governs ("Các Quyết định sau đây
        hết hiệu lực …: … a) Quyết định số …"), joined by "…" when apart."""
        if item.end - heading.start <= EVIDENCE_MAX:
            return self.evidence(heading.start, item.end)
        first, second = self.evidence(heading.start, heading.end), self.evidence(item.start, item.end)
        return Evidence(self.file, first.start, second.end, f"{first.text} … {second.text}")

    def record(self, source: Citation | None, relation: str, target_index: int, start: int, end: int,
               evidence: Evidence | None = None) -> None:
        self.targets.add(target_index)
        self.record_id(source, relation, self.citations[target_index].id, start, end, evidence)

    def record_id(self, source: Citation | None, relation: str, target_id: str, start: int, end: int,
                  evidence: Evidence | None = None) -> None:
        source_id = source.id if source else self.document.id
        if source_id == target_id:
            return
        key = (source_id, relation, target_id)
        if key not in self.relations:
            self.relations[key] = Relation(source_id, relation, target_id, evidence or self.evidence(start, end))

    # --- shapes of the text around a citation ----------------------------------------

    def gap(self, start: int, end: int) -> str:
        return " ".join(self.ft.folded[start:end].lower().split())

    def enumerated_after(self, index: int) -> list[int]:
        """Citations joined to ``index`` by "," or "và" ("B ngày …, C và D";
        "Luật A số 1, Luật B số 2 và Luật C số 3")."""
        chain = [index]
        while chain[-1] + 1 < len(self.citations):
            here, following = chain[-1], chain[-1] + 1
            start = self.citations[following].span.start
            named = patterns.NAMED_LAW_BEFORE.search(self.ft.folded, self.tails[here], start)
            between = self.gap(self.tails[here], named.start() if named else start)
            joined = between.strip(" ,") in ("", "va", "và", "s", "so") and ";" not in between
            if not (joined or self.about_then_joined(here, following)):
                break
            chain.append(following)
        return chain

    def about_then_joined(self, here: int, following: int) -> bool:
        """"Nghị quyết số A … về <subject> và Kế hoạch số B": the subject of A
        (one clause, no cue) stands between two objects of one cue; B is not
        the subject of a clause of its own ("… và Kế hoạch B thực hiện C")."""
        start, end = self.tails[here], self.citations[following].span.start
        about = self.ft.best_phrase_before(end, ("và",), ",")
        first = self.ft.word_index_at_or_after(start)
        if about is None or first >= len(self.ft.word_texts) or not regex.fullmatch(r"[ \n,]*", self.ft.folded[about.end:end]):
            return False
        subject = self.ft.best_phrase_at(first, self.words["about"])
        if subject is None or subject.start >= about.start or regex.search(r"[;:.()]", self.ft.folded[start:about.start]):
            return False
        words = self.ft.word_index_before(about.start) - first + 1
        if words > DESCRIPTION_MAX_WORDS or self.holds_any_cue(subject.end, about.start):
            return False
        return self.cue_after(following) is None

    def cue_after(self, index: int):
        """A cue right after citation ``index`` (over "về"): it heads a clause."""
        first = self.ft.word_index_at_or_after(self.tails[index])
        about = self.ft.best_phrase_at(first, self.words["about"]) if first < len(self.ft.word_texts) else None
        if about and self.ft.gap_is_blank(self.tails[index], about.start, ","):
            first = self.ft.word_index_at_or_after(about.end)
        if first >= len(self.ft.word_texts) or not self.ft.gap_is_blank(self.tails[index], self.ft.word_starts[first], ","):
            return None
        match = self.ft.best_phrase_at(first, self.cue_index)
        return match if match and not self.false_cue(match) else None

    def false_cue(self, match) -> bool:
        """"phát triển khoa học" is no "triển khai": a phrase of ``not_cues``
        covers the cue's first word."""
        index = self.ft.word_index_at_or_after(match.start)
        for phrase, length in self.not_cue_lengths:
            for back in range(1, length):
                found = self.ft.find_phrase_at(index - back, phrase, 0) if index - back >= 0 else None
                if found and found.end > match.start:
                    return True
        return False

    def holds_any_cue(self, start: int, end: int) -> bool:
        first, last = self.ft.word_index_at_or_after(start), self.ft.word_index_before(end)
        for i in range(first, last + 1):
            match = self.ft.best_phrase_at(i, self.cue_index)
            if match and match.end <= end and not self.false_cue(match):
                return True
        return False

    def enumerated_before(self, index: int) -> list[int]:
        """Co-subjects joined to ``index`` by "," or "và" ("A …, B … thực
        hiện C"); a citation that a cue already points to is an object, not
        a co-subject ("thực hiện B và Kế hoạch A về thực hiện C")."""
        chain = [index]
        while chain[0] > 0 and chain[0] - 1 not in self.cue_objects:
            previous = chain[0] - 1
            between = self.gap(self.tails[previous], self.citations[chain[0]].span.start)
            if between.strip(" ,") not in ("", "va") or ";" in between:
                break
            chain.insert(0, previous)
        return chain

    def reference_words_before(self, end: int) -> tuple[int, Span | None]:
        """Skip the articles ("Điều 5") and the law's name ("của Luật Đất đai")
        that may stand between a cue and the number it points to (asked
        again of each citation: kept by ``end``)."""
        if end not in self.reference_words:
            self.reference_words[end] = self._reference_words_before(end)
        return self.reference_words[end]

    def _reference_words_before(self, end: int) -> tuple[int, Span | None]:
        article = patterns.ARTICLE_BEFORE.search(self.ft.folded, max(0, end - 80), end)
        end = article.start() if article else end  # "sửa đổi Điều 5 Quyết định số …"
        named = patterns.NAMED_LAW_BEFORE.search(self.ft.folded, max(0, end - 120), end)
        if named is None or self.holds_cue(named.start(), named.end()):
            return end, None
        return named.start(), Span(named.start(), named.end())

    def holds_cue(self, start: int, end: int) -> bool:
        """A law's name does not run over a passive ("Luật Lâm nghiệp được sửa
        đổi, bổ sung bởi …"); it may hold cue words ("Luật Ban hành văn bản …")."""
        return any(w in self.passive_words for w in FoldedText(self.ft.folded[start:end]).word_texts)

    def cue_before(self, offset: int) -> _Cue | None:
        """A relation cue ending right before ``offset``, over fillers, articles,
        the law's name and the passive "bởi" ("được sửa đổi, bổ sung tại")."""
        end, named = self.reference_words_before(offset)
        passive = self.ft.best_phrase_before(end, self.words["passive"], CUE_GAP)
        filler = None if passive else self.ft.best_phrase_before(end, self.words["fillers"], CUE_GAP)
        place = None if passive or filler or not self.last_word_in(end, self.place_ends) \
            else self.ft.best_phrase_before(end, self.words["passive_place"], CUE_GAP)
        if passive or place:
            end = (passive or place).start
            filler = self.ft.best_phrase_before(end, self.words["fillers"], CUE_GAP)
        for stop in ([filler.start, end] if filler else [end]):
            match = self.ft.best_phrase_before(stop, self.cue_index, CUE_GAP)
            if not match or self.false_cue(match):
                continue
            relation = self.cues[match.phrase]
            if relation == "implements" and stop != end \
                    and self.ft.best_phrase_before(end, self.words["comply"], CUE_GAP):
                return None  # "thực hiện theo Thông tư …": to comply with it
            made = self.ft.best_phrase_before(match.start, self.words["passive_before_cue"], "")
            if place and not made:
                return None
            start, joined = self.joined_cues(match.start)
            return _Cue(relation, Span(start, match.end), passive is not None or made is not None,
                        self.after_parenthesis(match.start), joined, named)
        return None

    def after_parenthesis(self, offset: int) -> bool:
        """An opening parenthesis, then only blanks, before ``offset`` (read
        backwards, not by copying the text before it)."""
        folded = self.ft.folded
        while offset > 0 and folded[offset - 1].isspace():
            offset -= 1
        return offset > 0 and folded[offset - 1] == "("

    def last_word_in(self, offset: int, words: frozenset[str]) -> bool:
        last = self.ft.word_index_before(offset)
        return last >= 0 and self.ft.word_texts[last] in words

    def joined_cues(self, start: int) -> tuple[int, tuple[str, ...]]:
        """Cues joined before the one starting at ``start`` ("quy định chi tiết
        và hướng dẫn thi hành", "sửa đổi, bổ sung và bãi bỏ"): where the chain
        starts and the relations it states."""
        joined = []
        while joint := patterns.CUE_JOINT.search(self.ft.folded, max(0, start - 12), start):
            match = self.ft.best_phrase_before(joint.start(), self.cue_index, CUE_GAP)
            if not match:
                break
            joined.append(self.cues[match.phrase])
            start = match.start
        return start, tuple(joined)

    def in_own_name(self, index: int, cue: _Cue) -> bool:
        """"Luật sửa đổi, bổ sung một số điều của Luật Đất đai số B": the cue
        is part of B's name (a type word of B's type opens it), not a link to B."""
        if cue.named is None:
            return False
        typed = self.ft.best_phrase_before(cue.span.start, self.type_index, "")
        return typed is not None and self.type_words[typed.phrase] == self.citations[index].type \
            and not self.inside_citation(typed.start)

    def inside_citation(self, offset: int) -> bool:
        index = bisect.bisect_right(self.starts, offset) - 1
        return index >= 0 and self.citations[index].span.start <= offset < self.citations[index].span.end

    def same_sentence(self, a: int, b: int) -> bool:
        return self.sentences.at(a) == self.sentences.at(b)

    def source_before_cue(self, index: int, cue: _Cue) -> int | None:
        """The citation whose tail leads straight into the cue: nothing, "về",
        or "ban hành Kế hoạch hành động" between them."""
        for previous in range(index - 1, -1, -1):
            if not self.same_sentence(self.citations[previous].span.start, cue.span.start):
                return None
            if self.citations[previous].span.end > cue.span.start:
                continue
            between = self.ft.folded[self.tails[previous]:cue.span.start]
            return previous if self._leads_into_cue(between, cue.relation) else None
        return None

    def _leads_into_cue(self, between: str, relation: str) -> bool:
        """Nothing, "về", "ban hành Kế hoạch hành động", or the subject of the
        citation ("Kế hoạch A … tổng thể năng suất … đến năm 2030 triển khai
        B"): words of one clause that hold no cue of another relation."""
        if ";" in between:
            return False
        piece = FoldedText(between)
        if not piece.word_texts:
            return True
        # a cue of another relation matches at a word if and only if the best of them does
        others = _cues_but(relation)
        if len(piece.word_texts) <= DESCRIPTION_MAX_WORDS and ":" not in between \
                and not any(piece.best_phrase_at(i, others) for i in range(len(piece.word_texts))):
            return True
        end = len(between.rstrip())
        about = piece.best_phrase_at(0, self.words["about"])
        if about and about.end >= end:
            return True
        issuing = piece.best_phrase_at(0, self.words["issuing"])
        if issuing is None:
            return False
        return 0 < len(piece.folded[issuing.end:].split()) <= ISSUED_MAX_WORDS

    def citation_before(self, offset: int) -> int:
        """Index of the first citation starting at or after ``offset``."""
        return bisect.bisect_left(self.starts, offset)

    def nearest_untargeted_before(self, index: int, offset: int) -> int | None:
        """For "(thay thế …)": the nearest earlier citation of the clause that
        no cue points to."""
        sentence = self.sentences.at(offset)
        for previous in range(index - 1, -1, -1):
            start = self.citations[previous].span.start
            if start < sentence.start:
                return None
            if ";" in self.ft.folded[self.tails[previous]:offset]:
                return None
            if previous not in self.targets and previous not in self.cue_objects:
                return previous
        return None

    def sources_in_parenthesis_after(self, index: int) -> list[int]:
        """"thực hiện B (Kế hoạch A …; Quyết định A' …)": A, A'."""
        opening = OPENING_PARENTHESIS.match(self.ft.folded, self.tails[index],
                                            self.tails[index] + patterns.MATCH_REACH)
        if not opening:
            return []
        close = self.ft.folded.find(")", opening.end())
        close = len(self.ft.text) if close < 0 else close
        inside = []
        for following in range(index + 1, len(self.citations)):
            if self.citations[following].span.start >= close:
                break
            inside.append(following)
        return inside

    def sources_in_footnote(self, cue: _Cue) -> list[int]:
        """"Ban hành Kế hoạch thực hiện B[footnote: Kế hoạch số A]": A."""
        type_word = self.ft.best_phrase_before(
            cue.span.start, self.type_index)
        if type_word is None:
            return []
        named_type = next(t.name for t in VOCAB.doc_types if type_word.phrase in t.words)
        sentence = self.sentences.at(cue.span.start)
        for note in self.notes:
            if sentence.start <= note.marker.start < sentence.end and note.marker.start > cue.span.end:
                inside = [i for i, c in enumerate(self.citations)
                          if note.body.start <= c.span.start < note.body.end]
                if inside and all(self.citations[i].type == named_type for i in inside):
                    return inside
        return []

    def requested_by(self, index: int) -> bool:
        """"Theo đề nghị của … tại Công văn số B": the text answers B."""
        target = self.citations[index]
        if not self.ft.best_phrase_before(target.span.start, self.words["request_place"], CUE_GAP):
            return False
        sentence = self.sentences.at(target.span.start)
        last = self.ft.word_index_before(target.span.start)
        first = max(self.ft.word_index_at_or_after(sentence.start), last - REQUEST_REACH_WORDS)
        return any(self.ft.best_phrase_at(i, self.words["request"]) for i in range(first, last + 1))

    def clause_start(self, offset: int) -> int:
        """Start of the clause holding ``offset``: after the last ";" of its sentence."""
        sentence = self.sentences.at(offset)
        before = bisect.bisect_left(self.clause_breaks, offset) - 1
        return max(sentence.start, self.clause_breaks[before] + 1 if before >= 0 else 0)

    def opens_with_basis(self, index: int) -> bool:
        """"Căn cụ Luật Tổ chức Chính phủ số 63/2025/QH15; Luật …": the first
        citation of each clause of a sentence opened by "căn cứ"."""
        start = self.citations[index].span.start
        if index > 0 and self.citations[index - 1].span.start >= self.clause_start(start):
            return False
        return self.opens_with(self.sentences.at(start), {"based_on"}) is not None and self.states_basis(start)

    def states_basis(self, offset: int) -> bool:
        """Bases are stated in the preamble (before the first article of a
        document divided into articles), not in a table row."""
        if self.first_article is not None and offset > self.first_article:
            return False
        line = self.ft.folded.rfind("\n", 0, offset) + 1
        return not patterns.TABLE_ROW_START.match(self.ft.folded, line)

    def opens_with(self, sentence: Span, relations: set[str]) -> str | None:
        """The relation whose cue opens ``sentence`` (after list numbering or
        "Điều 1."), if it is one of ``relations``."""
        index = self.first_word(sentence)
        if index is None:
            return None
        cue = self.ft.best_phrase_at(index, _cues_of(frozenset(relations)))
        return self.cues[cue.phrase] if cue else None

    def first_word(self, sentence: Span) -> int | None:
        """The first word of ``sentence`` after list numbering and "Điều N."."""
        index = self.ft.word_index_at_or_after(sentence.start)
        texts = self.ft.word_texts
        while index < len(texts) and (texts[index].isdigit() or texts[index] == "dieu"):
            index += 1
        return index if index < len(texts) and self.ft.word_starts[index] < sentence.end else None

    def opens_clause(self, offset: int) -> bool:
        """Nothing but markup and numbering before ``offset`` in its clause, or
        in its line when it starts with a capital ("…;\nThực hiện …")."""
        start = self.clause_start(offset)
        if patterns.CLAUSE_LEAD.fullmatch(self.ft.folded, start, offset):
            return True
        line = self.ft.folded.rfind("\n", 0, offset) + 1
        if not (line > start and self.ft.text[offset].isupper()
                and patterns.CLAUSE_LEAD.fullmatch(self.ft.folded, line, offset)):
            return False
        above = patterns.MARKUP_AROUND.sub("", self.ft.text[self.ft.text.rfind("\n", 0, line - 1) + 1:line])
        return above.isupper() or above.endswith((";", ":", "."))  # under a heading, or after a clause

    def names_itself(self, offset: int) -> bool:
        """"Quyết định này (có hiệu lực … và) thay thế …": the clause before
        ``offset`` names the citing document, and no other document."""
        start = self.clause_start(offset)
        if self.citation_before(start) < self.citation_before(offset):
            return False
        first, last = self.ft.word_index_at_or_after(start), self.ft.word_index_before(offset)
        return any(self.ft.best_phrase_at(i, self.self_names) for i in range(first, last + 1))

    def speaks_of_itself(self, cue: _Cue) -> bool:
        """The citing document is the source of ``cue``: it names itself, or
        the cue opens a clause of its opening part or title, or an article."""
        if cue.passive or cue.parenthetical:
            return False
        if self.names_itself(cue.span.start):
            return True
        if not self.opens_clause(cue.span.start):
            return False
        opening = cue.span.start < self.opening_end and cue.relation in self.words["opening"]
        in_articles = self.in_articles(cue.span.start) and cue.relation in self.words["in_articles"]
        return opening or in_articles

    def lists_heading(self, sentence: Span) -> str | None:
        """The relation a heading states of the list below it: "Điều 1. Bãi bỏ
        …", "Các Quyết định sau đây hết hiệu lực …:", "Căn cứ pháp lý …"."""
        relation = self.opens_with(sentence, set(self.words["list_heading"]))
        if relation:
            return relation
        index = self.first_word(sentence)
        if index is None:
            return None
        if self.ft.best_phrase_at(index, self.words["basis_heading"]):
            return "based_on"
        if not self.ft.folded[sentence.start:sentence.end].rstrip(" \n*_").endswith(":"):
            return None
        last = self.ft.word_index_before(sentence.end)
        for i in range(index, last + 1):
            found = self.ft.best_phrase_at(i, self.trailing_index)
            if found and not self.reported(found.start):
                return self.trailing[found.phrase]
        return None

    def relate_lists_under_headings(self) -> None:
        """"Điều 1. Bãi bỏ toàn bộ …" then "1. Quyết định số A …", "2. …": the
        citing document acts on the head citation of each item."""
        firsts = {}
        for index, citation in enumerate(self.citations):
            firsts.setdefault(self.sentences.at(citation.span.start), index)
        relation, heading = None, None
        for sentence in self.sentences.spans:
            head = firsts.get(sentence)
            if head is None:
                relation, heading = self.lists_heading(sentence), sentence
                continue
            if relation is None or not LIST_ITEM.match(self.ft.folded, sentence.start, sentence.end):
                relation = None
                continue
            cited = self.citations[head]
            item = Span(sentence.start, min(sentence.end, sentence.start + EVIDENCE_MAX))
            self.record(None, relation, head, cited.span.start, cited.span.end, self.under_heading(heading, item))

    def reported(self, offset: int) -> bool:
        """"… đã hết hiệu lực": a fact reported, not an act."""
        return self.ft.best_phrase_before(offset, self.words["reported"], "") is not None

    def relate_trailing(self) -> None:
        """"Quyết định số A … và Quyết định số B … hết hiệu lực kể từ ngày …":
        the citing document ends the documents that open the clause."""
        index = 0
        while index < len(self.citations):
            chain = self.enumerated_after(index)
            first = self.citations[index]
            if index not in self.cue_objects and self.opens_clause(first.span.start):
                found = self.trailing_cue_after(chain[-1])
                if found:
                    for t in chain:
                        self.record(None, self.trailing[found.phrase], t, first.span.start, found.end)
            index = chain[-1] + 1

    def trailing_cue_after(self, index: int):
        """The trailing cue ("hết hiệu lực") ending the description of citation
        ``index`` in its clause, before any other document."""
        tail = self.tails[index]
        following = self.citations[index + 1].span.start if index + 1 < len(self.citations) else len(self.ft.text)
        stop = min(following, self.sentences.at(tail).end)
        semicolon = self.ft.folded.find(";", tail, stop)
        stop = semicolon if semicolon >= 0 else stop
        first = self.ft.word_index_at_or_after(tail)
        for i in range(first, min(first + DESCRIPTION_MAX_WORDS, len(self.ft.word_texts))):
            if self.ft.word_starts[i] >= stop:
                return None
            found = self.ft.best_phrase_at(i, self.trailing_index)
            if found:
                return None if self.reported(found.start) else found
        return None

    def relate_named_laws(self) -> None:
        """"Nghị định số A quy định chi tiết một số điều của Luật Lưu trữ": a
        law named without its number, whose number the text cites elsewhere."""
        if not self.law_names:
            return
        for word_index in [i for i, word in enumerate(self.ft.word_texts) if word == "luat"]:
            start = self.ft.word_starts[word_index]
            if not self.ft.text[start].isupper() or self.inside_citation(start):
                continue
            name = self.law_name_at(word_index + 1)
            if name is None:
                continue
            cue = self.cue_before(start)
            if cue is None or cue.passive or cue.relation in ("based_on", "responds_to", "promulgates"):
                continue
            following = self.citation_before(start)
            source = self.source_before_cue(following, cue)
            if source is not None:
                for relation in cue.relations:
                    self.record_id(self.citations[source], relation, self.law_names[name],
                                   self.citations[source].span.start, self.ft.word_ends[word_index])
            elif self.speaks_of_itself(cue):
                for relation in cue.relations:
                    self.record_id(None, relation, self.law_names[name], cue.span.start, cue.span.end)

    def law_name_at(self, index: int, numbered: bool = False) -> str | None:
        """The longest known law name starting at word ``index``; unless
        ``numbered``, not followed by a number (then it is a citation)."""
        match = self.ft.best_phrase_at(index, list(self.law_names))
        if match is None:
            return None
        if not numbered and NUMBER_AFTER_NAME.match(self.ft.folded, match.end):
            return None
        return match.phrase

    # --- the walk -------------------------------------------------------------------

    def read(self) -> list[Relation]:
        for index, target in enumerate(self.citations):
            if self.requested_by(index):  # "tại Tờ trình số A và số B"
                for t in self.enumerated_after(index):
                    self.record(None, "responds_to", t, target.span.start, self.citations[t].span.end)
                continue
            cue = self.cue_before(target.span.start)
            if cue is not None and self.in_own_name(index, cue):
                self.relate_titled(index, cue)
                cue = None
            if cue is None:
                if self.opens_with_basis(index):
                    for t in self.enumerated_after(index):
                        self.record(None, "based_on", t, target.span.start, self.citations[t].span.end)
                continue
            self.relate_cue(index, cue)
        self.relate_lists_under_headings()
        self.relate_trailing()
        self.relate_named_laws()
        self.cite_everything()
        return list(self.relations.values())

    def relate_titled(self, index: int, cue: _Cue) -> None:
        """"Luật sửa đổi, bổ sung một số điều của Luật Đất đai số B": the cue is
        in B's name, so B acts on the law its name names."""
        if cue.named is None:
            return
        name = self.law_name_at(self.ft.word_index_at_or_after(cue.named.start) + 1, numbered=True)
        if name is not None:
            for relation in cue.relations:
                self.record_id(self.citations[index], relation, self.law_names[name],
                               cue.span.start, self.citations[index].span.end)

    def relate_cue(self, index: int, cue: _Cue) -> None:
        target = self.citations[index]
        targets = self.enumerated_after(index)
        if cue.relation != "promulgates":  # what is issued may be the subject of the rest
            self.cue_objects.update(targets)
        if cue.relation in ("based_on", "responds_to"):
            if cue.relation == "responds_to" or (self.opens_clause(cue.span.start) and self.states_basis(cue.span.start)):
                for t in targets:
                    self.record(None, cue.relation, t, cue.span.start, self.citations[t].span.end)
            return
        note = self.footnote_holding(cue.span.start)
        if note and self.opens_with(note.body, {cue.relation}):
            # "[3: Thay thế Kế hoạch số …]": the footnote speaks of what its marker follows
            source = self.nearest_untargeted_before(self.citation_before(note.marker.end), note.marker.end)
            sources = [source] if source is not None else []
        elif cue.parenthetical:
            source = self.nearest_untargeted_before(index, cue.span.start)
            sources = [source] if source is not None else []
        else:
            source = self.source_before_cue(index, cue)
            sources = self.enumerated_before(source) if source is not None else []
        if not sources and cue.passive:
            sources = self.same_type_before(index, cue)
        if not sources:
            sources = self.sources_in_parenthesis_after(targets[-1]) or self.sources_in_footnote(cue)
        if not sources and self.speaks_of_itself(cue):
            if cue.relation == "implements":
                targets = self.clauses_after(targets)
            for t in targets:
                for relation in cue.relations:
                    self.record(None, relation, t, cue.span.start, self.citations[t].span.end)
            return
        basis = cue.passive and self.opens_with(self.sentences.at(cue.span.start), {"based_on"}) \
            and self.states_basis(cue.span.start)
        for s in sources:
            for t in targets:
                first, second = (t, s) if cue.passive else (s, t)
                start = min(self.citations[s].span.start, cue.span.start, target.span.start)
                end = max(self.citations[s].span.end, self.citations[t].span.end)
                for relation in cue.relations:
                    self.record(self.citations[first], relation, second, start, end)
                if basis:  # "Căn cứ Luật A được sửa đổi, bổ sung bởi Luật B": B is a basis too
                    self.record(None, "based_on", t, cue.span.start, end)

    def same_type_before(self, index: int, cue: _Cue) -> list[int]:
        """"Nghị định số A quy định chi tiết … Luật X được sửa đổi, bổ sung bởi
        Nghị định số B": an act amends or replaces one of its own type, the
        nearest of the clause."""
        if cue.relation not in ("amends", "replaces"):
            return []
        start = self.clause_start(cue.span.start)
        for previous in range(index - 1, -1, -1):
            if self.citations[previous].span.start < start:
                break
            if self.citations[previous].span.end <= cue.span.start \
                    and self.citations[previous].type == self.citations[index].type:
                return [previous]
        return []

    def clauses_after(self, targets: list[int]) -> list[int]:
        """"Thực hiện Nghị quyết số A; Kế hoạch số B; …": the documents that
        open the following clauses of the sentence, with no cue of their own."""
        targets = list(targets)
        sentence = self.sentences.at(self.citations[targets[0]].span.start)
        following = targets[-1] + 1
        while following < len(self.citations):
            start = self.citations[following].span.start
            if start >= sentence.end or self.gap(self.tails[targets[-1]], start).strip(" ;") not in ("", "va"):
                break
            if ";" not in self.ft.folded[self.tails[targets[-1]]:start] or self.cue_before(start):
                break
            targets.extend(self.enumerated_after(following))
            following = targets[-1] + 1
        return targets

    def cite_everything(self) -> None:
        seen = set()
        for index, citation in enumerate(self.citations):
            if citation.id in seen:
                continue
            seen.add(citation.id)
            self.record(None, "cites", index, citation.span.start, citation.span.end)


def relate(ft: FoldedText, document: DocumentInfo, citations: list[Citation], file: str) -> list[Relation]:
    """The relations ``citations`` of one text stand in, typed ones first."""
    return _Reader(ft, document, citations, file).read()
