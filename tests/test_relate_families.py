"""The families of relations of issue 14, each read in clean text and in the
same text damaged the way OCR damages it (diacritics lost; look-alike
letters), and the links that must not be made."""

import pytest

from parsers.extract import extract_text
from test_ocr_robustness import with_confusions, without_diacritics

DAMAGES = {
    "clean": lambda text: text,
    "no diacritics": without_diacritics,
    "confusions 1": lambda text: with_confusions(text, 0.5, 1),
    "confusions 2": lambda text: with_confusions(text, 0.5, 2),
}

HEADER = "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NINH\nSố: 96/2025/QĐ-UBND\n\nQUYẾT ĐỊNH\nVề phòng cháy rừng\n\n"
OWN = "96/2025/QĐ-UBND"


def typed(text):
    return {(r.source, r.type, r.target) for r in extract_text(text, "t.txt").relations if r.type != "cites"}


CASES = {
    # 1. the document itself as the source
    "effect clause replaces": (
        HEADER + "**Điều 1.** Ban hành Quy định.\n\n3. Quyết định này thay thế Quyết định số 29/2020/QĐ-UBND ngày "
        "18 tháng 8 năm 2020 của Ủy ban nhân dân tỉnh.",
        {(OWN, "replaces", "29/2020/QĐ-UBND")}),
    "effect clause in force and replaces": (
        HEADER + "Điều 3. Quyết định này có hiệu lực kể từ ngày ký và thay thế Quyết định số 12/2019/QĐ-UBND.",
        {(OWN, "replaces", "12/2019/QĐ-UBND")}),
    "list under 'sau đây hết hiệu lực'": (
        HEADER + "**Điều 2. Hiệu lực thi hành**\n\n2. Các Quyết định sau đây hết\nhiệu lực kể từ ngày Quyết định này "
        "có hiệu lực thi hành:\n\na) Quyết định số\n43/2022/QĐ-UBND ngày 23 tháng 9 năm 2022 của Ủy ban nhân dân tỉnh "
        "về việc ban hành Quy chế;\n\nb) Quyết định số 44/2024/QĐ-UBND ngày 21 tháng 8 năm 2024 của Ủy ban nhân dân "
        "tỉnh Hà Nam về việc ban hành Quy chế.",
        {(OWN, "repeals", "43/2022/QĐ-UBND"), (OWN, "repeals", "44/2024/QĐ-UBND")}),
    "a document 'hết hiệu lực'": (
        HEADER + "Điều 3. Quyết định số 5/2020/QĐ-UBND ngày 2 tháng 3 năm 2020 của Ủy ban nhân dân tỉnh về quản "
        "lý rừng và Quyết định số 6/2021/QĐ-UBND hết hiệu lực kể từ ngày Quyết định này có hiệu lực.",
        {(OWN, "repeals", "5/2020/QĐ-UBND"), (OWN, "repeals", "6/2021/QĐ-UBND")}),
    "opening and title implement each": (
        "UBND TỈNH QUẢNG NGÃI\nSố: 88/KH-UBND\n\nKẾ HOẠCH\nThực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ "
        "Chính trị\n\nThực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị; Kế hoạch số 02-KH/BCĐTW "
        "ngày 19/6/2025 của Ban Chỉ đạo Trung ương; Chương trình số 95-CTr/TU ngày 24/01/2025 của Tỉnh ủy, UBND "
        "tỉnh ban hành Kế hoạch như sau:\n\nI. MỤC ĐÍCH\n\n1. Thực hiện Quyết định số 5/QĐ-UBND của UBND tỉnh.",
        {("88/KH-UBND", "implements", "57-NQ/TW"), ("88/KH-UBND", "implements", "02-KH/BCĐTW"),
         ("88/KH-UBND", "implements", "95-CTr/TU")}),
    "amending title and article": (
        "BỘ TÀI CHÍNH\nSố: 10/2025/TT-BTC\n\nTHÔNG TƯ\nSửa đổi, bổ sung một số điều của Thông tư số 78/2014/TT-BTC\n\n"
        "*Căn cứ Luật Quản lý thuế số 38/2019/QH14;*\n\n**Điều 1. Sửa đổi, bổ sung một số điều của Thông tư số "
        "78/2014/TT-BTC như sau:**\n\n1. Sửa đổi khoản 2 Điều 4.",
        {("10/2025/TT-BTC", "amends", "78/2014/TT-BTC"), ("10/2025/TT-BTC", "based_on", "38/2019/QH14")}),
    "the regulation guides a law named without its number": (
        HEADER + "*Căn cứ Luật Lâm nghiệp số 16/2017/QH14;*\n\n**Điều 1. Phạm vi điều chỉnh**\n\nQuy định này quy "
        "định chi tiết khoản 3 Điều 20 của Luật Lâm nghiệp.",
        {(OWN, "based_on", "16/2017/QH14"), (OWN, "guides", "16/2017/QH14")}),
    # 2. amendment chains in "Căn cứ" lines
    "passive 'bởi': both are bases": (
        HEADER + "*Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15 được sửa đổi, bổ sung một số điều "
        "bởi Luật số 87/2025/QH15;*",
        {(OWN, "based_on", "64/2025/QH15"), (OWN, "based_on", "87/2025/QH15"),
         ("87/2025/QH15", "amends", "64/2025/QH15")}),
    "'Luật sửa đổi … của Luật X số B': B amends X": (
        HEADER + "*Căn cứ Luật Đất đai số 31/2024/QH15; Luật sửa đổi, bổ sung một số điều của Luật Đất đai số "
        "43/2024/QH15;*",
        {(OWN, "based_on", "31/2024/QH15"), (OWN, "based_on", "43/2024/QH15"),
         ("43/2024/QH15", "amends", "31/2024/QH15")}),
    "passive 'tại'": (
        HEADER + "*Căn cứ Nghị định số 132/2008/NĐ-CP ngày 31 tháng 12 năm 2008 của Chính phủ được sửa đổi, bổ sung "
        "tại Nghị định số 74/2018/NĐ-CP;*",
        {(OWN, "based_on", "132/2008/NĐ-CP"), (OWN, "based_on", "74/2018/NĐ-CP"),
         ("74/2018/NĐ-CP", "amends", "132/2008/NĐ-CP")}),
    "passive without 'được', laws in a row": (
        HEADER + "*Căn cứ Luật Quản lý, sử dụng tài sản công số 15/2017/QH14, sửa đổi, bổ sung bởi Luật số "
        "64/2020/QH14 và Luật số 07/2022/QH15;*",
        {(OWN, "based_on", "15/2017/QH14"), (OWN, "based_on", "64/2020/QH14"), (OWN, "based_on", "07/2022/QH15"),
         ("64/2020/QH14", "amends", "15/2017/QH14"), ("07/2022/QH15", "amends", "15/2017/QH14")}),
    "an article between the passive and the law": (
        HEADER + "*Căn cứ Luật Ngân sách nhà nước số 83/2015/QH14 được sửa đổi, bổ sung bởi Điều 4 của Luật số "
        "56/2024/QH15;*",
        {(OWN, "based_on", "83/2015/QH14"), (OWN, "based_on", "56/2024/QH15"),
         ("56/2024/QH15", "amends", "83/2015/QH14")}),
    "a decree amended by a decree, the law it guides between": (
        HEADER + "*Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15;*\n\n*Căn cứ Nghị định số "
        "78/2025/NĐ-CP quy định chi tiết một số điều và biện pháp để tổ chức, hướng dẫn thi hành Luật Ban hành văn "
        "bản quy phạm pháp luật được sửa đổi, bổ sung bởi Nghị định số 187/2025/NĐ-CP;*",
        {(OWN, "based_on", "64/2025/QH15"), (OWN, "based_on", "78/2025/NĐ-CP"), (OWN, "based_on", "187/2025/NĐ-CP"),
         ("187/2025/NĐ-CP", "amends", "78/2025/NĐ-CP"), ("78/2025/NĐ-CP", "guides", "64/2025/QH15")}),
    # 3. guides, joined verbs
    "'quy định chi tiết và hướng dẫn thi hành'": (
        HEADER + "*Căn cứ Nghị định số 71/2007/NĐ-CP quy định chi tiết và hướng dẫn thi hành một số điều của Luật "
        "Công nghệ thông tin số 67/2006/QH11;*",
        {(OWN, "based_on", "71/2007/NĐ-CP"), ("71/2007/NĐ-CP", "guides", "67/2006/QH11")}),
    "'sửa đổi, bổ sung và bãi bỏ'": (
        "Nghị định số 10/2024/NĐ-CP ngày 1 tháng 2 năm 2024 sửa đổi, bổ sung và bãi bỏ một số điều của Nghị định số "
        "5/2020/NĐ-CP.",
        {("10/2024/NĐ-CP", "amends", "5/2020/NĐ-CP"), ("10/2024/NĐ-CP", "repeals", "5/2020/NĐ-CP")}),
    # 4. preambles glued to the header, "Căn cứ pháp lý", "Trên cơ sở", two submissions
    "a preamble glued by single newlines": (
        "UBND TỈNH BẮC NINH\nSố: 12/2025/QĐ-UBND\nQUYẾT ĐỊNH\nBan hành quy chế văn thư\nCăn cứ Luật Tổ chức chính "
        "quyền địa phương số 72/2025/QH15;\nCăn cứ Nghị định số 30/2020/NĐ-CP;\nTrên cơ sở Kết luận số 12-KL/TU "
        "ngày 2/3/2025 của Ban Thường vụ Tỉnh ủy;\nTheo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 5/TTr-SNV và "
        "số 6/TTr-SNV.\nQUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Quy chế văn thư.",
        {("12/2025/QĐ-UBND", "based_on", "72/2025/QH15"), ("12/2025/QĐ-UBND", "based_on", "30/2020/NĐ-CP"),
         ("12/2025/QĐ-UBND", "based_on", "12-KL/TU"), ("12/2025/QĐ-UBND", "responds_to", "5/TTr-SNV"),
         ("12/2025/QĐ-UBND", "responds_to", "6/TTr-SNV")}),
    "a list under 'Căn cứ pháp lý'": (
        "**11. Căn cứ pháp\nlý của thủ tục hành chính**\n\n- Nghị định số\n31/2018/NĐ-CP ngày 08 tháng 3 năm 2018 của "
        "Chính phủ quy định chi tiết Luật Quản lý ngoại thương;\n\n- Thông tư số 05/2018/TT-BCT ngày 03 tháng 4 năm "
        "2018 của Bộ trưởng Bộ Công Thương quy định về xuất xứ hàng hóa.",
        {(None, "based_on", "31/2018/NĐ-CP"), (None, "based_on", "05/2018/TT-BCT")}),
}

NEGATIVES = {
    # 5. links that must not be made
    "';' and a line break before 'Thực hiện'": (
        HEADER + "*Căn cứ Luật Giao dịch điện tử số 20/2023/QH15;\nThực hiện Kế hoạch số 5/KH-UBND ngày 2/1/2024 "
        "của UBND tỉnh.*",
        {(OWN, "based_on", "20/2023/QH15"), (OWN, "implements", "5/KH-UBND")}),
    "'về <subject> và Kế hoạch số B' keeps B": (
        "Kế hoạch số 7/KH-UBND ngày 2/7/2025 triển khai Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về "
        "đột phá phát triển khoa học, công nghệ và Kế hoạch số 02-KH/BCĐTW ngày 19/6/2025 của Ban Chỉ đạo Trung ương.",
        {("7/KH-UBND", "implements", "57-NQ/TW"), ("7/KH-UBND", "implements", "02-KH/BCĐTW")}),
    "a subject of its own after 'và' is no object": (
        "Kế hoạch số 12/KH-UBND thực hiện Nghị quyết số 5-NQ/TU về chuyển đổi số và Kế hoạch số 13/KH-UBND ngày "
        "1/1/2025 thực hiện Nghị quyết số 6-NQ/TU.",
        {("12/KH-UBND", "implements", "5-NQ/TU"), ("13/KH-UBND", "implements", "6-NQ/TU")}),
    "'thực hiện theo' is to comply": (
        "Quyết định số 12/2024/QĐ-UBND ngày 2/3/2024 thực hiện theo Thông tư số 5/2023/TT-BTC. Việc kiểm tra thực "
        "hiện theo quy định tại Điều 7 Thông tư số 05/2018/TT-BCT.",
        set()),
    "'căn cứ' as a verb": (
        "Ủy ban nhân dân xã căn cứ Quyết định số 5/QĐ-UBND ngày 2/3/2025 để lập danh sách.",
        set()),
    "'Căn cứ' in a table row": (
        "| 1 | Căn cứ Quyết định số 5/QĐ-UBND ngày 2/3/2025, xã lập danh sách | 2025 |",
        set()),
    "'Căn cứ' in a form after the articles": (
        HEADER + "**Điều 1.** Công bố thủ tục.\n\n*Nơi nhận:*\n- Như Điều 3.\n\n**Mẫu số 01. ĐƠN ĐỀ NGHỊ**\n\n- Mã "
        "số thuế: ...........\n\n1. Căn cứ Nghị định số 31/2018/NĐ-CP ngày 08 tháng 3 năm 2018 của Chính phủ, thương "
        "nhân đề nghị được thay đổi nơi cấp C/O.",
        set()),
    "a fact reported, not an act": (
        "BÁO CÁO\nTình hình\n\nI. KẾT QUẢ\n\n1. Quyết định số 5/2020/QĐ-UBND ngày 2/3/2020 của UBND tỉnh đã hết "
        "hiệu lực.",
        set()),
    "an annex recommending an amendment is no act of the document": (
        HEADER + "**Điều 1.** Thông qua phương án.\n\n*Nơi nhận:*\n- Như Điều 3.\n\nPHƯƠNG ÁN\n\nKiến nghị thực "
        "thi:\n\nSửa đổi, bổ sung Điều 30 của Nghị định số 76/2018/NĐ-CP ngày 15 tháng 5 năm 2018 của Chính phủ.",
        set()),
}


@pytest.mark.parametrize("damage", DAMAGES)
@pytest.mark.parametrize("case", {**CASES, **NEGATIVES})
def test_family(case, damage):
    text, expected = {**CASES, **NEGATIVES}[case]
    assert typed(DAMAGES[damage](text)) == expected


def test_status_says_replaced_with_the_sentence():
    """`kg status` reads these relations: the replaced document says so."""
    import networkx as nx

    from queries.status import status

    extraction = extract_text(CASES["effect clause replaces"][0], "t.txt")
    graph = nx.MultiDiGraph()
    for r in extraction.relations:
        graph.add_edge(r.source, r.target, key=r.type, evidence=[r.evidence])
    answer = status(graph, "29/2020/QĐ-UBND")
    assert answer.state == "replaced"
    assert "Quyết định này thay thế Quyết định số 29/2020/QĐ-UBND" in answer.replaced_by[0].step.evidence[0].text
