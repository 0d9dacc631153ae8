"""The citing document's own identity, read from its header."""


import pytest

from parsers.extract import extract_file, extract_text
from parsers.vocab import DATA_DIR

SAMPLES = DATA_DIR / "samples"


@pytest.mark.parametrize("name, expected", [
    ("000_005302f954c89248.txt", {"id": "1418/BC-SKHCN", "code": "BC-SKHCN", "type": "Báo cáo",
                                  "issuer": "Sở Khoa học và Công nghệ"}),
    ("001_c9388f948a25164f.txt", {"id": "1464/SKHCN-KH&ĐMST", "type": "Công văn", "date": "2025-09-16"}),
    ("003_8a96b0ef8e6a98a5.txt", {"id": "2171/BC-SKHCN", "date": "2025-10-15"}),
    ("004_8056d9e22a67d95b.txt", {"id": None, "code": "BC-SKHCN", "type": "Báo cáo", "date": None,
                                  "title": "Tình hình thực hiện kế hoạch phát triển kinh tế - xã hội tháng 7; "
                                           "nhiệm vụ trọng tâm tháng 8 năm 2025"}),
    ("002_09f7ad3c659a1bb1.txt", {"id": None, "code": None, "issuer": None}),
])
def test_sample_headers(name, expected):
    document = extract_file(SAMPLES / name).document.to_json()
    assert {k: document[k] for k in expected} == expected


def test_markdown_header_split_over_lines():
    text = ("|\n**CHỦ TỊCH ỦY\nBAN NHÂN DÂN**\nTỈNH ĐỒNG THÁP\n--------\n|\n**CỘNG HÒA XÃ\nHỘI CHỦ NGHĨA VIỆT NAM**\n"
            "|\n|\nSố:\n144/2025/QĐ-CTUBND\n|\n*Đồng Tháp,\nngày 02 tháng 12 năm 2025*\n|\n\n\n**QUYẾT ĐỊNH**\n\n"
            "BAN HÀNH QUY CHẾ VỀ CHỮ KÝ SỐ\n\n*Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;*\n")
    extraction = extract_text(text)
    document = extraction.document
    assert (document.id, document.type, document.date, document.issuer, document.title, document.jurisdiction) == (
        "144/2025/QĐ-CTUBND", "Quyết định", "2025-12-02", "Chủ tịch UBND tỉnh", "BAN HÀNH QUY CHẾ VỀ CHỮ KÝ SỐ",
        "Đồng Tháp")
    own = extraction.citations[0]
    assert (own.id, own.issuer, own.date) == ("144/2025/QĐ-CTUBND", "Chủ tịch UBND tỉnh", "2025-12-02")


def test_national_document_has_no_jurisdiction():
    text = "THỦ TƯỚNG\nCHÍNH PHỦ\nSố: 44/2025/QĐ-TTg\nHà Nội, ngày 01 tháng 12 năm 2025\nQUYẾT ĐỊNH\nBãi bỏ\n"
    document = extract_text(text).document
    assert (document.issuer, document.jurisdiction, document.date) == ("Thủ tướng Chính phủ", None, "2025-12-01")


@pytest.mark.parametrize("text, expected", [
    ("UBND TỈNH NAM ĐỊNH\nSố 12/KH-UBND\nNam Định, ngày 2 tháng 3 năm 2025\nKẾ HOẠCH\nTriển khai\n", "12/KH-UBND"),
    ("UBND TINH QUANG NGAI\n1063/KH-UBND\nQuang Ngai, ngay 2 thang 3 nam 2025\nKE HOACH\nThuc hien\n",
     "1063/KH-UBND"),
    ("QUỐC HỘI\n-------\nLuật số: 56/2020/QH14\n\nLUẬT\nTHỎA THUẬN QUỐC TẾ\n", "56/2020/QH14"),
    ("*Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15;*", None),
    ("BÁO CÁO\nThực hiện Kế hoạch 12/KH-UBND\n", None),
    ("Tình hình thực hiện\n57-NQ/TW\nThực hiện tốt các nhiệm vụ\n", None),
])
@pytest.mark.parametrize("damage", ["clean", "no diacritics"])
def test_own_number_as_printed(text, expected, damage):
    """ "Số" without its colon, lost by OCR, or after "Luật"; a number in a
    text without a header is not its own."""
    from test_ocr_robustness import without_diacritics

    assert extract_text(without_diacritics(text) if damage != "clean" else text).document.id == expected
