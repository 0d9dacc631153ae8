"""Invisible and look-alike characters (copy-paste from web pages, Word,
right-to-left editors, CJK input methods) give the ids a reader sees, with
their dates, and spans that are exact in the NFC text."""

from __future__ import annotations

import pytest

from parsers.extract import extract_text
from parsers.find import canonical_id
from parsers.fold import fold

CLEAN = "Căn cứ Quyết định số {id} ngày 26/5/2025 của UBND tỉnh Quảng Ngãi"
OCR = "Can cu Quyét dinh s6 {id} ngay 26/5/2025 ciia UBND tinh Quang Ngai"
ID = "327/QĐ-UBND"

DAMAGED_IDS = {
    "zero-width space in the number": "3\u200b27/QĐ-UBND",
    "two invisible characters in the number": "3\u200b\u2060" "27/QĐ-UBND",
    "soft hyphen in the code": "327/Q\u00adĐ-UBND",
    "zero-width joiner in the code": "327/QĐ-UB\u200dND",
    "zero-width non-joiner before a dash": "327/QĐ\u200c-UBND",
    "left-to-right mark after the id": "327/QĐ-UBND\u200e",
    "right-to-left mark after the id": "327/QĐ-UBND\u200f",
    "isolate marks around the id": "\u2066327/QĐ-UBND\u2069",
    "byte-order mark inside the number": "32\ufeff7/QĐ-UBND",
    "fullwidth digits and letters": "３２７／ＱĐ－ＵＢＮＤ",
    "Arabic-Indic digits": "٣٢٧/QĐ-UBND",
    "Devanagari digits": "३२७/QĐ-UBND",
    "a minus sign for the hyphen": "327/QĐ\u2212UBND",
    "a figure dash for the hyphen": "327/QĐ\u2012UBND",
    "Cyrillic look-alikes in the code": "327/QĐ-UВND",  # В: Cyrillic Ve
    "Greek look-alikes in the code": "327/QĐ-UBΝD",  # Ν: Greek Nu
}


@pytest.mark.parametrize("template", [CLEAN, OCR], ids=["clean", "ocr"])
@pytest.mark.parametrize("name", DAMAGED_IDS)
def test_the_id_a_reader_sees_with_its_date_and_an_exact_span(template, name):
    spelled = DAMAGED_IDS[name]
    text = template.format(id=spelled)
    extraction = extract_text(text)
    [citation] = extraction.citations
    assert (citation.id, citation.date, citation.type) == (ID, "2025-05-26", "Quyết định")
    assert (citation.issuer, citation.jurisdiction) == ("UBND tỉnh", "Quảng Ngãi")
    # the reported span is the original text, invisible characters and all
    assert extraction.text[citation.span.start:citation.span.end] == citation.text
    assert spelled.strip("\u2066\u2069\u200e\u200f") in citation.text


@pytest.mark.parametrize("spaced", ["\u00a0", "\u202f", "\u2007", "\u2009", "\u3000", "\u2005"])
def test_every_unicode_space_is_a_space(spaced):
    text = CLEAN.format(id=ID).replace(" ", spaced)
    [citation] = extract_text(text).citations
    assert (citation.id, citation.date, citation.type) == (ID, "2025-05-26", "Quyết định")


def test_invisible_characters_inside_words_keep_the_words():
    text = "Thực hi\u00adện Kế ho\u200bạch số 359-KH/TU ngày 29/4/2025 của Ban Thường vụ Tỉnh ủy"
    extraction = extract_text(text)
    [citation] = extraction.citations
    assert (citation.id, citation.type, citation.date) == ("359-KH/TU", "Kế hoạch", "2025-04-29")
    assert citation.text.startswith("Kế ho\u200bạch")


def test_a_bom_in_the_middle_of_a_text_joined_from_two_files():
    text = (CLEAN.format(id=ID) + ".\n\ufeffThực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 "
            "của Bộ Chính trị")
    ids = [(c.id, c.date) for c in extract_text(text).citations]
    assert ids == [(ID, "2025-05-26"), ("57-NQ/TW", "2024-12-22")]


def test_look_alike_ids_are_one_id():
    spellings = ["327/QĐ-UBND", "３２７/QĐ-UBND", "٣٢٧/QĐ-UBND", "3\u200b27/Q\u00adĐ-UBND", "327/ＱĐ-ＵＢＮＤ",
                 "327/QĐ-UВND"]
    assert {canonical_id(s) for s in spellings} == {ID}


def test_the_folded_copy_keeps_one_character_per_character():
    text = "".join(DAMAGED_IDS.values()) + "\u00a0\u3000\u2028"
    assert len(fold(text)) == len(text)
