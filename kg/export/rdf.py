"""The graph model in RDF, with the ELI ontology where it has the term.

Each document is an ``eli:LegalResource`` (IRI: the base of graph.toml and
its node key, percent-encoded) with its attributes as literals
(``eli:id_local``, ``eli:date_document``, ``eli:passed_by``,
``eli:type_document``, ``eli:title``; the rest in the project's ``vnkg:``
namespace). Each relation is a triple (``eli:ensures_implementation_of``,
``eli:amends``, ``vnkg:replaces``… from relations.toml) and, with its
evidence, a ``vnkg:Statement`` (subject, relation, object, file, start, end,
text). Names live in data/vocab/graph.toml and relations.toml.

ELI's ``passed_by`` and ``type_document`` expect resources (an agent, a
concept); the corpus knows names only, so they are literals here.
"""

from __future__ import annotations

from typing import IO, Iterator
from urllib.parse import quote

from rdflib import RDF, XSD, BNode, Graph, Literal, Namespace, URIRef

from kg.model import BATCH, Document, Link, document_batches, link_batches
from kg.store import Store
from parsers.vocab import VOCAB

NAMES = VOCAB.graph_names["rdf"]
PREFIXES: dict[str, Namespace] = {p: Namespace(iri) for p, iri in NAMES["prefixes"].items()}
ELI, VNKG = PREFIXES["eli"], PREFIXES["vnkg"]
FORMATS = {"turtle": "turtle", "json-ld": "json-ld", "nt": "nt"}


def term(curie: str) -> URIRef:
    """ "eli:amends" → the IRI, through the prefixes of graph.toml.

    >>> str(term("eli:ensures_implementation_of"))
    'http://data.europa.eu/eli/ontology#ensures_implementation_of'
    """
    prefix, _, local = curie.partition(":")
    return PREFIXES[prefix][local]


def document_iri(key: str) -> URIRef:
    return URIRef(NAMES["documents"]["base"] + quote(key, safe=""))


PROPERTIES = {name: term(curie) for name, curie in NAMES["properties"].items()}
EVIDENCE = {name: term(curie) for name, curie in NAMES["evidence"].items()}
DOCUMENT_CLASS = term(NAMES["class"])


def _literal(name: str, value) -> Literal:
    if name == "date":
        return Literal(value, datatype=XSD.date)
    return Literal(value)


def document_triples(document: Document) -> Iterator[tuple]:
    subject = document_iri(document.key)
    yield subject, RDF.type, DOCUMENT_CLASS
    for name, predicate in PROPERTIES.items():
        value = getattr(document, name)
        for item in (value if isinstance(value, tuple) else (value,)):
            if item is not None and item != "":
                yield subject, predicate, _literal(name, item)


def link_triples(link: Link) -> Iterator[tuple]:
    source, target = document_iri(link.source), document_iri(link.target)
    predicate = term(link.kind.rdf_property)
    yield source, predicate, target
    statement = BNode()
    e = link.evidence
    yield statement, RDF.type, EVIDENCE["class"]
    yield statement, EVIDENCE["subject"], source
    yield statement, EVIDENCE["relation"], predicate
    yield statement, EVIDENCE["object"], target
    yield statement, EVIDENCE["file"], Literal(e.file)
    yield statement, EVIDENCE["start"], Literal(e.start)
    yield statement, EVIDENCE["end"], Literal(e.end)
    if e.text:
        yield statement, EVIDENCE["text"], Literal(e.text)


def _graph() -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


def _batches(store: Store, size: int = BATCH) -> Iterator[list[tuple]]:
    for batch in document_batches(store, size):
        yield [t for d in batch for t in document_triples(d)]
    for batch in link_batches(store, size):
        yield [t for k in batch for t in link_triples(k)]


def to_graph(store: Store) -> Graph:
    """The whole model as one rdflib graph (what SPARQL needs)."""
    graph = _graph()
    for triples in _batches(store):
        for triple in triples:
            graph.add(triple)
    return graph


def _serialized(triples: list[tuple], format: str) -> bytes:
    batch = _graph()
    for triple in triples:
        batch.add(triple)
    return batch.serialize(format=FORMATS[format], encoding="utf-8")


def write(store: Store, out: IO[bytes], format: str = "turtle", batch_size: int = BATCH) -> None:
    """Serialize to ``out`` batch by batch, so that memory stays that of one
    batch however large the store. Every format allows it: a Turtle subject
    may recur and a prefix be declared between statements (each is written
    once, before its first use); a JSON-LD document may be an array of node
    objects, one @id in several of them; blank nodes are anonymous or
    labelled uniquely by rdflib."""
    declared: set[bytes] = set()
    separator = b""
    if format == "json-ld":
        out.write(b"[")
    for triples in _batches(store, batch_size):
        text = _serialized(triples, format)
        if format == "turtle":
            lines = text.splitlines(keepends=True)
            prefixes = [line for line in lines if line.startswith(b"@prefix ")]
            out.writelines(line for line in prefixes if line not in declared)
            declared.update(prefixes)
            out.writelines(line for line in lines if not line.startswith(b"@prefix "))
        elif format == "json-ld":
            items = text.strip().removeprefix(b"[").removesuffix(b"]").strip()
            if items:
                out.write(separator + items)
                separator = b",\n"
        else:
            out.write(text)
    if format == "json-ld":
        out.write(b"]\n")


def sparql(store: Store, query: str) -> tuple[tuple[str, ...], list[tuple]]:
    """(variables, rows) of a SELECT, rows of Python values; ``eli:`` and
    ``vnkg:`` are predeclared."""
    result = to_graph(store).query(query, initNs=PREFIXES)
    if result.type == "ASK":
        return ("ask",), [(bool(result.askAnswer),)]
    if result.type != "SELECT":
        raise ValueError("only SELECT and ASK queries are answered")
    variables = tuple(str(v) for v in result.vars)
    return variables, [tuple(_python(v) for v in row) for row in result]


def _python(value):
    if value is None:
        return None
    if isinstance(value, Literal):
        return value.toPython() if value.datatype != XSD.date else str(value)
    return str(value)
