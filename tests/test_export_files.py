"""Exports as files: neo4j-admin CSV, GraphML, spreadsheet CSV; each read
back whole, Vietnamese, quotes and newlines intact."""

import csv
from dataclasses import replace

import networkx as nx
import pytest

from graph_fixtures import AWKWARD_SENTENCE, AWKWARD_TITLE, awkward_extraction, samples_store
from kg.cli import main
from kg.model import document_properties, documents, links
from kg.store import Store


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    path = samples_store(tmp_path_factory.mktemp("files") / "kg.db")
    with Store(path) as store:
        store.put(awkward_extraction(), "awkward")
    return path


@pytest.fixture(scope="module")
def model(store_path):
    with Store(store_path) as store:
        return list(documents(store)), list(links(store))


def read(path, encoding="utf-8"):
    with open(path, newline="", encoding=encoding) as handle:
        return list(csv.DictReader(handle))


def test_neo4j_admin_csv(store_path, model, tmp_path):
    assert main(["export", "neo4j-csv", str(tmp_path), "--db", str(store_path)]) == 0
    nodes, rels = read(tmp_path / "documents.csv"), read(tmp_path / "relationships.csv")
    assert len(nodes) == len(model[0]) and len(rels) == len(model[1])
    assert {"key:ID", "year:long", "aliases:string[]", ":LABEL"} <= set(nodes[0])
    plan = next(n for n in nodes if n["id"] == "327/QĐ-UBND")
    assert plan["aliases:string[]"] == "327/KH-UBND" and plan[":LABEL"] == "Document"
    awkward = next(n for n in nodes if n["id"] == "7-KH/TU")
    assert awkward["title"] == AWKWARD_TITLE
    assert any(r["text"] == AWKWARD_SENTENCE and r[":TYPE"] == "IMPLEMENTS" for r in rels)
    keys = {n["key:ID"] for n in nodes}
    assert all(r[":START_ID"] in keys and r[":END_ID"] in keys for r in rels)


def test_graphml(store_path, model, tmp_path):
    out = tmp_path / "graph.graphml"
    assert main(["export", "graphml", str(out), "--db", str(store_path)]) == 0
    graph = nx.read_graphml(out)
    assert graph.number_of_nodes() == len(model[0]) and graph.number_of_edges() == len(model[1])
    assert graph.nodes["7-KH/TU@Quảng Ngãi"]["title"] == AWKWARD_TITLE
    assert graph.nodes["327/QĐ-UBND@Quảng Ngãi"]["status"] == "in force"
    for document in model[0]:  # every attribute, typed, lists joined by ";"
        expected = {k: ";".join(v) if isinstance(v, list) else v
                    for k, v in document_properties(document).items() if v not in (None, []) and k != "key"}
        assert graph.nodes[document.key] == expected
    read_back = sorted((u, v, d["relation"], d["file"], d["start_offset"], d.get("text"))
                       for u, v, d in graph.edges(data=True))
    assert read_back == sorted((k.source, k.target, k.relation, k.evidence.file, k.evidence.start,
                                k.evidence.text or None) for k in model[1])


def test_graphml_holds_what_xml_cannot_as_spaces(tmp_path):
    """A PDF's form feed in a sentence: XML 1.0 cannot hold it."""
    path = tmp_path / "kg.db"
    extraction = awkward_extraction()
    relation = extraction.relations[0]
    paged = replace(relation.evidence, text=relation.evidence.text.replace(" ", "\f", 1))
    with Store(path) as store:
        store.put(replace(extraction, relations=(replace(relation, evidence=paged),)), "ff")
    out = tmp_path / "graph.graphml"
    assert main(["export", "graphml", str(out), "--db", str(path)]) == 0
    texts = [d["text"] for _, _, d in nx.read_graphml(out).edges(data=True) if "text" in d]
    assert texts == [paged.text.replace("\f", " ")]


def test_spreadsheet_csv(store_path, model, tmp_path):
    assert main(["export", "csv", str(tmp_path), "--db", str(store_path)]) == 0
    nodes = read(tmp_path / "documents.csv", "utf-8-sig")
    rels = read(tmp_path / "links.csv", "utf-8-sig")
    assert len(nodes) == len(model[0]) and len(rels) == len(model[1])
    assert next(n for n in nodes if n["id"] == "336-KH/TU")["status"] == "replaced"
    assert any(r["relation"] == "implements" and r["text"] == AWKWARD_SENTENCE for r in rels)
