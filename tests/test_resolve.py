"""Resolution rules: keys, jurisdictions, aliases, conflicts (pure functions)."""

from kg.resolve import (
    IdParts, Node, Tally, contributions, group_of, id_key, is_provincial, near_numbers, parse_id,
    possible_typo, resolve_group,
)
from kg_corpus import QN, QN_REPORT, Cite, report
from parsers.model import DocumentInfo


def tally(key, id=None, date=None, type=None, count=1, is_self=False, title=None, issuer=None):
    return Tally(key, id or key.split("@")[0], QN if "@" in key else None, date, type, issuer,
                 is_self, title, count)


def test_parse_id_splits_number_type_and_issuer():
    assert parse_id("57-NQ/TW") == IdParts("57", "NQ", "TW")
    assert parse_id("48/2025/QĐ-UBND").number == "48/2025"
    assert parse_id("193/2025/QH15").issuer_code == "QH15"
    assert parse_id("95-CTr/TU").type_code == "CTr"
    assert (parse_id("2164/UBND-KGVX").type_code, parse_id("2164/UBND-KGVX").issuer_code) == (None, "UBND")
    assert parse_id("QCVN 25:2025/BCT") is None


def test_provincial_ids_are_keyed_by_jurisdiction_national_ones_are_not():
    assert is_provincial("1063/KH-UBND") and is_provincial("359-KH/TU") and is_provincial("1/SKHCN-VP")
    assert not any(map(is_provincial, ["57-NQ/TW", "71/NQ-CP", "193/2025/QH15", "14/2014/TT-BKHCN"]))
    assert id_key("1063/KH-UBND", "Kon Tum") != id_key("1063/KH-UBND", QN)
    assert id_key("57-NQ/TW", "Kon Tum") == id_key("57-NQ/TW", QN) == "57-NQ/TW"
    assert group_of("327/QĐ-UBND", QN) == group_of("327/KH-UBND", QN) != group_of("327/KH-UBND", "Kon Tum")


def test_same_number_issuer_and_date_under_two_type_codes_is_one_node():
    result = resolve_group("327|UBND|QN", [
        tally("327/QĐ-UBND@QN", date="2025-05-26", type="Quyết định", count=3),
        tally("327/KH-UBND@QN", date="2025-05-26", type="Quyết định"),
    ])
    [node] = result.nodes
    assert node.id == "327/QĐ-UBND" and node.mentions == 4
    assert set(node.aliases) == {"327/QĐ-UBND@QN", "327/KH-UBND@QN"}
    assert {c.kind for c in result.conflicts} == {"alias", "type"}
    [mismatch] = [c for c in result.conflicts if c.kind == "type"]
    assert mismatch.node == "327/QĐ-UBND@QN"  # listed under the node, naming the spelling
    assert "327/KH-UBND is called Quyết định" in mismatch.detail
    assert mismatch.witnesses[0].key == "327/KH-UBND@QN"


def test_canonical_spelling_ties_are_broken_by_type_word_agreeing_with_code():
    result = resolve_group("g", [
        tally("5/QĐ-UBND@QN", date="2025-01-01", type="Kế hoạch"),
        tally("5/KH-UBND@QN", date="2025-01-01", type="Kế hoạch"),
    ])
    assert [n.id for n in result.nodes] == ["5/KH-UBND"]


def test_spellings_with_other_dates_or_no_date_stay_apart():
    result = resolve_group("g", [
        tally("5/QĐ-UBND@QN", date="2025-01-01"),
        tally("5/KH-UBND@QN", date="2025-02-01"),
        tally("5/CT-UBND@QN"),
    ])
    assert len(result.nodes) == 3
    assert not [c for c in result.conflicts if c.kind == "alias"]


def test_two_dates_for_one_id_keep_the_majority_and_list_the_conflict():
    result = resolve_group("57|TW", [
        tally("57-NQ/TW", date="2024-12-22", count=5),
        tally("57-NQ/TW", date="2025-12-22"),
        tally("57-NQ/TW"),
    ])
    [node] = result.nodes
    assert node.date == "2024-12-22" and node.mentions == 7
    [conflict] = result.conflicts
    assert conflict.kind == "date" and {w.date for w in conflict.witnesses} == {"2024-12-22", "2025-12-22"}


def test_the_documents_own_header_date_outweighs_the_mentions():
    result = resolve_group("g", [
        tally("9/KH-UBND@QN", date="2025-03-03", count=4),
        tally("9/KH-UBND@QN", date="2025-03-04", is_self=True, title="Kế hoạch chuyển đổi số"),
    ])
    [node] = result.nodes
    assert (node.date, node.title) == ("2025-03-04", "Kế hoạch chuyển đổi số")


def test_near_numbers_are_one_edit_of_the_serial_away():
    assert {"359", "5390", "59", "538"} <= near_numbers("539")
    assert not {"539", "953", "935", "5933"} & near_numbers("539")
    assert "84/2025" in near_numbers("48/2025") and "48/2024" not in near_numbers("48/2025")


def node(doc_id, date="2025-04-29"):
    parts = parse_id(doc_id)
    return Node(f"{doc_id}@QN", group_of(doc_id, QN), doc_id, None, date, None, QN, None, None,
                parts.number, parts.type_code, parts.issuer_code, 1)


def test_transposed_digits_same_issuer_type_and_date_are_a_possible_typo():
    conflict = possible_typo(node("539-KH/TU"), node("359-KH/TU"))
    assert conflict.kind == "possible_typo"
    assert (conflict.node, conflict.other) == ("359-KH/TU@QN", "539-KH/TU@QN")


def test_no_typo_across_dates_or_types_and_a_word_of_caution_for_consecutive_numbers():
    assert possible_typo(node("539-KH/TU"), node("359-KH/TU", date="2025-04-30")) is None
    assert possible_typo(node("539-KH/TU"), node("359-CTr/TU")) is None
    assert possible_typo(node("539-KH/TU"), node("5390-KH/TU")) is not None
    assert "consecutive" in possible_typo(node("71/NQ-CP"), node("72/NQ-CP")).detail
    assert "consecutive" not in possible_typo(node("416/QĐ-UBND"), node("516/QĐ-UBND")).detail


def test_relation_endpoints_take_the_jurisdiction_of_their_citation():
    kon_tum = DocumentInfo("7/BC-UBND", "BC-UBND", "Báo cáo", "2025-08-01", None, None, "Kon Tum")
    extraction = report("kt.txt", kon_tum, [
        ([Cite("1063/KH-UBND", "2025-03-03", jurisdiction=QN), Cite("57-NQ/TW", jurisdiction=None)],
         [("1063/KH-UBND", "implements", "57-NQ/TW")]),
    ])
    mentions, links = contributions(extraction)
    # numbers that restart each year carry the year (the Party's 57-NQ/TW does not)
    assert [m.key for m in mentions] == ["7/BC-UBND@Kon Tum#2025", "1063/KH-UBND@Quảng Ngãi#2025", "57-NQ/TW"]
    assert mentions[0].is_self and mentions[0].start is None
    implements = [k for k in links if k.type == "implements"]
    assert [(k.source_key, k.target_key) for k in implements] == [("1063/KH-UBND@Quảng Ngãi#2025", "57-NQ/TW")]
    assert {k.source_key for k in links if k.type == "cites"} == {"7/BC-UBND@Kon Tum#2025"}


def test_numbers_restarting_each_year_are_one_document_per_year():
    """12/KH-UBND of 2023 and of 2024 of one province are two documents; a
    mention without a date joins the dated one when it is the only one."""
    two_years = resolve_group("12|UBND|QN", [
        tally("12/KH-UBND@QN#2023", id="12/KH-UBND", date="2023-03-01", count=2),
        tally("12/KH-UBND@QN#2024", id="12/KH-UBND", date="2024-05-02"),
        tally("12/KH-UBND@QN", id="12/KH-UBND"),
    ])
    assert sorted((n.key, n.date) for n in two_years.nodes) == [
        ("12/KH-UBND@QN", None), ("12/KH-UBND@QN#2023", "2023-03-01"), ("12/KH-UBND@QN#2024", "2024-05-02")]
    assert not [c for c in two_years.conflicts if c.kind == "date"]
    one_year = resolve_group("12|UBND|QN", [
        tally("12/KH-UBND@QN#2024", id="12/KH-UBND", date="2024-05-02"),
        tally("12/KH-UBND@QN", id="12/KH-UBND", count=3),
    ])
    [node] = one_year.nodes
    assert (node.key, node.date, node.mentions) == ("12/KH-UBND@QN", "2024-05-02", 4)
    assert set(node.aliases) == {"12/KH-UBND@QN#2024", "12/KH-UBND@QN"}


def test_a_file_without_its_own_number_is_a_node_of_its_own():
    mentions, links = contributions(report("r.txt", QN_REPORT, [([Cite("57-NQ/TW", jurisdiction=None)], [])]))
    assert mentions[0].key == mentions[0].group == "file:r.txt" and mentions[0].id is None
    assert [(k.source_key, k.source_id) for k in links] == [("file:r.txt", None)]
