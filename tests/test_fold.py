"""The fuzzy phrase matcher of parsers/fold.py: the words of a text, and the
memo of matches that every text shares (what is found next to an anchor
depends only on the words there, so a match remembered from one text must
read the same as one computed afresh in another)."""

from dataclasses import asdict

import pytest

from parsers import find, fold
from parsers.extract import extract_text
from parsers.fold import VANISHED, WORD, FoldedText, Word, phrase_index
from parsers.read import read_text
from parsers.vocab import DATA_DIR, VOCAB

ISSUERS = VOCAB.issuer_phrases
MEMOS = (fold._best_around, fold._match_around, fold._undone_word, fold._short_blank, find._read_code)


def forget_everything() -> None:
    for memo in MEMOS:
        memo.cache_clear()


@pytest.mark.parametrize("text", [
    "Kế hoạch số 359-KH/TU ngày 29/4/2025 của Ban Thường vụ Tỉnh ủy",
    "Ké hoach s6 336 | cua Tinh ty; (2) K& hoach Chu'(mg trinh",
    "3\u200b27/Q\u00adĐ-ＵＢＮＤ ngày\u200e 5, ΑΣ.Β ΣΑΣ",  # invisible, fullwidth, Greek final sigma
    "",
    "  ,;  ",
    "_x_ ÀÉ İstanbul",
])
def test_words_are_those_of_the_word_pattern(text):
    ft = FoldedText(text)
    expected = [Word(m.start(), m.end(), m.group().lower().replace(VANISHED, ""))
                for m in WORD.finditer(ft.folded)]
    assert list(ft.words) == expected
    assert len(ft.words) == len(expected)
    assert ft.words[1:3] == expected[1:3]
    assert (ft.word_texts, ft.word_starts, ft.word_ends) == (
        [w.text for w in expected], [w.start for w in expected], [w.end for w in expected])


def test_a_match_remembered_from_one_text_is_placed_in_another():
    first = FoldedText("Thực hiện Kế hoạch của Ban Thường vụ Tỉnh ủy. Về việc")
    second = FoldedText("Báo cáo số 12 gửi Ban Thuong vu Tinh uy. Ngay")
    forget_everything()
    a = first.best_phrase_at(first.word_index_at_or_after(first.text.index("Ban")), ISSUERS)
    b = second.best_phrase_at(second.word_index_at_or_after(second.text.index("Ban")), ISSUERS)
    assert a.phrase == b.phrase == "Ban Thường vụ Tỉnh ủy"
    assert first.text[a.start:a.end] == "Ban Thường vụ Tỉnh ủy"
    assert second.text[b.start:b.end] == "Ban Thuong vu Tinh uy"
    assert fold._best_around.cache_info().hits >= 1  # the second came from the memo


def test_a_gap_that_cuts_a_phrase_is_part_of_what_is_remembered():
    joined = FoldedText("của Ban Thường vụ Tỉnh ủy")
    cut = FoldedText("của Ban Thường vụ. Tỉnh ủy")
    assert joined.word_texts == cut.word_texts
    at = joined.word_index_at_or_after(joined.text.index("Ban"))
    assert joined.best_phrase_at(at, ISSUERS).phrase == "Ban Thường vụ Tỉnh ủy"
    found = cut.best_phrase_at(at, ISSUERS)
    assert found is None or found.end <= cut.text.index(".")


def test_backward_match_stops_at_the_start_of_the_text():
    ft = FoldedText("Kế hoạch số 5")
    match = ft.best_phrase_before(ft.text.index("số"), VOCAB.type_words)
    assert (match.start, match.phrase) == (0, "kế hoạch")
    assert ft.best_phrase_before(0, VOCAB.type_words) is None


def test_a_compiled_vocabulary_answers_as_its_phrases():
    ft = FoldedText("Căn cứ Quyết dinh s6 327/0P-UBND của UBND tỉnh Kon Tum")
    for index in range(len(ft.words)):
        assert FoldedText(ft.text).best_phrase_at(index, ISSUERS) == ft.best_phrase_at(index, phrase_index(ISSUERS))


def _texts():
    for path in sorted((DATA_DIR / "samples").glob("*.txt")):
        yield read_text(path)


def test_extraction_is_the_same_with_the_memo_cold_and_warmed_by_other_texts():
    texts = list(_texts())
    assert len(texts) >= 3
    cold = []
    for text in texts:
        forget_everything()
        cold.append(asdict(extract_text(text)))
    forget_everything()
    warm = [asdict(extract_text(text)) for text in reversed(texts)][::-1]
    assert warm == cold
    assert all(memo.cache_info().currsize <= memo.cache_info().maxsize for memo in MEMOS)
