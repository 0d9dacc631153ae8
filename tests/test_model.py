"""The graph model: every document and link once, in batches; status by the
rule of queries/status.py; the lineage subgraph; one list of node columns."""

import pytest

from kg.graph import load_graph
from kg.model import (
    DOCUMENT_FIELDS, around, document_batches, documents, find_key, link_batches, links,
)
from kg.store import NODE_COLUMNS, Store
from kg_corpus import corpus
from queries.lineage import lineage
from queries.lookup import UnknownDocument
from queries.status import status

QN = "@Quảng Ngãi"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("model") / "kg.db")
    for e in corpus():
        store.put(e, e.file)
    yield store
    store.close()


def test_batches_hold_every_document_and_link_once_and_no_more_than_asked(store):
    batches = list(document_batches(store, size=3))
    assert all(len(b) <= 3 for b in batches) and len(batches) > 3
    keys = [d.key for b in batches for d in b]
    assert len(keys) == len(set(keys)) == len(load_graph(store))
    link_rows = [k for b in link_batches(store, size=4) for k in b]
    assert all(len(b) <= 4 for b in link_batches(store, size=4))
    assert link_rows == list(links(store))
    graph = load_graph(store)
    assert {(k.source, k.target, k.relation) for k in link_rows} == set(graph.edges(keys=True))


def test_status_is_the_rule_of_queries_status_for_every_document(store):
    graph = load_graph(store)
    states = {d.key: d.status for d in documents(store)}
    assert states == {key: status(graph, key).state for key in graph}
    assert states["336-KH/TU" + QN] == "replaced"
    assert {"repealed", "amended", "in force"} <= set(states.values())


def test_documents_carry_code_year_and_aliases(store):
    doc = next(d for d in documents(store) if d.id == "327/QĐ-UBND")
    assert (doc.code, doc.year, doc.aliases, doc.type_code, doc.issuer_code) == (
        "QĐ-UBND", 2025, ("327/KH-UBND",), "QĐ", "UBND")
    dated = next(d for d in documents(store) if d.id == "10/2025/QĐ-UBND")
    assert (dated.number, dated.year) == ("10/2025", 2025)


def test_around_is_the_lineage_both_ways_with_its_links(store):
    graph = load_graph(store)
    start = "359-KH/TU" + QN
    sub = around(store, start)
    expected = {start} | {r.node for way in ("up", "down") for r in lineage(graph, start, way).reached}
    assert {d.key for d in sub.documents} == expected
    assert {(k.source, k.target) for k in sub.links} == {
        (u, v) for u, v, k in graph.edges(keys=True)
        if u in expected and v in expected and k in ("implements", "promulgates")}
    one_step = around(store, start, direction="up", depth=1)
    assert {d.id for d in one_step.documents} == {"359-KH/TU", "57-NQ/TW"}


def test_find_key_reads_any_spelling_from_the_store(store):
    assert find_key(store, "327/KH-UBND") == "327/QĐ-UBND" + QN
    assert find_key(store, "57 NQ/TW") == "57-NQ/TW"
    with pytest.raises(UnknownDocument, match="did you mean"):
        find_key(store, "358-KH/TU")


def test_the_node_columns_are_the_nodes_table_and_the_graph_attributes_the_model(store):
    columns = [r[1] for r in store._db.execute("PRAGMA table_info(nodes)")]
    assert columns == NODE_COLUMNS.split(", ")
    graph = load_graph(store)
    assert set(graph.nodes["57-NQ/TW"]) == set(DOCUMENT_FIELDS) - {"key"}
