"""How OCR damages Vietnamese text, as functions of a clean text: diacritics
lost, look-alike letters printed for others at a given rate. Shared by the
OCR robustness checks (tests/test_ocr_robustness.py, bench/ocr_robustness.py)
and the generated corpus (bench/corpus.py).

>>> without_diacritics("Quyết định số 327/QĐ-UBND")
'Quyet dinh so 327/QD-UBND'
>>> with_confusions("Nghị quyết", 1.0, seed=1)
'Nghi quyét'
"""

import random
import unicodedata

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
