"""Dates, issuers and jurisdictions attached to references."""

import pytest

from parsers.extract import extract_text


def only(text, **kwargs):
    citations = extract_text(text).citations
    assert len(citations) == 1, citations
    return citations[0]


@pytest.mark.parametrize("text, date", [
    ("Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị", "2024-12-22"),
    ("Nghi quyét s6 57-NQ/TW ngay 22 thang 12 nam 2024 cua Bo Chinh tri", "2024-12-22"),
    ("Nghi quyet s0 57-NQ/TW ngay 22\n'thang 12 nam 2024 cua", "2024-12-22"),
    ("Nghị quyết 71/NQ-CP ngày 01 tháng 4 năm 2025 của Chính phủ", "2025-04-01"),
    ("Chi thj s6 42-CT/TW, ngay\n16/4/2010 cua", "2010-04-16"),
    ("Nghi quyét 18/2024/NQ-HPND ngay 13/72024 quy dinh", "2024-07-13"),
    ("Quyết định số 48/2025/QĐ-UBND ngày 30/06/2025", "2025-06-30"),
    ("Kế hoạch số 08-KH/BCĐ của Tỉnh ủy", None),
    ("Kế hoạch số 08-KH/BCĐ ngày 31/2/2025", None),  # no such day
])
def test_dates(text, date):
    assert only(text).date == date


@pytest.mark.parametrize("text, issuer", [
    ("Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về", "Bộ Chính trị"),
    ("Ké hoach sé 359-KH/TU ngay 29/4/2025 cia Ban Thudng vu\nTinh uy vé", "Ban Thường vụ Tỉnh ủy"),
    ("Nghi quyét s6 36-NQ/TW ngay 30/01/2023 ctia\nBo Chinh trj vé", "Bộ Chính trị"),
    ("Quyết định số 1625/QĐ-BKHCN ngày 04/7/2025 của Bộ trưởng Bộ Khoa học và Công nghệ;",
     "Bộ trưởng Bộ Khoa học và Công nghệ"),
    ("Thông báo kết luận số 04-TB/BCĐTW ngày 30/5/2025 của đồng chí Tổng Bí thư Tô Lâm, "
     "Trưởng Ban Chỉ đạo Trung ương về", "Ban Chỉ đạo Trung ương"),
    ("Chu tich UBND tinh ban hanh Quyét dinh s6 827/QD-UBND ngay 27/6/2022 vé", "Chủ tịch UBND tỉnh"),
    ("HPND tinh ban hanh Nghi quyét 18/2024/NQ-HPND ngay 13/7/2024", "HĐND tỉnh"),
    ("Theo đề nghị của Sở Công Thương tại Công văn số 2526/SCT-QLCN ngày 14/11/2025", "Sở Công Thương"),
    # an issuer that cannot have issued the code is not taken
    ("Nghị quyết số 57-NQ/TW ngày 22/12/2024 của UBND tỉnh", None),
    ("Tinh da ban hanh (Quyết định số 862/QĐ-UBND ngày 04/7/2022)", None),
])
def test_issuers(text, issuer):
    assert only(text).issuer == issuer


def test_enumeration_shares_the_issuer_named_after_it():
    text = ("Ké hoach s6 539-KH/TU ngay 29/4/2025, Ké\nhoach s6 336-KH/TU ngay 25/02/2025 "
            "ctia Ban Thuong vu Tinh ty thue hién Nghi\nquyét s6 57-NQ/TW ngay 22/12/2024 ctia Bo Chinh tri.")
    issuers = {c.id: c.issuer for c in extract_text(text).citations}
    assert issuers == {"539-KH/TU": "Ban Thường vụ Tỉnh ủy", "336-KH/TU": "Ban Thường vụ Tỉnh ủy",
                       "57-NQ/TW": "Bộ Chính trị"}


def test_subject_of_a_list_issues_each_item():
    text = ("- Ban Thường vụ Tỉnh ủy ban hành Nghị quyết số 08-NQ/TU ngày 20/5/2022 về hệ sinh thái; "
            "Chương trình hành động số 32-CTr/TU ngày 21/3/2023 thực hiện Nghị quyết số 36-NQ/TW ngày "
            "30/01/2023 của Bộ Chính trị về công nghệ sinh học.")
    issuers = {c.id: c.issuer for c in extract_text(text).citations}
    assert issuers == {"08-NQ/TU": "Ban Thường vụ Tỉnh ủy", "32-CTr/TU": "Ban Thường vụ Tỉnh ủy",
                       "36-NQ/TW": "Bộ Chính trị"}


def test_footnote_takes_issuer_of_the_sentence_with_its_marker():
    text = ("Cập nhật 02 QCVN[footnoteRef:12] mới ban hành của Bộ Nông nghiệp và Môi trường và Bộ Công Thương. "
            "[12:  Quy chuẩn kỹ thuật quốc gia QCVN 25:2025/BCT về An toàn điện; Quy chuẩn kỹ thuật quốc gia "
            "QCVN 85:2025/BNNMT về Khí thải.]")
    issuers = {c.id: c.issuer for c in extract_text(text).citations}
    assert issuers == {"QCVN 25:2025/BCT": "Bộ Công Thương", "QCVN 85:2025/BNNMT": "Bộ Nông nghiệp và Môi trường"}


def test_jurisdiction_default_and_override():
    text = ("UBND TỈNH QUẢNG NGÃI\nSỞ KHOA HỌC VÀ CÔNG NGHỆ\nSố: 12/BC-SKHCN\nBÁO CÁO\nVề việc\n\n"
            "Thực hiện Kế hoạch số 130/KH-UBND ngày 11/6/2025; Kế hoạch số 1063/KH-UBND ngày 02/4/2025 "
            "của UBND tỉnh Kon Tum (cũ); Nghị quyết số 57-NQ/TW của Bộ Chính trị.")
    jurisdictions = {c.id: c.jurisdiction for c in extract_text(text).citations}
    assert jurisdictions == {"12/BC-SKHCN": "Quảng Ngãi", "130/KH-UBND": "Quảng Ngãi",
                             "1063/KH-UBND": "Kon Tum", "57-NQ/TW": None}


def test_former_province_in_parenthesis():
    text = ("Tỉnh Quảng Ngãi. Kế hoạch số 21/KH-UBND ngày 09/8/2025 về đào tạo (tỉnh Kon Tum cũ); "
            "Kế hoạch số 22/KH-UBND ngày 09/8/2025 của tỉnh Quảng Ngãi.")
    jurisdictions = [c.jurisdiction for c in extract_text(text).citations]
    assert jurisdictions == ["Kon Tum", "Quảng Ngãi"]


def test_committee_of_the_council_is_provincial_and_named_over_a_dash():
    text = ("HỘI ĐỒNG NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI\nSố: 54/2025/NQ-HĐND\nNGHỊ QUYẾT\nQuy định\n\n*Xét Báo cáo thẩm "
            "tra số 172/BC-BKTNS ngày 24 tháng 11 năm 2025 của Ban Kinh tế - Ngân sách Hội đồng nhân dân Thành phố.*")
    cited = [c for c in extract_text(text).citations if c.id == "172/BC-BKTNS"][0]
    assert (cited.text, cited.issuer, cited.jurisdiction) == (
        "Báo cáo thẩm tra số 172/BC-BKTNS", "Ban Kinh tế - Ngân sách HĐND", "Hà Nội")
