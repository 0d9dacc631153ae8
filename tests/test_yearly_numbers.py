"""Numbers that restart each year (issue 14, family 7): one province's
12/KH-UBND of 2023 and of 2024 are two documents in the store, while a
mention without a date still joins the one dated document of its number."""

from kg.store import Store
from parsers.extract import extract_text

HEADER = "UBND TỈNH QUẢNG NGÃI\nSỞ KHOA HỌC VÀ CÔNG NGHỆ\nSố: {own}/BC-SKHCN\n\nBÁO CÁO\nTình hình\n\nI. KẾT QUẢ\n\n"


def report(own: str, body: str):
    return extract_text(HEADER.format(own=own) + body, f"{own}.txt")


def stored(tmp_path, *extractions):
    store = Store(tmp_path / "kg.db")
    for e in extractions:
        store.put(e, f"sha-{e.file}")
    return store


def test_the_same_number_in_two_years_is_two_documents(tmp_path):
    with stored(tmp_path,
                report("1", "1. Triển khai Kế hoạch số 12/KH-UBND ngày 03/3/2023 của UBND tỉnh."),
                report("2", "1. Triển khai Kế hoạch số 12/KH-UBND ngày 05/4/2024 của UBND tỉnh.")) as store:
        plans = sorted((n.key, n.date) for n in store.nodes() if n.id == "12/KH-UBND")
    assert plans == [("12/KH-UBND@Quảng Ngãi#2023", "2023-03-03"), ("12/KH-UBND@Quảng Ngãi#2024", "2024-04-05")]


def test_an_undated_mention_joins_the_one_dated_document(tmp_path):
    with stored(tmp_path,
                report("1", "1. Triển khai Kế hoạch số 12/KH-UBND ngày 03/3/2023 của UBND tỉnh."),
                report("2", "1. Theo Kế hoạch số 12/KH-UBND của UBND tỉnh.")) as store:
        plans = [(n.key, n.date, n.mentions) for n in store.nodes() if n.id == "12/KH-UBND"]
    assert plans == [("12/KH-UBND@Quảng Ngãi", "2023-03-03", 2)]


def test_party_numbers_run_over_a_term(tmp_path):
    """57-NQ/TW dated 2025 in one report is a wrong date, not another document."""
    with stored(tmp_path,
                report("1", "1. Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị."),
                report("2", "1. Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2025 của Bộ Chính trị.")) as store:
        assert [n.key for n in store.nodes() if n.id == "57-NQ/TW"] == ["57-NQ/TW"]
