"""RDF with ELI: every format parses back to the same graph, awkward
literals survive, and a SPARQL property path answers the lineage."""

import io
import json

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from graph_fixtures import AWKWARD_SENTENCE, AWKWARD_TITLE, awkward_extraction, samples_store
from kg.cli import main
from kg.export import rdf
from kg.graph import load_graph
from kg.store import Store
from queries.lineage import lineage


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    return samples_store(tmp_path_factory.mktemp("rdf") / "kg.db")


@pytest.mark.parametrize("format", ["turtle", "nt", "json-ld"])
def test_every_format_parses_back_to_the_same_graph(samples, tmp_path, capsys, format):
    out = tmp_path / f"graph.{format}"
    assert main(["export", "rdf", "--format", format, "-o", str(out), "--db", str(samples)]) == 0
    parsed = Graph().parse(out, format=format)
    with Store(samples) as store:
        expected = rdf.to_graph(store)
    assert len(parsed) == len(expected) > 1000
    assert isomorphic(parsed, expected)


@pytest.mark.parametrize("format", ["turtle", "nt", "json-ld"])
def test_written_in_small_batches_the_graph_is_the_same(samples, format):
    """The streamed writer, batch after batch: subjects recur, prefixes and
    blank nodes meet across batches."""
    buffer = io.BytesIO()
    with Store(samples) as store:
        rdf.write(store, buffer, format, batch_size=7)
        expected = rdf.to_graph(store)
    written = buffer.getvalue()
    parsed = Graph().parse(data=written.decode("utf-8"), format=format)
    assert len(parsed) == len(expected) and isomorphic(parsed, expected)
    prefixes = [line for line in written.splitlines() if line.startswith(b"@prefix ")]
    assert len(prefixes) == len(set(prefixes))


def test_documents_are_eli_legal_resources_with_eli_terms(samples):
    with Store(samples) as store:
        graph = rdf.to_graph(store)
    doc = rdf.document_iri("57-NQ/TW")
    eli = rdf.ELI
    assert (doc, rdf.RDF.type, eli.LegalResource) in graph
    assert graph.value(doc, eli.id_local) == Literal("57-NQ/TW")
    assert str(graph.value(doc, eli.date_document)) == "2024-12-22"
    plan = rdf.document_iri("359-KH/TU@Quảng Ngãi")
    assert (plan, eli.ensures_implementation_of, doc) in graph
    assert (plan, rdf.VNKG.replaces, rdf.document_iri("336-KH/TU@Quảng Ngãi")) in graph


def test_awkward_literals_survive_turtle(tmp_path):
    with Store(tmp_path / "kg.db") as store:
        store.put(awkward_extraction(), "awkward")
        buffer = io.BytesIO()
        rdf.write(store, buffer, "turtle")
    graph = Graph().parse(data=buffer.getvalue().decode("utf-8"), format="turtle")
    assert Literal(AWKWARD_TITLE) in set(graph.objects(rdf.document_iri("7-KH/TU@Quảng Ngãi"),
                                                       rdf.ELI.title))
    assert Literal(AWKWARD_SENTENCE) in set(graph.objects(None, rdf.VNKG.text))


def test_a_sparql_property_path_gives_the_lineage_of_57(samples, capsys):
    query = ("SELECT DISTINCT ?id WHERE { ?d eli:ensures_implementation_of+ ?r . "
             "?r eli:id_local '57-NQ/TW' . ?d eli:id_local ?id } ORDER BY ?id")
    assert main(["sparql", query, "--db", str(samples), "--json"]) == 0
    found = [row["id"] for row in json.loads(capsys.readouterr().out)]
    with Store(samples) as store:
        graph = load_graph(store)
    expected = sorted(graph.nodes[r.node]["id"]
                      for r in lineage(graph, "57-NQ/TW", "down", ("implements",)).reached)
    assert found == expected and "1587/KH-SKHCN" in found


def test_a_bad_sparql_query_is_a_one_line_error(samples, capsys):
    assert main(["sparql", "SELEC ?x WHERE {}", "--db", str(samples)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kg sparql: ") and len(err.strip().splitlines()) == 1
