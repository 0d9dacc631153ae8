"""`kg cypher` on the embedded engine: the examples of docs/graph-model.md
on the samples, rebuilt when the store changes, read-only unless --write,
one-line errors, parameters, output formats, awkward text intact."""

import csv
import io
import json

import pytest

from graph_fixtures import (
    AWKWARD_SENTENCE, AWKWARD_TITLE, awkward_extraction, example_queries, samples_store,
)
from kg.cli import main
from kg.embedded import CypherError, engine_path, run
from kg.graph import load_graph
from kg.store import Store
from queries.lineage import lineage


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    return samples_store(tmp_path_factory.mktemp("cypher") / "kg.db")


def kg(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_doc_has_ten_examples_and_each_answers_on_the_samples(samples):
    examples = example_queries()
    assert len(examples) == 10
    for question, query, parameters in examples:
        assert run(samples, query, parameters).rows, question


def test_transitive_implementers_are_the_lineage_down(samples):
    _, query, parameters = example_queries()[0]
    rows = run(samples, query, parameters).rows
    with Store(samples) as store:
        graph = load_graph(store)
    expected = {graph.nodes[r.node]["id"] for r in lineage(graph, "57-NQ/TW", "down").reached}
    assert {row[0] for row in rows} == expected
    assert {"359-KH/TU", "327/QĐ-UBND", "1587/KH-SKHCN"} <= expected


def test_the_engine_is_rebuilt_when_the_store_changes(tmp_path):
    db = samples_store(tmp_path / "kg.db")
    count = "MATCH (d:Document) RETURN count(d)"
    before = run(db, count).rows[0][0]
    built = engine_path(db).stat().st_mtime_ns
    assert run(db, count).rows[0][0] == before and engine_path(db).stat().st_mtime_ns == built
    with Store(db) as store:
        store.put(awkward_extraction(), "awkward")
    assert run(db, count).rows[0][0] == before + 1


def test_read_only_unless_write(samples, capsys):
    code, _, err = kg(capsys, "cypher", "CREATE (:Document {key: 'x'})", "--db", samples)
    assert code == 2 and "--write" in err and len(err.strip().splitlines()) == 1
    code, _, _ = kg(capsys, "cypher", "CREATE (:Document {key: 'x'}) RETURN 1", "--db", samples,
                    "--write")
    assert code == 0
    assert run(samples, "MATCH (d:Document {key: 'x'}) RETURN count(d)").rows == ((1,),)


@pytest.mark.parametrize("query, hint", [
    ("MATCH (a:Document)-[r]->(b) RETURN type(r)", "label(r)"),
    ("MATCH p = shortestPath((a:Document)-[*]-(b:Document)) RETURN p", "SHORTEST"),
    ("MATCH (d:Document) REMOVE d.title", "SET n.p = NULL"),
    ("MATCH (d:Document) CALL { RETURN 1 AS x } RETURN x", "WITH"),
    ("MATC (d) RETURN d", None),
])
def test_errors_are_one_line_with_the_dialect_hint(samples, capsys, query, hint):
    code, out, err = kg(capsys, "cypher", query, "--db", samples)
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert err.startswith("kg cypher: ")
    if hint:
        assert hint in err


def test_parameters_and_output_formats(samples, capsys):
    query = ("MATCH (d:Document) WHERE d.id = $id AND d.year = $year "
             "RETURN d.id AS id, d.status AS status, d.aliases AS aliases")
    code, out, _ = kg(capsys, "cypher", query, "--param", "id=336-KH/TU", "--param", "year=2025",
                      "--db", samples, "--json")
    assert code == 0 and json.loads(out) == [{"id": "336-KH/TU", "status": "replaced", "aliases": []}]
    code, out, _ = kg(capsys, "cypher", query, "--param", "id=327/QĐ-UBND", "--param", "year=2025",
                      "--db", samples, "--csv")
    assert list(csv.reader(io.StringIO(out))) == [
        ["id", "status", "aliases"], ["327/QĐ-UBND", "in force", '["327/KH-UBND"]']]
    code, out, _ = kg(capsys, "cypher", query, "--param", "id=none", "--param", "year=1",
                      "--db", samples)
    assert code == 0 and out.strip().endswith("0 row(s)")
    code, _, err = kg(capsys, "cypher", query, "--param", "novalue", "--db", samples)
    assert code == 2 and "name=value" in err


def test_quotes_newlines_and_vietnamese_survive(tmp_path):
    db = tmp_path / "kg.db"
    with Store(db) as store:
        store.put(awkward_extraction(), "awkward")
    rows = run(db, "MATCH (p:Document {id: '7-KH/TU'})-[r:IMPLEMENTS]->(n) "
                   "RETURN p.title, r.text, n.id").rows
    assert rows == ((AWKWARD_TITLE, AWKWARD_SENTENCE, "57-NQ/TW"),)


def test_a_missing_store_is_a_usage_error(tmp_path, capsys):
    code, _, err = kg(capsys, "cypher", "RETURN 1", "--db", tmp_path / "none.db")
    assert code == 2 and "no store" in err
    with pytest.raises(CypherError):
        run(samples_store(tmp_path / "kg.db"), "RETURN nothing(1)")
