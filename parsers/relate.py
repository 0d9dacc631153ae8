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
  itself is the source (None when it has no number of its own).

Every citing document also `cites` each document it mentions.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex

from parsers import patterns
from parsers.fold import FoldedText
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
LIST_ITEM = regex.compile(r"\s*(?:\d+[.)]|[a-zđ]\)|[-+•])\s")
# How many words may describe a document between it and the cue it states.
DESCRIPTION_MAX_WORDS = 30
# How many words may name the unnumbered document a citation issues:
# "về ban hành chương trình hành động của Chính phủ thực hiện …".
ISSUED_MAX_WORDS = 8


@dataclass(frozen=True, slots=True)
class _Cue:
    relation: str
    span: Span
    passive: bool
    parenthetical: bool


class _Reader:
    """The state shared while relating one text."""

    def __init__(self, ft: FoldedText, document: DocumentInfo, citations: list[Citation], file: str):
        self.ft, self.document, self.file = ft, document, file
        self.citations = [c for c in citations if not (document.id and c.id == document.id)]
        self.sentences = ft.sentences
        self.notes = find_footnotes(ft.text) + self.glued_footnotes()
        self.cues = {phrase: r.name for r in VOCAB.relation_types for phrase in r.cues}
        self.words = VOCAB.relation_words
        self.starts = [c.span.start for c in self.citations]
        self.tails = [c.tail if c.tail is not None else c.span.end for c in self.citations]
        self.clause_breaks = [m.start() for m in CLAUSE_BREAK.finditer(ft.folded)]
        self.relations: dict[tuple, Relation] = {}
        self.targets: set[int] = set()  # citations a recorded relation points to
        self.cue_objects: set[int] = set()  # citations a cue (but "ban hành") points to

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

    def record(self, source: Citation | None, relation: str, target_index: int, start: int, end: int) -> None:
        target = self.citations[target_index]
        source_id = source.id if source else self.document.id
        if source_id == target.id:
            return
        self.targets.add(target_index)
        key = (source_id, relation, target.id)
        if key not in self.relations:
            self.relations[key] = Relation(source_id, relation, target.id, self.evidence(start, end))

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
            if between.strip(" ,") not in ("", "va", "và", "s", "so") or ";" in between:
                break
            chain.append(following)
        return chain

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

    def cue_before(self, offset: int) -> _Cue | None:
        """A relation cue ending right before ``offset``, over fillers and the
        passive "bởi"."""
        passive = self.ft.best_phrase_before(offset, self.words["passive"], CUE_GAP)
        end = passive.start if passive else offset
        article = patterns.ARTICLE_BEFORE.search(self.ft.folded, max(0, end - 80), end)
        end = article.start() if article else end  # "sửa đổi Điều 5 Quyết định số …"
        named = patterns.NAMED_LAW_BEFORE.search(self.ft.folded, max(0, end - 120), end)
        end = named.start() if named else end  # "… của Luật Đất đai số 31/2024/QH15"
        filler = self.ft.best_phrase_before(end, self.words["fillers"], CUE_GAP)
        for stop in ([filler.start, end] if filler else [end]):
            match = self.ft.best_phrase_before(stop, self.cues, CUE_GAP)
            if match:
                opening = self.ft.folded[:match.start].rstrip()
                made = self.ft.best_phrase_before(match.start, self.words["passive_before_cue"], "")
                return _Cue(self.cues[match.phrase], Span(match.start, match.end),
                            passive is not None or made is not None, opening.endswith("("))
        return None

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
            return previous if self._leads_into_cue(between) else None
        return None

    def _leads_into_cue(self, between: str) -> bool:
        """Nothing, "về", "ban hành Kế hoạch hành động", or the subject of the
        citation ("Kế hoạch A … tổng thể năng suất … đến năm 2030 triển khai
        B"): words of one clause that hold no other cue."""
        piece = FoldedText(between)
        if not piece.words:
            return True
        if len(piece.words) <= DESCRIPTION_MAX_WORDS and not regex.search(r"[;:]", between) \
                and not any(piece.find_phrase_at(i, p) for i in range(len(piece.words)) for p in self.cues):
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
            cue.span.start, {w: t.name for t in VOCAB.doc_types for w in t.words})
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
        """"Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15; Luật …": the first
        citation of each clause of a sentence opened by "căn cứ"."""
        start = self.citations[index].span.start
        if index > 0 and self.citations[index - 1].span.start >= self.clause_start(start):
            return False
        return self.opens_with(self.sentences.at(start), {"based_on"}) is not None

    def opens_with(self, sentence: Span, relations: set[str]) -> str | None:
        """The relation whose cue opens ``sentence`` (after list numbering or
        "Điều 1."), if it is one of ``relations``."""
        index = self.ft.word_index_at_or_after(sentence.start)
        while index < len(self.ft.words) and (self.ft.words[index].text.isdigit()
                                              or self.ft.words[index].text == "dieu"):
            index += 1
        if index >= len(self.ft.words) or self.ft.words[index].start >= sentence.end:
            return None
        cue = self.ft.best_phrase_at(index, [p for p, name in self.cues.items() if name in relations])
        return self.cues[cue.phrase] if cue else None

    def relate_lists_under_headings(self) -> None:
        """"Điều 1. Bãi bỏ toàn bộ …" then "1. Quyết định số A …", "2. …": the
        citing document acts on the head citation of each item."""
        heading = set(self.words["list_heading"])
        firsts = {}
        for index, citation in enumerate(self.citations):
            firsts.setdefault(self.sentences.at(citation.span.start), index)
        relation = None
        for sentence in self.sentences.spans:
            head = firsts.get(sentence)
            if head is None:
                relation = self.opens_with(sentence, heading)
                continue
            if relation is None or not LIST_ITEM.match(self.ft.folded, sentence.start, sentence.end):
                relation = None
                continue
            cited = self.citations[head]
            self.record(None, relation, head, cited.span.start, cited.span.end)

    # --- the walk -------------------------------------------------------------------

    def read(self) -> list[Relation]:
        for index, target in enumerate(self.citations):
            if self.requested_by(index):
                self.record(None, "responds_to", index, target.span.start, target.span.end)
                continue
            cue = self.cue_before(target.span.start)
            if cue is None:
                if self.opens_with_basis(index):
                    for t in self.enumerated_after(index):
                        self.record(None, "based_on", t, target.span.start, self.citations[t].span.end)
                continue
            self.relate_cue(index, cue)
        self.relate_lists_under_headings()
        self.cite_everything()
        return list(self.relations.values())

    def relate_cue(self, index: int, cue: _Cue) -> None:
        target = self.citations[index]
        targets = self.enumerated_after(index)
        if cue.relation != "promulgates":  # what is issued may be the subject of the rest
            self.cue_objects.update(targets)
        if cue.relation in ("based_on", "responds_to"):
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
        if not sources:
            sources = self.sources_in_parenthesis_after(targets[-1]) or self.sources_in_footnote(cue)
        for s in sources:
            for t in targets:
                first, second = (t, s) if cue.passive else (s, t)
                start = min(self.citations[s].span.start, cue.span.start, target.span.start)
                end = max(self.citations[s].span.end, self.citations[t].span.end)
                self.record(self.citations[first], cue.relation, second, start, end)

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
