"""Read damaged text: match on a folded copy, report on the original.

The folded copy has exactly one character for each character of the NFC
text (so an offset in one is the same offset in the other): diacritics are
stripped, đ/Đ become d/D, and the look-alikes of ``data/vocab/ocr.toml`` are
mapped. Case is kept, because codes are upper case and words are not.

Words are then compared with a small edit distance, so that one table of
clean phrases ("kế hoạch", "Ban Thường vụ Tỉnh ủy") also finds "Ké hoach",
"K& hoach" and "Ban Thuong vu Tinh ty".

>>> fold("Kế hoạch số 359-KH/TU")
'Ke hoach so 359-KH/TU'
>>> len(fold("Quyết định")) == len("Quyết định")
True
>>> FoldedText("Ké hoach s6 336").find_phrase_before(8, "kế hoạch") is not None
True
"""

from __future__ import annotations

import bisect
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache

import regex
from rapidfuzz.distance import Levenshtein

from parsers.sentences import Sentences
from parsers.vocab import VOCAB_DIR


# What an invisible character (see [fold_categories] of ocr.toml) folds to
# inside a word or number: the word joiner, which shows nothing, is neither a
# word character nor a space, and which the patterns of numbers, codes and
# words skip ("3\u200b27/QĐ-UBND" is 327/QĐ-UBND). Elsewhere it folds to a space.
VANISHED = "\u2060"
_VANISHED_RUN = regex.compile(f"{VANISHED}+")

# A word: letters, digits and the symbols OCR prints inside Vietnamese words
# ("K&", "S¢" folds to "Se"), and VANISHED. Apostrophes glue OCR fragments ("Chu'(mg").
WORD = regex.compile(rf"[\w&'{VANISHED}]+")


@cache
def _ocr_table() -> dict:
    with open(VOCAB_DIR / "ocr.toml", "rb") as handle:
        return tomllib.load(handle)


# Compatibility forms that copy one character: fullwidth, halfwidth, math letters.
_COPIES = ("<wide>", "<narrow>", "<font>")


@cache
def _visible_char(char: str) -> str:
    """What a reader sees of one character, without folding diacritics: a
    space for every space, the ASCII digit of every decimal digit, the letter
    a fullwidth form or a Cyrillic look-alike copies, "" for an invisible
    character."""
    look_alike = _ocr_table()["look_alikes"].get(char)
    if look_alike is not None:
        return look_alike
    decomposition = unicodedata.decomposition(char).split()
    if decomposition[:1] and decomposition[0] in _COPIES and len(decomposition) == 2:
        return _visible_char(chr(int(decomposition[1], 16)))
    if unicodedata.decimal(char, None) is not None:
        return str(unicodedata.decimal(char))
    return _ocr_table()["fold_categories"].get(unicodedata.category(char), char)


def visible(text: str) -> str:
    """The text as a reader sees it (see _visible_char), for ids built from
    the original text ("Q\u00adĐ", "ＱĐ" → "QĐ").

    >>> visible("３\u200b27/Q\u00adĐ-ＵＢＮＤ\u200e")
    '327/QĐ-UBND'
    """
    return "".join(map(_visible_char, text))


@cache
def _fold_char(char: str) -> str:
    mapped = _ocr_table()["fold"].get(char)
    if mapped is not None:
        return mapped
    if char in "đĐ":
        return "d" if char == "đ" else "D"
    seen = _visible_char(char)
    if seen != char:
        return _fold_char(seen) if seen else VANISHED
    base = unicodedata.normalize("NFD", char)[0]
    folded = _ocr_table()["fold"].get(base, base)
    return folded if len(folded) == 1 else char


def fold(text: str) -> str:
    """One folded character per character of ``text`` (see module doc).

    >>> fold("3\u200b27 ngày\u200e 5") == "3" + VANISHED + "27 ngay  5"
    True
    """
    # one translation table for the characters this text holds: each distinct
    # character is folded once, the text in one C-level pass
    folded = text.translate({ord(c): _fold_char(c) for c in set(text)})
    return _VANISHED_RUN.sub(_inside_or_space, folded) if VANISHED in folded else folded


def _inside_or_space(run: regex.Match) -> str:
    """Invisible characters stay VANISHED between two letters or digits, and
    are spaces elsewhere (an LRM after an id, a BOM at a line start)."""
    before, after = run.string[run.start() - 1:run.start()], run.string[run.end():run.end() + 1]
    return run.group() if before.isalnum() and after.isalnum() else " " * len(run.group())


@cache
def _digraphs() -> regex.Pattern:
    table = _ocr_table()["word_digraphs"]
    return regex.compile("|".join(map(regex.escape, table)))


def _undo_digraphs(word: str) -> str:
    """"ciia" → "cua": the word as compared (offsets stay those of the text)."""
    return _digraphs().sub(lambda m: _ocr_table()["word_digraphs"][m.group()], word)


def plain(phrase: str) -> str:
    """A clean vocabulary phrase as the matcher compares it: folded, lower case,
    words only ("sửa đổi, bổ sung" → "sua doi bo sung")."""
    return " ".join(WORD.findall(fold(phrase).lower()))


@cache
def _phrase_shape(phrase: str) -> tuple[str, int, frozenset[str], tuple[str, ...]]:
    """The phrase as compared: text, word count, words, initials."""
    target = plain(phrase)
    words = target.split() or [""]
    return target, len(words), frozenset(words), tuple(w[:1] for w in words)


def _could_match(words: list[str], initials: tuple[str, ...], vocabulary: frozenset[str]) -> bool:
    """A cheap test before the edit distance: OCR seldom damages the first
    letter of every word of a phrase, so a candidate either shares a word
    with the phrase exactly or has the same initials ("thue hiộn" for
    "thực hiện")."""
    if not vocabulary.isdisjoint(words):
        return True
    if len(words) != len(initials):
        return words[0][:1] == initials[0]
    return all(w[:1] == i for w, i in zip(words, initials))


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, or limit + 1 once it is beyond ``limit``.

    >>> edit_distance("thue hion", "thuc hien", 2), edit_distance("abc", "xyz", 1)
    (2, 2)
    """
    return Levenshtein.distance(a, b, score_cutoff=limit)


@cache
def allowed_errors(phrase: str) -> int:
    fuzzy = _ocr_table()["fuzzy"]
    letters = len(phrase.replace(" ", ""))
    if letters < fuzzy["exact_below"]:
        return 0
    return int(letters * fuzzy["max_error_rate"])


# Phrases of at least this many letters may, once split or joined by OCR,
# also differ by one character; shorter ones must then match exactly
# ("dan" is not "đề án").
SPLIT_SLACK_FROM = 8


@cache
def _split_joined(phrase: str) -> tuple[str, int]:
    """The plain phrase without spaces, and the errors it may have once OCR
    split or joined its words."""
    joined = phrase.replace(" ", "")
    return joined, 1 if len(joined) >= SPLIT_SLACK_FROM else 0


def phrase_errors(spaced: str, joined: str, count: int, phrase: str, limit: int | None = None
                  ) -> int | None:
    """Edit distance between ``count`` damaged words — given ``spaced`` (with
    single spaces) and ``joined`` (without) — and a vocabulary ``phrase``, or
    None when it is beyond what the phrase's length allows.

    When OCR split or joined words (a word more or fewer than the phrase),
    only the spacing and one more character may differ: otherwise a phrase
    would swallow a neighbouring word ("và Bộ Công Thương").

    >>> phrase_errors("thue hion", "thuehion", 2, "thực hiện"), phrase_errors("thuchien", "thuchien", 1, "thực hiện")
    (2, 0)
    """
    target, words = _phrase_shape(phrase)[:2]
    if count != words:
        whole, slack = _split_joined(target)
        distance = edit_distance(joined, whole, slack)
        return distance if distance <= slack else None
    limit = allowed_errors(target) if limit is None else limit
    distance = edit_distance(spaced, target, limit)
    return distance if distance <= limit else None


@lru_cache(maxsize=1 << 14)
def _lengths(phrase: str, limit: int | None) -> tuple[int, int, int, int]:
    """Lengths of a phrase as compared — with spaces, without — and the
    errors allowed for each (see phrase_errors)."""
    target = _phrase_shape(phrase)[0]
    whole, slack = _split_joined(target)
    return len(target), allowed_errors(target) if limit is None else limit, len(whole), slack


@dataclass(frozen=True, slots=True)
class _WordSpan:
    """Some consecutive words as the matcher compares them."""

    texts: list[str]
    spaced: str
    joined: str
    undone: tuple[str, str] | None  # spaced and joined with OCR digraphs undone, if any
    contiguous: bool
    lengths: tuple[int, int, int, int]  # of spaced, joined, and of both undone (or again)


@dataclass(frozen=True, slots=True)
class Word:
    start: int
    end: int
    text: str  # folded, lower case


@dataclass(frozen=True, slots=True)
class PhraseMatch:
    start: int
    end: int
    phrase: str
    errors: int


class _PhraseIndex:
    """Phrases by the initial of their first and last word and by each word,
    so that a position is compared only with the phrases that could match
    there (see _could_match)."""

    def __init__(self, phrases: tuple[str, ...]):
        self.by_first: dict[str, list[str]] = {}
        self.by_last: dict[str, list[str]] = {}
        self.by_word: dict[str, list[str]] = {}
        self.longest = 1
        for phrase in phrases:
            words = _phrase_shape(phrase)[0].split() or [""]
            self.longest = max(self.longest, len(words) + 1)
            self.by_first.setdefault(words[0][:1], []).append(phrase)
            self.by_last.setdefault(words[-1][:1], []).append(phrase)
            for word in set(words):
                self.by_word.setdefault(word, []).append(phrase)

    def candidates(self, edge_word: str, nearby: list[Word], by_edge: dict[str, list[str]]) -> list[str]:
        found = dict.fromkeys(by_edge.get(edge_word[:1], ()))
        for word in nearby:
            found.update(dict.fromkeys(self.by_word.get(word.text, ())))
        return list(found)


@lru_cache(maxsize=64)
def _phrase_index(phrases: tuple[str, ...]) -> _PhraseIndex:
    return _PhraseIndex(phrases)


def _best_first(match: PhraseMatch) -> tuple[int, int]:
    """Rank matches: the most letters matched, each error costing two, so
    that a longer phrase with one OCR error ("Trưởng Ban Chỉ đạo Trung wơng")
    beats a shorter exact one inside it, but a phrase does not swallow a
    neighbouring word ("uy ban hanh" is "ban hành", not "đã ban hành")."""
    letters = len(_phrase_shape(match.phrase)[0].replace(" ", ""))
    return -(letters - 2 * match.errors), match.errors


class FoldedText:
    """The NFC text, its folded copy, and its words, for matching phrases."""

    def __init__(self, text: str):
        self.text = text
        self.folded = fold(text)

    @cached_property
    def sentences(self) -> Sentences:
        """The sentences of the text, split once for every stage."""
        return Sentences(self.text)

    @cached_property
    def words(self) -> list[Word]:
        return [Word(m.start(), m.end(), m.group().lower().replace(VANISHED, ""))
                for m in WORD.finditer(self.folded)]

    @cached_property
    def _starts(self) -> list[int]:
        return [w.start for w in self.words]

    @cached_property
    def _ends(self) -> list[int]:
        return [w.end for w in self.words]

    def word_index_at_or_after(self, offset: int) -> int:
        return bisect.bisect_left(self._starts, offset)

    def word_index_before(self, offset: int) -> int:
        """Index of the last word ending at or before ``offset`` (-1 if none)."""
        return bisect.bisect_right(self._ends, offset) - 1

    def gap_is_blank(self, start: int, end: int, allowed: str = "") -> bool:
        """True when folded[start:end] holds only spaces and ``allowed`` chars."""
        return all(c.isspace() or c in allowed for c in self.folded[start:end])

    def find_phrase_before(self, offset: int, phrase: str, gap: str = "*\"'(",
                           limit: int | None = None) -> PhraseMatch | None:
        """Match ``phrase`` on the words that end right before ``offset``
        (only blanks and ``gap`` characters in between), with at most
        ``limit`` errors (default: by the phrase's length)."""
        last = self.word_index_before(offset)
        if last < 0 or not self.gap_is_blank(self.words[last].end, offset, gap):
            return None
        return self._match(phrase, limit, lambda n: (last - n + 1, last + 1))

    def find_phrase_at(self, index: int, phrase: str, limit: int | None = None) -> PhraseMatch | None:
        """Match ``phrase`` on the words starting at word ``index``."""
        return self._match(phrase, limit, lambda n: (index, index + n))

    def _match(self, phrase: str, limit: int | None, window) -> PhraseMatch | None:
        """The best match of ``phrase`` over the words ``window(n)`` for n
        words: as many as the phrase has, or one fewer or more, since OCR
        splits and joins words."""
        target, count, vocabulary, initials = _phrase_shape(phrase)
        spaced_length, spaced_limit, joined_length, joined_limit = _lengths(phrase, limit)
        best = None
        for n in {max(1, count - 1), count, count + 1}:
            first, stop = window(n)
            if first < 0 or stop > len(self.words):
                continue
            span = self._span(first, stop)
            # an edit distance is at least the difference of the lengths
            if n == count:
                short = abs(span.lengths[0] - spaced_length) > spaced_limit \
                    and abs(span.lengths[2] - spaced_length) > spaced_limit
            else:
                short = abs(span.lengths[1] - joined_length) > joined_limit \
                    and abs(span.lengths[3] - joined_length) > joined_limit
            if short or not span.contiguous or not _could_match(span.texts, initials, vocabulary):
                continue
            errors = phrase_errors(span.spaced, span.joined, n, phrase, limit)
            if span.undone is not None:  # "ciia", "Tinh iiy": compare as "cua", "uy" too
                undone = phrase_errors(*span.undone, n, phrase, limit)
                errors = min((e for e in (errors, undone) if e is not None), default=None)
            if errors is not None and (best is None or errors < best.errors):
                best = PhraseMatch(self.words[first].start, self.words[stop - 1].end, phrase, errors)
        return best

    def _span(self, first: int, stop: int) -> _WordSpan:
        """Words [first, stop) as compared, built once per text and window."""
        span = self._spans.get((first, stop))
        if span is None:
            texts = self._texts[first:stop]
            undone = self._undone[first:stop]
            spaced, joined = " ".join(texts), "".join(texts)
            undone_pair = (" ".join(undone), "".join(undone)) if undone != texts else None
            compared = undone_pair or (spaced, joined)
            span = _WordSpan(
                texts, spaced, joined, undone_pair, self._breaks[stop - 1] == self._breaks[first],
                (len(spaced), len(joined), len(compared[0]), len(compared[1])),
            )
            self._spans[(first, stop)] = span
        return span

    @cached_property
    def _spans(self) -> dict[tuple[int, int], _WordSpan]:
        return {}

    @cached_property
    def _texts(self) -> list[str]:
        return [w.text for w in self.words]

    @cached_property
    def _undone(self) -> list[str]:
        return [_undo_digraphs(t) for t in self._texts]

    def best_phrase_at(self, index: int, phrases) -> PhraseMatch | None:
        """The best of ``phrases`` starting at word ``index`` (see _best_first):
        "Chủ tịch UBND tỉnh" over "UBND tỉnh"."""
        if index >= len(self.words):
            return None
        index_of = _phrase_index(tuple(phrases))
        nearby = self.words[index:index + index_of.longest + 1]
        candidates = index_of.candidates(nearby[0].text, nearby, index_of.by_first)
        matches = [m for p in candidates if (m := self.find_phrase_at(index, p))]
        return min(matches, key=_best_first, default=None)

    def best_phrase_before(self, offset: int, phrases, gap: str = "*\"'(",
                           limit: int | None = None) -> PhraseMatch | None:
        last = self.word_index_before(offset)
        if last < 0:
            return None
        index_of = _phrase_index(tuple(phrases))
        nearby = self.words[max(0, last - index_of.longest):last + 1]
        candidates = index_of.candidates(self.words[last].text, nearby, index_of.by_last)
        matches = [m for p in candidates if (m := self.find_phrase_before(offset, p, gap, limit))]
        return min(matches, key=_best_first, default=None)

    @cached_property
    def _joined(self) -> list[bool]:
        """joined[i]: words i and i + 1 may belong to one phrase — only blanks,
        commas and dashes between them ("Bộ Văn hóa, Thể thao và Du lịch",
        "Ban Kinh tế - Ngân sách"); Markdown
        emphasis may cut a phrase ("NHÂN\nDÂN**\nTHÀNH PHỐ")."""
        words = self.words
        return [self.gap_is_blank(a.end, b.start, "*_,-") for a, b in zip(words, words[1:])]

    @cached_property
    def _breaks(self) -> list[int]:
        """breaks[i]: how many of the gaps before word i cut a phrase, so
        that words [first, stop) are contiguous when breaks[stop - 1] ==
        breaks[first]."""
        breaks = [0]
        for joined in self._joined:
            breaks.append(breaks[-1] + (not joined))
        return breaks
