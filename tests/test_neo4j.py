"""A real Neo4j on loopback (tools/neo4j; the session fixture `neo4j` of conftest.py):
the examples of docs/graph-model.md answer as on the embedded engine; loads
are idempotent and follow re-ingested files; awkward text round-trips; the
cypher-shell script loads the same graph; `kg cypher --neo4j` is read-only
unless --write."""

import json

import pytest

from graph_fixtures import (
    AWKWARD_SENTENCE, AWKWARD_TITLE, awkward_extraction, example_queries, samples_store,
)
from kg.cli import main
from kg.embedded import run
from kg.export import bolt
from kg.export.files import script_statements
from kg.model import documents, links
from kg.store import Store
from parsers.model import DocumentInfo, Evidence, Extraction, Relation


@pytest.fixture
def driver(neo4j):
    with bolt.connect(neo4j.uri) as driver:
        driver.execute_query("MATCH (n) DETACH DELETE n")
        yield driver


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    return samples_store(tmp_path_factory.mktemp("neo4j") / "kg.db")


def kg(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_ten_examples_give_the_same_rows_on_neo4j_and_the_embedded_engine(samples, driver):
    with Store(samples) as store:
        bolt.load(driver, store)
    for question, query, parameters in example_queries():
        embedded = run(samples, query, parameters)
        columns, rows = bolt.query(driver, query, parameters)
        assert (columns, rows) == (embedded.columns, embedded.rows), question
        assert rows, question


def test_loading_twice_gives_the_same_counts_those_of_the_model(samples, driver, neo4j, capsys):
    with Store(samples) as store:
        expected = (sum(1 for _ in documents(store)), sum(1 for _ in links(store)))
    code, out, _ = kg(capsys, "export", "neo4j", "--uri", neo4j.uri, "--db", samples, "--json")
    first = json.loads(out)
    assert code == 0 and (first["database"]["documents"], first["database"]["relationships"]) == expected
    with Store(samples) as store:
        again = bolt.load(driver, store, batch=7)
    assert bolt.counts(driver) == expected
    assert (again.deleted_documents, again.deleted_links) == (0, 0)


def test_a_reingested_files_old_relations_are_replaced(tmp_path, driver):
    def plan(relation: str, target: str) -> Extraction:
        doc = DocumentInfo("9-KH/TU", "KH/TU", "Kế hoạch", "2025-05-01", None, None, "Quảng Ngãi")
        evidence = Evidence("plan.txt", 0, 10, f"{relation} {target}")
        return Extraction("plan.txt", doc, (), (Relation("9-KH/TU", relation, target, evidence),))

    with Store(tmp_path / "kg.db") as store:
        store.put(plan("implements", "57-NQ/TW"), "v1")
        bolt.load(driver, store)
        store.put(plan("replaces", "8-KH/TU"), "v2")
        second = bolt.load(driver, store)
    rows = driver.execute_query(
        "MATCH (a:Document)-[r]->(b:Document) RETURN a.id, type(r), b.id").records
    assert [tuple(r.values()) for r in rows] == [("9-KH/TU", "REPLACES", "8-KH/TU")]
    assert second.deleted_links == 1 and second.deleted_documents == 1  # 57-NQ/TW: no longer named
    assert bolt.counts(driver) == (2, 1)


def test_quotes_newlines_and_vietnamese_round_trip(tmp_path, driver):
    with Store(tmp_path / "kg.db") as store:
        store.put(awkward_extraction(), "awkward")
        bolt.load(driver, store)
    columns, rows = bolt.query(driver, "MATCH (p:Document {id: $id})-[r:IMPLEMENTS]->(n) "
                                       "RETURN p.title, r.text, n.id", {"id": "7-KH/TU"})
    assert rows == ((AWKWARD_TITLE, AWKWARD_SENTENCE, "57-NQ/TW"),)


def test_the_cypher_shell_script_loads_the_same_graph(tmp_path, samples, driver):
    with Store(tmp_path / "awk.db") as store:
        store.put(awkward_extraction(), "awkward")
        statements = list(script_statements(store))
    with driver.session() as session:
        for statement in statements:
            session.run(statement.removesuffix(";")).consume()
    rows = driver.execute_query(
        "MATCH (p:Document {id: '7-KH/TU'})-[r:IMPLEMENTS]->(n) RETURN p.title, r.text").records
    assert [tuple(r.values()) for r in rows] == [(AWKWARD_TITLE, AWKWARD_SENTENCE)]
    driver.execute_query("MATCH (n) DETACH DELETE n")
    with Store(samples) as store:
        for statement in script_statements(store):
            driver.execute_query(statement.removesuffix(";"))
        expected = (sum(1 for _ in documents(store)), sum(1 for _ in links(store)))
    assert bolt.counts(driver) == expected


def test_kg_cypher_on_neo4j_is_read_only_unless_write(samples, driver, neo4j, capsys):
    code, _, err = kg(capsys, "cypher", "CREATE (:Document {key: 'w'})", "--neo4j", neo4j.uri)
    assert code == 2 and "read access mode" in err and len(err.strip().splitlines()) == 1
    code, _, _ = kg(capsys, "cypher", "CREATE (:Document {key: 'w'})", "--neo4j", neo4j.uri,
                    "--write")
    assert code == 0
    code, out, _ = kg(capsys, "cypher", "MATCH (d:Document {key: $k}) RETURN count(d) AS n",
                      "--param", "k=w", "--neo4j", neo4j.uri, "--json")
    assert json.loads(out) == [{"n": 1}]
