"""Every query on the hand-built corpus of kg_corpus.py, whose answers are known."""

import networkx as nx
import pytest

from kg.graph import load_graph
from kg.store import Store
from kg_corpus import corpus
from parsers.model import Evidence
from queries.lineage import lineage
from queries.lookup import AmbiguousDocument, UnknownDocument, find_document
from queries.order import node_order
from queries.path import path
from queries.search import cited_by, search
from queries.status import status

QN = "@Quảng Ngãi"
KT = "@Kon Tum"


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    with Store(tmp_path_factory.mktemp("q") / "kg.db") as store:
        for e in corpus():
            store.put(e, e.file)
        return load_graph(store)


def test_graph_nodes_carry_their_attributes_and_edges_their_evidence(graph):
    data = graph.nodes["327/QĐ-UBND" + QN]
    assert (data["id"], data["type"], data["date"], data["jurisdiction"], data["aliases"],
            data["level"]) == ("327/QĐ-UBND", "Quyết định", "2025-05-26", "Quảng Ngãi",
                               ["327/KH-UBND"], "province_committee")
    [evidence] = graph.edges["359-KH/TU" + QN, "57-NQ/TW", "implements"]["evidence"]
    assert evidence.file == "r1.txt" and "359-KH/TU" in evidence.text and "57-NQ/TW" in evidence.text


def test_lookup_accepts_any_spelling_alias_or_key(graph):
    assert find_document(graph, "327/QD-UBND") == "327/QĐ-UBND" + QN
    assert find_document(graph, "327/KH-UBND") == "327/QĐ-UBND" + QN
    assert find_document(graph, "57 NQ/TW") == "57-NQ/TW"
    assert find_document(graph, "1063/KH-UBND@Kon Tum") == "1063/KH-UBND" + KT
    assert find_document(graph, "file:r1.txt") == "file:r1.txt"


def test_lookup_of_an_id_in_two_provinces_or_of_an_unknown_id_says_so(graph):
    with pytest.raises(AmbiguousDocument) as ambiguous:
        find_document(graph, "1063/KH-UBND")
    assert ambiguous.value.candidates == ["1063/KH-UBND" + KT, "1063/KH-UBND" + QN]
    with pytest.raises(UnknownDocument) as unknown:
        find_document(graph, "358-KH/TU")
    assert "359-KH/TU" in unknown.value.suggestions


def test_lineage_up_reaches_the_top_through_every_plan(graph):
    result = lineage(graph, "327/QĐ-UBND" + QN, "up")
    reached = {r.node: r for r in result.reached}
    assert set(reached) == {"71/NQ-CP", "359-KH/TU" + QN, "57-NQ/TW"}
    top = reached["57-NQ/TW"]
    assert top.depth == 2 and top.parent == "359-KH/TU" + QN
    assert [(s.source, s.relation, s.target) for s in top.path] == [
        ("327/QĐ-UBND" + QN, "implements", "359-KH/TU" + QN),
        ("359-KH/TU" + QN, "implements", "57-NQ/TW"),
    ]
    assert all(s.evidence and s.evidence[0].text for s in top.path)


def test_lineage_up_from_a_decision_goes_through_the_plan_it_promulgates(graph):
    result = lineage(graph, "100/QĐ-UBND" + KT, "up")
    assert [(r.node, r.path[-1].relation) for r in result.reached] == [
        ("200/KH-UBND" + KT, "promulgates"), ("57-NQ/TW", "implements")]
    only_implements = lineage(graph, "100/QĐ-UBND" + KT, "up", relations=("implements",))
    assert only_implements.reached == ()


def test_lineage_down_includes_everything_implementing_it(graph):
    result = lineage(graph, "57-NQ/TW", "down")
    assert {r.node for r in result.reached} == {
        "359-KH/TU" + QN, "327/QĐ-UBND" + QN, "1587/KH-SKHCN" + QN, "03/NQ-CP", "51/KH-UBND" + QN,
        "95-CTr/TU" + QN, "1570/KH-UBND" + QN, "539-KH/TU" + QN, "200/KH-UBND" + KT,
        "100/QĐ-UBND" + KT,
    }
    decision = next(r for r in result.reached if r.node == "327/QĐ-UBND" + QN)
    assert decision.parent == "359-KH/TU" + QN and decision.depth == 2


def test_lineage_depth_limits_the_walk(graph):
    result = lineage(graph, "57-NQ/TW", "down", depth=1)
    assert {r.depth for r in result.reached} == {1}
    assert "327/QĐ-UBND" + QN not in {r.node for r in result.reached}


def test_status_replaced_amended_repealed_and_in_force(graph):
    replaced = status(graph, "336-KH/TU" + QN)
    assert replaced.state == "replaced"
    assert [(c.other, c.date) for c in replaced.replaced_by] == [("359-KH/TU" + QN, "2025-04-29")]
    assert "336-KH/TU" in replaced.replaced_by[0].step.evidence[0].text
    assert replaced.chain == ("336-KH/TU" + QN, "359-KH/TU" + QN)
    assert status(graph, "51/KH-UBND" + QN).replaced_by[0].other == "327/QĐ-UBND" + QN
    assert status(graph, "5/2024/QĐ-UBND" + KT).state == "amended"
    assert status(graph, "6/2024/QĐ-UBND" + KT).repealed_by[0].other == "12/2025/QĐ-UBND" + KT
    current = status(graph, "359-KH/TU" + QN)
    assert current.state == "in force" and [c.other for c in current.replaces] == ["336-KH/TU" + QN]


def test_path_follows_relations_either_way_with_their_direction(graph):
    steps = path(graph, "1587/KH-SKHCN" + QN, "71/NQ-CP")
    assert [(s.source, s.relation, s.target) for s in steps] == [
        ("1587/KH-SKHCN" + QN, "implements", "327/QĐ-UBND" + QN),
        ("327/QĐ-UBND" + QN, "implements", "71/NQ-CP"),
    ]
    assert path(graph, "57-NQ/TW", "57-NQ/TW") == ()


def test_path_falls_back_to_cites_only_when_typed_relations_do_not_connect(graph):
    steps = path(graph, "1063/KH-UBND" + QN, "336-KH/TU" + QN)
    assert [s.relation for s in steps] == ["cites", "cites"]
    assert path(graph, "1063/KH-UBND" + QN, "336-KH/TU" + QN, relations=("implements",)) is None


def test_cited_by_lists_every_document_naming_it_with_its_relations(graph):
    citing = {c.source: [s.relation for s in c.steps] for c in cited_by(graph, "57-NQ/TW")}
    assert citing["file:r1.txt"] == ["cites"]
    assert citing["1418/BC-SKHCN" + QN] == ["cites"]
    assert citing["359-KH/TU" + QN] == ["implements"]


def test_search_by_type_issuer_jurisdiction_dates_and_title(graph):
    assert search(graph.nodes(data=True), type="ke hoach", jurisdiction="Kon Tum") == ["1063/KH-UBND" + KT, "200/KH-UBND" + KT]
    assert search(graph.nodes(data=True), issuer="TU", date_from="2025-04-01") == ["359-KH/TU" + QN, "539-KH/TU" + QN]
    assert search(graph.nodes(data=True), issuer="Sở Khoa học", date_to="2025-07-12") == ["1418/BC-SKHCN" + QN]
    assert search(graph.nodes(data=True), text="chuyen doi so") == ["1418/BC-SKHCN" + QN]
    assert search(graph.nodes(data=True), date_from="2025-05-01", date_to="2025-05-31") == ["327/QĐ-UBND" + QN]
    assert search(graph.nodes(data=True), type="Thông tư") == []


# --- determinism, path preferences, lookup forms (issue 12) ---------------------------



def _graph(edges, ids=None):
    """A graph of (source, relation, target) with ids equal to the keys,
    except those ``ids`` gives (None: a file without a number)."""
    g = nx.MultiDiGraph()
    for source, relation, target in edges:
        g.add_edge(source, target, key=relation, evidence=[Evidence("f.txt", 0, 1, "…")])
    for node in g:
        g.nodes[node].update(id=(ids or {}).get(node, node), aliases=[], mentions=1)
    return g


def _chain(steps):
    return [(s.source, s.relation, s.target) for s in steps]


def test_path_goes_around_a_file_without_a_number_when_numbered_documents_connect():
    g = _graph([("file:r.txt", "implements", "1/KH-UBND"), ("file:r.txt", "implements", "2/KH-UBND"),
                ("3/KH-UBND", "implements", "1/KH-UBND"), ("4/KH-UBND", "implements", "3/KH-UBND"),
                ("4/KH-UBND", "implements", "2/KH-UBND")], ids={"file:r.txt": None})
    assert [n for s in path(g, "1/KH-UBND", "2/KH-UBND") for n in (s.source, s.target)].count("file:r.txt") == 0
    g.remove_node("4/KH-UBND")
    assert "file:r.txt" in {s.source for s in path(g, "1/KH-UBND", "2/KH-UBND")}  # the only way


def test_path_prefers_a_longer_typed_chain_to_a_cites_shortcut_and_relations_restrict_it():
    g = _graph([("A", "cites", "D"), ("A", "implements", "B"), ("B", "implements", "C"),
                ("C", "implements", "D")])
    assert _chain(path(g, "A", "D")) == [("A", "implements", "B"), ("B", "implements", "C"),
                                         ("C", "implements", "D")]
    assert _chain(path(g, "A", "D", ("cites",))) == [("A", "cites", "D")]
    assert path(g, "A", "D", ("replaces",)) is None


def test_path_between_equal_chains_takes_the_first_documents_whatever_the_insertion_order():
    edges = [("10/KH-UBND", "implements", "1/NQ-CP"), ("9/KH-UBND", "implements", "1/NQ-CP"),
             ("5/QĐ-UBND", "promulgates", "10/KH-UBND"), ("5/QĐ-UBND", "promulgates", "9/KH-UBND")]
    answers = {tuple(_chain(path(_graph(order), "5/QĐ-UBND", "1/NQ-CP")))
               for order in (edges, edges[::-1], edges[1:] + edges[:1])}
    assert answers == {(("5/QĐ-UBND", "promulgates", "9/KH-UBND"), ("9/KH-UBND", "implements", "1/NQ-CP"))}


def test_lists_sort_by_year_then_number_numerically():
    g = _graph([(k, "cites", "X") for k in ("05/2024/QĐ-UBND", "03/2019/QĐ-UBND", "04/2018/QĐ-UBND",
                                            "10/2019/QĐ-UBND", "9/2019/QĐ-UBND")])
    assert [c.source for c in cited_by(g, "X")] == [
        "04/2018/QĐ-UBND", "03/2019/QĐ-UBND", "9/2019/QĐ-UBND", "10/2019/QĐ-UBND", "05/2024/QĐ-UBND"]
    assert sorted(["file:a", "2/KH", "1/KH"], key=node_order(_graph([("1/KH", "cites", "2/KH"), (
        "file:a", "cites", "1/KH")], ids={"file:a": None}))) == ["1/KH", "2/KH", "file:a"]


@pytest.mark.parametrize("typed", ["57-nq/tw", "57-NQ/TW", "57 NQ/TW", "Nghị quyết 57-NQ/TW"])
def test_lookup_of_an_id_in_any_case(graph, typed):
    assert find_document(graph, typed) == "57-NQ/TW"


@pytest.mark.parametrize("typed", ["327/qd-ubnd", "Quyết định 327", "quyet dinh 327", "QĐ 327", "qd 327"])
def test_lookup_of_the_forms_users_type(graph, typed):
    assert find_document(graph, typed) == "327/QĐ-UBND@Quảng Ngãi"


def test_lookup_of_a_bare_number_or_type_and_number_naming_several_ranks_them(graph):
    with pytest.raises(AmbiguousDocument) as several:
        find_document(graph, "1063")
    assert several.value.candidates == ["1063/KH-UBND@Kon Tum", "1063/KH-UBND@Quảng Ngãi"]
    with pytest.raises(UnknownDocument) as none:
        find_document(graph, "Kế hoạch 358")
    with pytest.raises(UnknownDocument) as close:
        find_document(graph, "358-kh/tu")
    assert close.value.suggestions == ["359-KH/TU"]  # one edit away; 539 is two
