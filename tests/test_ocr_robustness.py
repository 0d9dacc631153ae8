"""The clean sample 004 damaged the way OCR damages text — diacritics lost,
look-alike letters — must give what the clean text gives."""

import random
import unicodedata

import pytest

from parsers.extract import extract_text
from parsers.read import read_text
from parsers.vocab import DATA_DIR

CLEAN = read_text(DATA_DIR / "samples" / "004_8056d9e22a67d95b.txt")
# What OCR prints for some letters (seen in samples 000–003).
CONFUSIONS = {"ố": "6", "ế": "é", "ệ": "é", "ị": "i", "ủ": "ii", "ư": "w", "ơ": "o", "ộ": "ô", "à": "a",
              "á": "a", "ạ": "a", "ọ": "q", "ờ": "o", "Đ": "P"}


def without_diacritics(text: str) -> str:
    return "".join({"đ": "d", "Đ": "D"}.get(c, unicodedata.normalize("NFD", c)[0]) for c in text)


def with_confusions(text: str, rate: float, seed: int) -> str:
    rng = random.Random(seed)
    return "".join(CONFUSIONS[c] if c in CONFUSIONS and rng.random() < rate else c for c in text)


def summary(extraction):
    """What was read, in order (offsets move when OCR prints two letters for one)."""
    citations = [(c.id, c.date, c.issuer, c.jurisdiction, c.type, c.short) for c in extraction.citations]
    relations = {(r.source, r.type, r.target) for r in extraction.relations}
    return citations, relations


EXPECTED = summary(extract_text(CLEAN))


def test_text_without_diacritics_reads_the_same():
    assert summary(extract_text(without_diacritics(CLEAN))) == EXPECTED


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_text_with_ocr_confusions_reads_the_same(seed):
    assert summary(extract_text(with_confusions(CLEAN, 0.5, seed))) == EXPECTED
