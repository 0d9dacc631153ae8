"""Relations stated between documents, with evidence."""

from parsers.extract import extract_text


def triples(text):
    return {(r.source, r.type, r.target) for r in extract_text(text, "t.txt").relations if r.type != "cites"}


def test_plan_implements_resolution():
    text = "Kế hoạch số 08-KH/BCĐ của Tỉnh ủy triển khai thực hiện Thông báo kết luận số 04-TB/BCĐTW ngày 30/5/2025."
    assert triples(text) == {("08-KH/BCĐ", "implements", "04-TB/BCĐTW")}


def test_ocr_cue_and_enumerated_sources():
    text = ("Ké hoach s6 539-KH/TU ngay 29/4/2025, Ké\nhoach s6 336-KH/TU ngay 25/02/2025 ctia Ban Thuong vu "
            "Tinh ty thue hién Nghi\nquyét s6 57-NQ/TW ngay 22/12/2024 ctia Bo Chinh tri.")
    assert triples(text) == {("539-KH/TU", "implements", "57-NQ/TW"), ("336-KH/TU", "implements", "57-NQ/TW")}


def test_decision_promulgating_a_plan_that_implements_two_documents_and_replaces_one():
    text = ("- Tham muu UBND ban hanh Quyét dinh s 327/QD-UBND ngay 26/5/2025 cua UBND tinh ban hanh K& hoach "
            "hanh dong thuc hién Nghi quyét s6 71/NQ-CP ngay 01/4/2025 cua Chinh phii va K& hoach hanh dong s6 "
            "359-KH/TU ngay 29/4/2025 cua Ban Thuong vu Tinh uy vé thyc hién Nghi quyét s6 57- -NQ/TW ngay "
            "22/12/2024 cua Bo Chinh tri (Thay thé Ké hoach sé 51/KH-UBND ngay 07/3/2025 ciia UBND tinh).")
    assert triples(text) == {
        ("327/QĐ-UBND", "implements", "71/NQ-CP"), ("327/QĐ-UBND", "implements", "359-KH/TU"),
        ("359-KH/TU", "implements", "57-NQ/TW"), ("327/QĐ-UBND", "replaces", "51/KH-UBND"),
    }


def test_numbered_items_each_carry_their_own_relation():
    text = ("Tham mưu: (1) Kế hoạch số 336-KH/TU ngày 25/02/2025; (2) Kế hoạch hành động số 359-KH/TU ngày "
            "29/4/2025 về thực hiện Nghị quyết số 57-NQ/TW; (3) Chương trình số 95-CTr/TU ngày 24/01/2025 về "
            "thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024.")
    assert triples(text) == {("359-KH/TU", "implements", "57-NQ/TW"), ("95-CTr/TU", "implements", "57-NQ/TW")}


def test_parenthesis_after_the_target_lists_the_implementing_plans():
    text = ("chương trình, kế hoạch hành động thực hiện Nghị quyết 57/NQ-CP (Kế hoạch hành động số 359-KH/TU "
            "ngày 29/4/2025 của Ban Thường vụ Tỉnh ủy; Quyết định số 327/QĐ-UBND ngày 26/5/2025 của UBND tỉnh); "
            "Kế hoạch số 151/KH-UBND ngày 09/12/2019 của UBND tỉnh.")
    assert triples(text) == {("359-KH/TU", "implements", "57/NQ-CP"), ("327/QĐ-UBND", "implements", "57/NQ-CP")}


def test_footnote_numbers_the_plan_that_was_issued():
    text = ("+ Ban hành Kế hoạch thực hiện Quyết định số 327/KH-UBND ngày 26/5/2025 của UBND tỉnh Quảng Ngãi"
            "[footnoteRef:2]. Thực hiện báo cáo. [2:  Kế hoạch số 1587/KH-SKHCN ngày 26/6/2025.] ")
    assert triples(text) == {("1587/KH-SKHCN", "implements", "327/KH-UBND")}


def test_footnote_of_another_type_is_not_the_plan():
    text = ("Phổ biến xây dựng Kế hoạch triển khai thực hiện Kế hoạch số 359-KH/TU ngày 29/4/2025"
            "[footnoteRef:3]. [3:  Công văn số 1351/SKHCN-QLKHCN ngày 12/6/2025.] ")
    assert triples(text) == set()


def test_passive_amendment_turns_round():
    text = "*Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15 được sửa đổi, bổ sung bởi Luật số 87/2025/QH15;*"
    assert ("87/2025/QH15", "amends", "64/2025/QH15") in triples(text)
    assert (None, "based_on", "64/2025/QH15") in triples(text)


def test_basis_and_request_have_the_citing_document_as_source():
    text = ("UBND TỈNH X\nSố: 96/2025/QĐ-UBND\nQUYẾT ĐỊNH\nVề việc\n\n*Căn cứ Nghị định số 58/2024/NĐ-CP ngày 24 "
            "tháng 5 năm 2024;*\n\n*Theo đề nghị của Giám đốc Sở Nông nghiệp và Môi trường tại Tờ trình số "
            "551/TTr-SNNMT ngày 20 tháng 10 năm 2025.*")
    assert triples(text) == {("96/2025/QĐ-UBND", "based_on", "58/2024/NĐ-CP"),
                             ("96/2025/QĐ-UBND", "responds_to", "551/TTr-SNNMT")}


def test_list_under_a_repeal_heading():
    text = ("**Điều 1. Bãi bỏ toàn bộ một số văn bản**\n\n1. Quyết định số 104/2000/QĐ-TTg ngày 25 tháng 8 năm 2000 "
            "của Thủ tướng Chính phủ về cấp nước.\n\n2. Quyết định số 14/2012/QĐ-TTg ngày 01 tháng 3 năm 2012 sửa "
            "đổi, bổ sung một số điều của Quyết định số 139/2002/QĐ-TTg.\n\n**Điều 2. Hiệu lực**\n\n"
            "Quyết định số 5/2020/QĐ-TTg hết hiệu lực.")
    assert triples(text) == {(None, "repeals", "104/2000/QĐ-TTg"), (None, "repeals", "14/2012/QĐ-TTg"),
                             ("14/2012/QĐ-TTg", "amends", "139/2002/QĐ-TTg"), (None, "repeals", "5/2020/QĐ-TTg")}


def test_cites_every_document_once_with_evidence():
    text = "Số: 12/BC-SKHCN\nBÁO CÁO\nThực hiện Nghị quyết số 57-NQ/TW. Nghị quyết số 57-NQ/TW yêu cầu."
    extraction = extract_text(text, "r.txt")
    cites = [r for r in extraction.relations if r.type == "cites"]
    assert [(r.source, r.target) for r in cites] == [("12/BC-SKHCN", "57-NQ/TW")]
    evidence = cites[0].evidence
    assert evidence.file == "r.txt"
    assert extraction.text[evidence.start:evidence.end] == evidence.text
    assert "57-NQ/TW" in evidence.text


def test_an_object_of_an_earlier_cue_is_not_a_co_subject():
    text = ("tham mưu Kế hoạch hành động thực hiện Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ và Kế hoạch "
            "hành động số 359-KH/TU ngày 29/4/2025 của Ban Thường vụ Tỉnh ủy về thực hiện Nghị quyết số 57-NQ/TW.")
    assert triples(text) == {("359-KH/TU", "implements", "57-NQ/TW")}


def test_cue_over_filler_words():
    text = "Ké hoach s6 08-KH/BCD trién khai cac nhiém vy dugc giao tai Nghi\nquyét s6 57 NQ/TW ngay 22/12/2024."
    assert triples(text) == {("08-KH/BCĐ", "implements", "57-NQ/TW")}


def test_replacement_stated_in_a_footnote():
    text = ("Ban hành Kế hoạch hành động số 359-KH/TU ngày 29/4/2025 về thực hiện Nghị quyết số 57-NQ/TW"
            "[footnoteRef:3]. Tiếp tục. [3:  Thay thế Kế hoạch số 336-KH/TU ngày 25/02/2025.]")
    assert triples(text) == {("359-KH/TU", "implements", "57-NQ/TW"), ("359-KH/TU", "replaces", "336-KH/TU")}


def test_replacement_stated_in_an_ocr_footnote_line():
    text = ("- Tham muu: (1) Ké hoach sb 336-KH/TU ngay 25/02/2025; (2) Ké hoach hanh dong s6 359-KH/TU ngay "
            "29/4/2025 vé thuc hién Nghi quyét s6 57- -NQ/T W3; (3) Chuong trinh s6 95-CTr/TU ngay 24/01/2025.\n"
            "- Tham muu tiep.\n\n3 Thay thé Ké hoach s6 s6 336-KH/TU ngay 25/02/2025 ctia Ban Thuong vu Tinh ty.\n")
    assert triples(text) == {("359-KH/TU", "implements", "57-NQ/TW"), ("359-KH/TU", "replaces", "336-KH/TU")}


def test_cue_over_the_articles_it_names():
    text = ("Quyết định số 31/2020/QĐ-TTg ngày 29 tháng 9 năm 2020 của Thủ tướng Chính phủ sửa đổi Điều 5 Quyết định "
            "số 03/2019/QĐ-TTg ngày 15 tháng 01 năm 2019. Nghị định số 1/2024/NĐ-CP bãi bỏ khoản 2 Điều 3 và Điều 7 "
            "của Nghị định số 2/2020/NĐ-CP.")
    assert triples(text) == {("31/2020/QĐ-TTg", "amends", "03/2019/QĐ-TTg"), ("1/2024/NĐ-CP", "repeals", "2/2020/NĐ-CP")}


def test_named_laws_after_a_cue():
    text = ("*Căn cứ Luật Nhà ở số 27/2023/QH15; Luật số 43/2024/QH15 sửa đổi, bổ sung một số điều của Luật Đất đai "
            "số 31/2024/QH15, Luật Nhà ở số 27/2023/QH15, Luật Kinh doanh bất động sản số 29/2023/QH15 và Luật Các "
            "tổ chức tín dụng số 32/2024/QH15;*")
    assert triples(text) == {
        (None, "based_on", "27/2023/QH15"), (None, "based_on", "43/2024/QH15"),
        ("43/2024/QH15", "amends", "31/2024/QH15"), ("43/2024/QH15", "amends", "27/2023/QH15"),
        ("43/2024/QH15", "amends", "29/2023/QH15"), ("43/2024/QH15", "amends", "32/2024/QH15"),
    }


def test_considering_a_submission_answers_it():
    text = "Số: 54/2025/NQ-HĐND\nNGHỊ QUYẾT\nVề việc\n\n*Xét Tờ trình số 420/TTr-UBND ngày 21 tháng 11 năm 2025;*"
    assert triples(text) == {("54/2025/NQ-HĐND", "responds_to", "420/TTr-UBND")}
