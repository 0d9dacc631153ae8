"""The clean sample 004 damaged the way OCR damages text — diacritics lost,
look-alike letters — must give what the clean text gives."""

import pytest

from bench.damage import summary, with_confusions, without_diacritics
from parsers.extract import extract_text
from parsers.read import read_text
from parsers.vocab import DATA_DIR

CLEAN = read_text(DATA_DIR / "samples" / "004_8056d9e22a67d95b.txt")

EXPECTED = summary(extract_text(CLEAN))


def test_text_without_diacritics_reads_the_same():
    assert summary(extract_text(without_diacritics(CLEAN))) == EXPECTED


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_text_with_ocr_confusions_reads_the_same(seed):
    assert summary(extract_text(with_confusions(CLEAN, 0.5, seed))) == EXPECTED
