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
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from collections.abc import Iterable, Sequence
from functools import cache, cached_property, lru_cache
from itertools import accumulate

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
    # one translation table, grown by the characters no text held before:
    # each distinct character is folded once, every text in one C-level pass
    new = set(text) - _FOLDED_CHARS
    if new:
        _FOLD_TABLE.update({ord(c): _fold_char(c) for c in new})
        _FOLDED_CHARS.update(new)
    folded = text.translate(_FOLD_TABLE)
    return _VANISHED_RUN.sub(_inside_or_space, folded) if VANISHED in folded else folded


# Every character folded so far (at most one entry per character of Unicode).
_FOLD_TABLE: dict[int, str] = {}
_FOLDED_CHARS: set[str] = set()


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


@dataclass(frozen=True, slots=True, eq=False)  # compared and hashed by identity: one per phrase
class _Phrase:
    """A vocabulary phrase as the matcher compares it, computed once."""

    phrase: str
    spaced: str                # plain(phrase): "thuc hien"
    joined: str                # without spaces: "thuchien"
    count: int                 # words
    words: frozenset[str]
    initials: tuple[str, ...]  # first letter of each word
    spaced_length: int
    joined_length: int
    allowed: int               # errors allowed over as many words
    slack: int                 # errors allowed once OCR split or joined its words
    # The word counts of the windows compared — as many as the phrase has, or
    # one fewer or more, since OCR splits and joins words — in the order tried.
    sizes: tuple[int, ...]


@cache
def _compiled(phrase: str) -> _Phrase:
    spaced = plain(phrase)
    words = spaced.split() or [""]
    joined = spaced.replace(" ", "")
    count = len(words)
    return _Phrase(
        phrase, spaced, joined, count, frozenset(words), tuple(w[:1] for w in words),
        len(spaced), len(joined), allowed_errors(spaced), 1 if len(joined) >= SPLIT_SLACK_FROM else 0,
        tuple({max(1, count - 1), count, count + 1}),
    )


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


def _errors(words: list[str], phrase: _Phrase, limit: int) -> int | None:
    """Edit distance between some damaged ``words`` and a vocabulary
    ``phrase``, or None when it is beyond ``limit``.

    When OCR split or joined words (a word more or fewer than the phrase),
    only the spacing and one more character may differ: otherwise a phrase
    would swallow a neighbouring word ("và Bộ Công Thương").
    """
    if len(words) != phrase.count:
        distance = edit_distance("".join(words), phrase.joined, phrase.slack)
        return distance if distance <= phrase.slack else None
    distance = edit_distance(" ".join(words), phrase.spaced, limit)
    return distance if distance <= limit else None


def phrase_errors(words: list[str], phrase: str, limit: int | None = None) -> int | None:
    """Edit distance between damaged ``words`` (folded, lower case) and a
    clean vocabulary ``phrase``, or None when beyond what its length allows
    (see _errors).

    >>> phrase_errors(["thue", "hion"], "thực hiện"), phrase_errors(["thuchien"], "thực hiện")
    (2, 0)
    >>> phrase_errors(["va", "bo", "cong", "thuong"], "Bộ Công Thương") is None
    True
    """
    compiled = _compiled(phrase)
    return _errors(words, compiled, compiled.allowed if limit is None else limit)


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


class PhraseIndex:
    """Phrases by the initial of their first and last word and by each word,
    so that a position is compared only with the phrases that could match
    there (see _could_match). Each table keeps the order of the vocabulary:
    the first of equally good matches wins. Made by phrase_index."""

    def __init__(self, phrases: tuple[str, ...]):
        self.by_first: dict[str, dict[_Phrase, None]] = {}
        self.by_last: dict[str, dict[_Phrase, None]] = {}
        self.by_word: dict[str, dict[_Phrase, None]] = {}
        self.longest = 1
        for phrase in phrases:
            compiled = _compiled(phrase)
            words = compiled.spaced.split() or [""]
            self.longest = max(self.longest, len(words) + 1)
            self.by_first.setdefault(words[0][:1], {})[compiled] = None
            self.by_last.setdefault(words[-1][:1], {})[compiled] = None
            for word in words:
                self.by_word.setdefault(word, {})[compiled] = None

    def has_candidates(self, edge_word: str, reach: list[str], by_edge: dict) -> bool:
        """Whether candidates() finds a phrase next to an anchor, before its
        words are picked out (half the places have none: tested in C). ``reach``:
        every word a phrase anchored at ``edge_word`` may reach, which holds
        the vocabulary's words among those compared (see FoldedText._forward)."""
        return edge_word[:1] in by_edge or not self.by_word.keys().isdisjoint(reach)

    def candidates(self, edge_word: str, nearby: tuple[str, ...], by_edge: dict) -> dict[_Phrase, None]:
        found = dict(by_edge.get(edge_word[:1], ()))
        for word in nearby:
            phrases = self.by_word.get(word)
            if phrases:
                found.update(phrases)
        return found


@lru_cache(maxsize=64)
def _phrase_index(phrases: tuple[str, ...]) -> PhraseIndex:
    return PhraseIndex(phrases)


def phrase_index(phrases: Iterable[str] | PhraseIndex) -> PhraseIndex:
    """A vocabulary as the matcher reads it, made once per distinct list of
    phrases; a caller that asks often keeps it (see best_phrase_at).

    >>> phrase_index(("kế hoạch", "quyết định")) is phrase_index(["kế hoạch", "quyết định"])
    True
    """
    return phrases if isinstance(phrases, PhraseIndex) else _phrase_index(tuple(phrases))


def _best_first(phrase: _Phrase, errors: int) -> tuple[int, int]:
    """Rank matches: the most letters matched, each error costing two, so
    that a longer phrase with one OCR error ("Trưởng Ban Chỉ đạo Trung wơng")
    beats a shorter exact one inside it, but a phrase does not swallow a
    neighbouring word ("uy ban hanh" is "ban hành", not "đã ban hành")."""
    return -(len(phrase.joined) - 2 * errors), errors


@lru_cache(maxsize=1 << 14)  # the words of administrative text recur
def _undone_word(word: str) -> str:
    return _undo_digraphs(word)


class _Around:
    """The words next to an anchor word, as the matcher compares them: the
    windows of n = 1 … ``contiguous`` words starting with the anchor
    (``forward``: the anchor is ``words[0]``) or ending with it (the anchor
    is ``words[-1]``). Only the words themselves count, not where they
    stand, so what is read from them holds for every text that has them."""

    __slots__ = ("words", "undone", "windows")

    def __init__(self, words: tuple[str, ...], contiguous: int, forward: bool):
        self.words = words
        undone = tuple(map(_undone_word, words))
        self.undone = undone if undone != words else None  # None: no OCR digraph to undo
        letters = list(accumulate(map(len, words), initial=0))
        undone_letters = list(accumulate(map(len, undone), initial=0)) if self.undone else letters
        # digraphs[i]: how many of the words before word i have OCR digraphs to undo
        digraphs = list(accumulate((u != t for u, t in zip(undone, words)), initial=0)) if self.undone else None
        # windows[n]: (first, stop, letters with spaces, without, and both with
        # digraphs undone, whether it holds a digraph) of the window of n words
        self.windows: list = [None]
        for n in range(1, contiguous + 1):
            first, stop = (0, n) if forward else (len(words) - n, len(words))
            joined, undone_joined = letters[stop] - letters[first], undone_letters[stop] - undone_letters[first]
            self.windows.append((first, stop, joined + n - 1, joined, undone_joined + n - 1, undone_joined,
                                 digraphs is not None and digraphs[stop] != digraphs[first]))

    def match(self, phrase: _Phrase, limit: int | None) -> tuple[int, int] | None:
        """The best window for ``phrase``, as (its words, errors), of
        ``phrase.sizes`` words. Lengths and initials rule most windows out
        before any text is built (an edit distance is at least the difference
        of the lengths)."""
        spaced_limit = phrase.allowed if limit is None else limit
        windows = self.windows
        best = None
        for n in phrase.sizes:
            if n >= len(windows):
                continue
            first, stop, spaced, joined, undone_spaced, undone_joined, digraph = windows[n]
            if n == phrase.count:
                target, allowed, length, undone_length = phrase.spaced_length, spaced_limit, spaced, undone_spaced
            else:
                target, allowed, length, undone_length = phrase.joined_length, phrase.slack, joined, undone_joined
            if abs(length - target) > allowed and abs(undone_length - target) > allowed:
                continue
            texts = self.words[first:stop]
            if not _could_match(texts, phrase.initials, phrase.words):
                continue
            errors = _errors(texts, phrase, spaced_limit)
            if errors != 0 and digraph:
                # "ciia", "Tinh iiy": compare as "cua", "uy" too
                undone = _errors(self.undone[first:stop], phrase, spaced_limit)
                errors = min((e for e in (errors, undone) if e is not None), default=None)
            if errors is not None and (best is None or errors < best[1]):
                best = (n, errors)
        return best


@lru_cache(maxsize=1 << 12)
def _match_around(phrase: _Phrase, words: tuple[str, ...], contiguous: int, forward: bool,
                  limit: int | None) -> tuple[int, int] | None:
    """One phrase next to an anchor (see _Around.match), shared by every text."""
    return _Around(words, contiguous, forward).match(phrase, limit)


@lru_cache(maxsize=1 << 15)  # administrative text repeats its issuers and cues
def _best_around(index: PhraseIndex, words: tuple[str, ...], contiguous: int, forward: bool,
                 limit: int | None) -> tuple[int, str, int] | None:
    """The best phrase of ``index`` next to an anchor (see _Around,
    _best_first), the first of equals, as (its words, phrase, errors); a
    phrase too short to beat the best so far is not compared. ``words``: the
    ``contiguous`` words next to the anchor (see _Around), and those of the
    vocabulary's words that stand beyond them (FoldedText._forward): the
    phrases compared are those that could match given the anchor and these."""
    edge, by_edge = (words[0], index.by_first) if forward else (words[-1], index.by_last)
    candidates = index.candidates(edge, words, by_edge)  # not empty: see PhraseIndex.has_candidates
    around = _Around(words[:contiguous] if forward else words[len(words) - contiguous:], contiguous, forward)
    best, rank = None, None
    for phrase in candidates:
        if rank is not None and (-len(phrase.joined), 0) >= rank:
            continue
        match = around.match(phrase, limit)
        if match and (best is None or _best_first(phrase, match[1]) < rank):
            best, rank = (match[0], phrase.phrase, match[1]), _best_first(phrase, match[1])
    return best


class _Words(Sequence):
    """The words of a text as Word records, made when asked for (a text is
    split into parallel lists of texts, starts and ends at once)."""

    __slots__ = ("_ft",)

    def __init__(self, ft: FoldedText):
        self._ft = ft

    def __len__(self) -> int:
        return len(self._ft.word_texts)

    def __getitem__(self, index):
        ft = self._ft
        if isinstance(index, slice):
            return [Word(*w) for w in zip(ft.word_starts[index], ft.word_ends[index], ft.word_texts[index])]
        return Word(ft.word_starts[index], ft.word_ends[index], ft.word_texts[index])


_UNSEEN = object()  # not asked yet (None is an answer)

# What splits a folded text into words and the gaps between them (see _split);
# on ASCII text the standard library's engine splits the same, twice as fast.
_WORD_SPLIT = regex.compile(f"({WORD.pattern})")
_ASCII_WORD_SPLIT = re.compile(f"({WORD.pattern})")


class FoldedText:
    """The NFC text, its folded copy, and its words, for matching phrases."""

    def __init__(self, text: str):
        self.text = text
        self.folded = fold(text)
        # best_phrase_at by (vocabulary, word index), best_phrase_before by
        # (vocabulary, offset, gap, limit): callers ask again
        self._best: dict[tuple, PhraseMatch | None] = {}

    @cached_property
    def sentences(self) -> Sentences:
        """The sentences of the text, split once for every stage."""
        return Sentences(self.text)

    @cached_property
    def words(self) -> Sequence[Word]:
        return _Words(self)

    @cached_property
    def _split(self) -> tuple[list[str], list[str], list[int]]:
        """(the words as written, the gaps between them, where each piece
        starts): one regex split, so that no Python code runs per word."""
        split = _ASCII_WORD_SPLIT.split if self.folded.isascii() else _WORD_SPLIT.split
        pieces = split(self.folded)
        offsets = list(accumulate(map(len, pieces), initial=0))
        return pieces[1::2], pieces[2:-1:2], offsets

    @cached_property
    def word_texts(self) -> list[str]:
        """The words, folded and in lower case."""
        written = self._split[0]
        if written and self.folded.isascii():  # ASCII is lowered a character at a time: all at once
            return " ".join(written).lower().split(" ")
        return [w.lower().replace(VANISHED, "") for w in written]

    @cached_property
    def word_starts(self) -> list[int]:
        return self._split[2][1:-2:2]

    @cached_property
    def word_ends(self) -> list[int]:
        return self._split[2][2:-1:2]

    def word_index_at_or_after(self, offset: int) -> int:
        return bisect.bisect_left(self.word_starts, offset)

    def word_index_before(self, offset: int) -> int:
        """Index of the last word ending at or before ``offset`` (-1 if none)."""
        return bisect.bisect_right(self.word_ends, offset) - 1

    def gap_is_blank(self, start: int, end: int, allowed: str = "") -> bool:
        """True when folded[start:end] holds only spaces and ``allowed`` chars."""
        return _blank(self.folded[start:end], allowed)

    def _last_word_before(self, offset: int, gap: str) -> int:
        """The last word before ``offset`` with only blanks and ``gap``
        characters in between, or -1."""
        ends = self.word_ends
        last = bisect.bisect_right(ends, offset) - 1
        if last < 0 or not _blank(self.folded[ends[last]:offset], gap):
            return -1
        return last

    def _forward(self, index: int, longest: int, vocabulary: dict | None = None) -> tuple[tuple[str, ...], int]:
        """The words from word ``index`` on that a phrase of up to
        ``longest`` words starting there is compared with, and how many
        they are: the contiguous ones (see _breaks); with a ``vocabulary``
        (by_word of a PhraseIndex), then those of its words among the
        following, up to ``longest`` + 1 words from ``index``, which bring
        their phrases into the comparison (see PhraseIndex.candidates)."""
        texts, breaks = self.word_texts, self._breaks
        stop = min(index + longest, len(texts))
        contiguous = bisect.bisect_right(breaks, breaks[index], index, stop) - index
        near = tuple(texts[index:index + contiguous])
        if vocabulary is None:
            return near, contiguous
        return near + _held(texts[index + contiguous:index + longest + 1], vocabulary), contiguous

    def _backward(self, last: int, longest: int, vocabulary: dict | None = None) -> tuple[tuple[str, ...], int]:
        """The words ending with word ``last`` (see _forward)."""
        texts, breaks = self.word_texts, self._breaks
        first = bisect.bisect_left(breaks, breaks[last], max(0, last - longest + 1), last + 1)
        near = tuple(texts[first:last + 1])
        if vocabulary is None:
            return near, last + 1 - first
        return _held(texts[max(0, last - longest):first], vocabulary) + near, last + 1 - first

    def _located(self, first: int, stop: int, phrase: str, errors: int) -> PhraseMatch:
        return PhraseMatch(self.word_starts[first], self.word_ends[stop - 1], phrase, errors)

    def find_phrase_before(self, offset: int, phrase: str, gap: str = "*\"'(",
                           limit: int | None = None) -> PhraseMatch | None:
        """Match ``phrase`` on the words that end right before ``offset``
        (only blanks and ``gap`` characters in between), with at most
        ``limit`` errors (default: by the phrase's length)."""
        last = self._last_word_before(offset, gap)
        if last < 0:
            return None
        compiled = _compiled(phrase)
        found = _match_around(compiled, *self._backward(last, compiled.count + 1), False, limit)
        return found and self._located(last + 1 - found[0], last + 1, compiled.phrase, found[1])

    def find_phrase_at(self, index: int, phrase: str, limit: int | None = None) -> PhraseMatch | None:
        """Match ``phrase`` on the words starting at word ``index``."""
        if index >= len(self.word_texts):
            return None
        compiled = _compiled(phrase)
        found = _match_around(compiled, *self._forward(index, compiled.count + 1), True, limit)
        return found and self._located(index, index + found[0], compiled.phrase, found[1])

    def best_phrase_at(self, index: int, phrases) -> PhraseMatch | None:
        """The best of ``phrases`` starting at word ``index`` (see _best_first):
        "Chủ tịch UBND tỉnh" over "UBND tỉnh"."""
        index_of = phrases if type(phrases) is PhraseIndex else phrase_index(phrases)
        key = (index_of, index)
        best = self._best.get(key, _UNSEEN)
        if best is _UNSEEN:
            texts = self.word_texts
            if index >= len(texts):
                return None
            found = None
            if index_of.has_candidates(texts[index], texts[index:index + index_of.longest + 1], index_of.by_first):
                found = _best_around(index_of, *self._forward(index, index_of.longest, index_of.by_word), True, None)
            best = self._best[key] = found and self._located(index, index + found[0], found[1], found[2])
        return best

    def best_phrase_before(self, offset: int, phrases, gap: str = "*\"'(",
                           limit: int | None = None) -> PhraseMatch | None:
        index_of = phrases if type(phrases) is PhraseIndex else phrase_index(phrases)
        key = (index_of, offset, gap, limit)
        best = self._best.get(key, _UNSEEN)
        if best is _UNSEEN:
            last, texts = self._last_word_before(offset, gap), self.word_texts
            if last < 0 or not index_of.has_candidates(
                    texts[last], texts[max(0, last - index_of.longest):last + 1], index_of.by_last):
                best = None
            else:
                found = _best_around(index_of, *self._backward(last, index_of.longest, index_of.by_word), False, limit)
                best = found and self._located(last + 1 - found[0], last + 1, found[1], found[2])
            self._best[key] = best
        return best

    @cached_property
    def _breaks(self) -> list[int]:
        """breaks[i]: how many of the gaps before word i cut a phrase, so
        that words [first, stop) are contiguous when breaks[stop - 1] ==
        breaks[first]. A gap of only blanks, commas and dashes does not cut
        ("Bộ Văn hóa, Thể thao và Du lịch", "Ban Kinh tế - Ngân sách"), nor
        Markdown emphasis ("NHÂN\\nDÂN**\\nTHÀNH PHỐ")."""
        gaps = self._split[1]
        cuts = {gap: int(not _blank(gap, "*_,-")) for gap in set(gaps)}
        return list(accumulate(map(cuts.__getitem__, gaps), initial=0))


def _held(words: list[str], vocabulary: dict) -> tuple[str, ...]:
    """The ``words`` that ``vocabulary`` holds, in order; most often none,
    which a test in C tells before any word is picked out."""
    if vocabulary.keys().isdisjoint(words):
        return ()
    return tuple(filter(vocabulary.__contains__, words))


def _blank(gap: str, allowed: str) -> bool:
    """``gap`` holds only spaces and ``allowed`` characters."""
    # most gaps are one space: str.isspace is the same test, in C
    if not gap or gap.isspace():
        return True
    return _short_blank(gap, allowed) if len(gap) <= SHORT_GAP else _blank_or_allowed(gap, allowed)


# Gaps up to this long are remembered: the same few recur (" (", "* ", ", ").
SHORT_GAP = 8


def _blank_or_allowed(gap: str, allowed: str) -> bool:
    return all(c.isspace() or c in allowed for c in gap)


_short_blank = lru_cache(maxsize=1 << 12)(_blank_or_allowed)
