"""Finding numbered references: each pattern family, clean and OCR-damaged,
and text that must not be taken for a reference."""

import pytest

from parsers.find import canonical_id, find_references


def ids(text):
    return [f.id for f in find_references(text) if not f.short]


@pytest.mark.parametrize("text, expected", [
    # Party style NUMBER-TYPE/ISSUER
    ("Nghị quyết số 57-NQ/TW ngày 22/12/2024", "57-NQ/TW"),
    ("Nghi quyét s6 57- -NQ/TW ngay 22/12/2024", "57-NQ/TW"),
    ("Nghi\nquyét s6 57 NQ/TW ngay", "57-NQ/TW"),
    ("Ké hoach hanh dong s6 359-\nKH/TU ngay", "359-KH/TU"),
    ("Chuong\ntrinh s6 95- CTr/T U ngay 24", "95-CTr/TU"),
    ("Nghi quyét s6 57- -NQ/T W3; (3)", "57-NQ/TW"),
    ("Ké hoach sé 02-KH/BCDTW ngay 19/6/2025", "02-KH/BCĐTW"),
    ("Kế hoạch số 08-KH/BCĐ của Tỉnh ủy", "08-KH/BCĐ"),
    # State style NUMBER/TYPE-ISSUER, with and without year
    ("Quyết định số 327/QĐ-UBND ngày 26/5/2025", "327/QĐ-UBND"),
    ("Quyét dinh s6 327/0P-UBND ngay", "327/QĐ-UBND"),
    ("Quyét dinh s6 327/QB-UBND ngay", "327/QĐ-UBND"),
    ("Quyét dinh sb 480/QP- -UBND ngay", "480/QĐ-UBND"),
    ("Quyét dinh sé 638/0P-\nUBND ngay", "638/QĐ-UBND"),
    ("Quyết định số 48/2025/QĐ-UBND ngày 30/06/2025", "48/2025/QĐ-UBND"),
    ("Nghi dinh sd\n73/2019/NB-CP ngay", "73/2019/NĐ-CP"),
    ("Nghị định số 65/2023/NĐ-CP", "65/2023/NĐ-CP"),
    ("Nghi quyét 18/2024/NQ-HPND ngay", "18/2024/NQ-HĐND"),
    ("Thông tư số 14/2014/TT-BKHCN của Bộ", "14/2014/TT-BKHCN"),
    ("các quy định tại QĐ- UBND số 12/QĐ- UBND", "12/QĐ-UBND"),
    ("Nghi quyét 57/NQ — CP (K&", "57/NQ-CP"),
    # Laws: NUMBER/YEAR/QHnn
    ("Nghị quyết 193/2025/QH15 ngày 19/02/2025", "193/2025/QH15"),
    ("Luật Tổ chức Chính phủ số 63/2025/QH15;", "63/2025/QH15"),
    # Official letters: NUMBER/ISSUER-UNIT
    ("Công văn số 1644/SKHCN-BCVT&CNTT ngày", "1644/SKHCN-BCVT&CNTT"),
    ("Cong vin sb 2164/UBND-KGVX ngay", "2164/UBND-KGVX"),
    ("Cong vin s6 639/SKHCN-BCVT&CDS ngay", "639/SKHCN-BCVT&CĐS"),
    ("Công văn số 794a/ATBXHN-CP ngày", "794a/ATBXHN-CP"),
    ("S6: 1464 [SKHCN-KH&PMST Quang Ngai", "1464/SKHCN-KH&ĐMST"),
    ("tai Cong van s6 1679/VP-SNgV\nngay", "1679/VP-SNgV"),
    # Standards
    ("theo QCVN 25:2025/BCT về An toàn điện", "QCVN 25:2025/BCT"),
    ("Tiéu chuin qudc gia TCVN ISO 9001:2015", "TCVN ISO 9001:2015"),
    ("HTQL ISO/IEC\n27001:2013;", "ISO/IEC 27001:2013"),
    ("theo QCVN 01-1:2018/BYT", "QCVN 01-1:2018/BYT"),
])
def test_each_family_clean_and_damaged(text, expected):
    assert ids(text) == [expected]


@pytest.mark.parametrize("text", [
    "ngày 22/12/2024", "Kết quả có 19/20 mẫu; 03/03 đề xuất", "kinh phí 1.808.680 đồng",
    "điện thoại 0255.3822.123", "đạt 99,58%", "giai đoạn 2021-2025", "1.2. Công tác quản lý",
    "hơn 45 Quyết định, Kế hoạch", "tháng 7/2025", "Bản tin TBT số 03/2025", "02 QCVN mới",
    "151 QCVN để chọn lọc", "Covid-19", "3/KCN", "[footnoteRef:12]", "ISO hành chính công",
    "Số thuê bao internet", "năm 2025 UBND tỉnh",
])
def test_no_false_positives(text):
    assert ids(text) == []


def test_span_covers_type_word_and_marker_not_date():
    text = "theo Kế hoạch hành động số 359-KH/TU ngày 29/4/2025"
    found = find_references(text)[0]
    assert text[found.span.start:found.span.end] == "Kế hoạch hành động số 359-KH/TU"
    assert found.type == "Kế hoạch"


def test_type_from_word_wins_over_code_and_code_kept():
    found = find_references("Quyết định số 327/KH-UBND ngày 26/5/2025")[0]
    assert (found.id, found.type) == ("327/KH-UBND", "Quyết định")


@pytest.mark.parametrize("text, expected_type", [
    ("số 1105/QĐ-UBND", "Quyết định"),
    ("1644/SKHCN-BCVT&CNTT", "Công văn"),
    ("193/2025/QH15", "Luật"),
    ("Thông báo kết luận số 04-TB/BCĐTW", "Thông báo"),
    ("Két luan so 93-KL/TW", "Kết luận"),
    ("7o trinh s6 1435/TTr-SKHCN", "Tờ trình"),
])
def test_type_from_word_or_code(text, expected_type):
    assert find_references(text)[0].type == expected_type


def test_enumeration_sharing_one_type_word():
    text = "Quyết định số 1104/QĐ-UBND ngày 27/6/2025, số 1105/QĐ-UBND ngày 27/6/2025"
    found = find_references(text)
    assert [f.id for f in found] == ["1104/QĐ-UBND", "1105/QĐ-UBND"]
    assert text[found[1].span.start:found[1].span.end] == "số 1105/QĐ-UBND"


def test_doubled_marker():
    text = "(thay thé Ké hoach sé sé 336-KH/TU ngay 25/02/2025"
    found = find_references(text)[0]
    assert found.id == "336-KH/TU"
    assert text[found.span.start:found.span.end] == "Ké hoach sé sé 336-KH/TU"


def test_short_forms_refer_back_to_a_full_citation():
    text = "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024. Nghị quyết 57 đặt mục tiêu; Kế hoạch 359 chưa có."
    found = find_references(text)
    assert [(f.id, f.short) for f in found] == [("57-NQ/TW", False), ("57-NQ/TW", True)]
    short = found[1]
    assert text[short.span.start:short.span.end] == "Nghị quyết 57"


@pytest.mark.parametrize("spelling, expected", [
    ("327/QD-UBND", "327/QĐ-UBND"), ("57 NQ/TW", "57-NQ/TW"), ("57-nq/tw", None),
    ("359-KH/TU", "359-KH/TU"), ("QCVN 25:2025/BCT", "QCVN 25:2025/BCT"), ("hello", None), ("", None),
])
def test_canonical_id(spelling, expected):
    assert canonical_id(spelling) == expected


# Issue 14, family 6: ids as printed, in clean text and with its diacritics lost.
CLEAN_IDS = [
    ("Công văn số 4577/BKHCN-CĐSQG ngày 1/2/2025 của Bộ Khoa học và Công nghệ", "4577/BKHCN-CĐSQG"),
    ("Công văn số 1506/KCB-QLCL&CGKT ngày 2/3/2025 của Cục Quản lý khám, chữa bệnh", "1506/KCB-QLCL&CGKT"),
    ("Kế hoạch hành động số 459-KHHĐ/TU ngày 1/2/2025 của Ban Thường vụ Tỉnh ủy", "459-KHHĐ/TU"),
    ("Thông báo số 07-TB/CQTTBCĐ ngày 5/5/2025 của Cơ quan Thường trực Ban Chỉ đạo", "07-TB/CQTTBCĐ"),
    ("Văn bản hợp nhất số 03/VBHN-BTC ngày 4/4/2024 của Bộ Tài chính", "03/VBHN-BTC"),
    ("Nghị định số 388-HĐBT ngày 20 tháng 11 năm 1991 của Hội đồng Bộ trưởng", "388-HĐBT"),
    ("Nghị quyết số 66.2/2025/NQ-CP ngày 1 tháng 8 năm 2025 của Chính phủ", "66.2/2025/NQ-CP"),
    ("Quyết định số 1/QĐ-TTgcủa Thủ tướng Chính phủ về việc giao nhiệm vụ", "1/QĐ-TTg"),
]


@pytest.mark.parametrize("text, expected", CLEAN_IDS)
@pytest.mark.parametrize("damaged", [False, True])
def test_ids_as_printed(text, expected, damaged):
    from test_ocr_robustness import without_diacritics

    found = find_references(without_diacritics(text) if damaged else text)
    # a unit code we do not know keeps the D that OCR printed for its Đ
    known = expected.replace("CĐSQG", "CDSQG").replace("CQTTBCĐ", "CQTTBCD") if damaged else expected
    assert [f.id for f in found] == [known]


@pytest.mark.parametrize("text, clean, ocr", [
    ("Công văn số 12/SNV-TCCB ngày 2/3/2025 của Sở Nội vụ về tổ chức cán bộ", "12/SNV-TCCB", "12/SNV-TCCB"),
    ("Công văn số 5/SKHCN-PTHT ngày 2/3/2025 của Sở Khoa học và Công nghệ", "5/SKHCN-PTHT", "5/SKHCN-ĐTHT"),
    ("Công văn số 7/SKHCN-CDS ngày 2/3/2025 của Sở Khoa học và Công nghệ", "7/SKHCN-CDS", "7/SKHCN-CĐS"),
    ("Quyết định số 327/QD-UBND ngày 26/5/2025 của Ủy ban nhân dân tỉnh", "327/QĐ-UBND", "327/QĐ-UBND"),
])
def test_clean_text_keeps_its_unit_codes(text, clean, ocr):
    """A clean text's unit codes are as written; OCR output ("s6", no
    diacritics) has its Đ restored from the codes we know."""
    from test_ocr_robustness import without_diacritics

    assert [f.id for f in find_references(text)] == [clean]
    assert [f.id for f in find_references(without_diacritics(text).replace(" so ", " s6 "))] == [ocr]


def test_a_bare_code_without_a_known_issuer_is_no_number():
    assert find_references("tỷ lệ 3/KCN-AB trong năm") == []
