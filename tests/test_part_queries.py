"""Each command reads only its part of the store (kg.model.around,
changes_around, links_of, chain_between; find_key; Store.id_counts,
conflicts_of): its answers must be those of the whole graph
(kg.graph.load_graph), on the samples and on a generated corpus."""

import subprocess
import sys
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from bench.corpus import generate
from kg.graph import load_graph, part_graph
from kg.ingest import ingest
from kg.model import (around, chain_between, changes_around, find_key, joined, lineage_order,
                      linked_documents, links_of, subgraph)
from kg.store import Store
from parsers.vocab import VOCAB
from queries.lineage import DEFAULT_RELATIONS, lineage
from queries.lookup import AmbiguousDocument, UnknownDocument, find_document
from queries.order import node_order
from queries.path import path
from queries.search import cited_by
from queries.status import status

ROOT = Path(__file__).resolve().parent.parent
ALL = tuple(VOCAB.relation_names)


def _stored(db: Path, files: list[Path]) -> Path:
    with Store(db) as store:
        for outcome in ingest(store, files):
            assert outcome.status == "ingested", outcome
    return db


@pytest.fixture(scope="module", params=["samples", "generated"])
def store(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(request.param)
    if request.param == "samples":
        files = sorted((ROOT / "data" / "samples").glob("*.txt"))
    else:
        files = []
        for document in generate(150, seed=5):
            files.append(folder / document.name)
            files[-1].write_text(document.text, encoding="utf-8")
    with Store(_stored(folder / "kg.db", files), readonly=True) as opened:
        yield opened


@pytest.fixture(scope="module")
def whole(store):
    return load_graph(store)


def test_lineage_of_every_document_is_that_of_the_whole_graph(store, whole):
    for key in whole:
        for direction in ("up", "down"):
            for relations, depth in ((DEFAULT_RELATIONS, None), (DEFAULT_RELATIONS, 1), (ALL, 2)):
                part = part_graph(around(store, key, relations, direction, depth))
                assert (lineage(part, key, direction, relations, depth)
                        == lineage(whole, key, direction, relations, depth)), (key, direction, depth)


def test_the_first_documents_reached_are_those_of_the_whole_graph_in_its_order(store, whole):
    for key in whole:
        for direction in ("up", "down"):
            for relations, depth in ((DEFAULT_RELATIONS, None), (ALL, 2)):
                expected = lineage(whole, key, direction, relations, depth)
                order = lineage_order(store, key, relations, direction, depth)
                assert order == [r.node for r in expected.reached], (key, direction, depth)
                if len(order) > 2:  # the first two with their paths, as `kg lineage --limit 2`
                    first = lineage(part_graph(subgraph(store, [key, *order[:2]], relations)),
                                    key, direction, relations, depth)
                    assert first.reached == expected.reached[:2], (key, direction)


def test_status_of_every_document_is_that_of_the_whole_graph(store, whole):
    changed = 0
    for key in whole:
        answer = status(part_graph(changes_around(store, key)), key)
        assert answer == status(whole, key), key
        changed += answer.state != "in force"
    assert changed  # the corpus has replacements, amendments and repeals to follow


def test_own_links_and_citing_documents_are_those_of_the_whole_graph(store, whole):
    for key in whole:
        part = part_graph(links_of(store, key))
        for edges in (lambda g: g.out_edges(key, keys=True, data=True),
                      lambda g: g.in_edges(key, keys=True, data=True)):
            assert sorted(edges(part), key=repr) == sorted(edges(whole), key=repr), key
        assert cited_by(part, key) == cited_by(whole, key)
        assert all(part.nodes[n] == whole.nodes[n] for n in part)




def test_the_first_linked_documents_and_their_links_are_those_of_the_whole_graph(store, whole):
    order = node_order(whole)
    limited = 0
    for key in whole:
        outgoing, incoming = set(whole.successors(key)) - {key}, set(whole.predecessors(key)) - {key}
        for direction, ends in (("up", outgoing), ("down", incoming), ("both", outgoing | incoming)):
            assert linked_documents(store, key, direction=direction) == sorted(ends, key=order), key
        first = linked_documents(store, key)[:2]
        part = part_graph(links_of(store, key, among=first))
        expected = [e for e in whole.edges(keys=True, data=True)
                    if key in e[:2] and {e[0], e[1]} - {key} and {e[0], e[1]} - {key} <= set(first)]
        assert sorted(part.edges(keys=True, data=True), key=repr) == sorted(expected, key=repr), key
        limited += len(outgoing | incoming) > 2
    assert limited  # some documents have more links than shown


def _path_of_part(store, a, b, relations):
    part = chain_between(store, a, b, relations or ALL)
    return None if part is None else path(part_graph(part), a, b, relations)


def test_path_between_documents_is_that_of_the_whole_graph(store, whole):
    keys = sorted(whole)
    pairs = [(a, b) for a in keys[::5] for b in keys[2::7]]
    answers = Counter()
    for a, b in pairs:
        for relations in (None, DEFAULT_RELATIONS, ("cites",)):
            mine = _path_of_part(store, a, b, relations)
            assert mine == path(whole, a, b, relations), (a, b, relations)
            answers["none" if mine is None else "cites" if any(
                s.relation == "cites" for s in mine) else len(mine)] += 1
    # the pairs hold unconnected ones, typed chains of several steps and cites
    assert {"none", "cites"} <= set(answers) and any(n > 1 for n in answers if isinstance(n, int))


def test_documents_are_joined_when_the_whole_graph_joins_them(store, whole):
    keys = sorted(whole)
    answers = Counter()
    for relations in (ALL, DEFAULT_RELATIONS, ("replaces",)):
        kept = whole.edge_subgraph([e for e in whole.edges(keys=True) if e[2] in relations])
        parts = {k: i for i, part in enumerate(nx.weakly_connected_components(kept)) for k in part}
        for a in keys[::5]:
            for b in keys[1::6]:
                expected = a == b or (a in parts and parts.get(b) == parts[a])
                assert joined(store, a, b, relations) == expected, (a, b, relations)
                answers[expected] += 1
    assert answers[True] and answers[False]


def _answer(find, text):
    try:
        return find(text)
    except (UnknownDocument, AmbiguousDocument) as err:
        return type(err).__name__, str(err)


def test_any_spelling_finds_what_the_whole_graph_finds(store, whole):
    texts = ["zzz", "358-KH/TU", "99999/QĐ-UBND", "Nghị quyết 57", "nghi quyet 57", "NQ 57", "327"]
    for key, data in whole.nodes(data=True):
        texts.append(key)
        for doc_id in filter(None, (data["id"], *data["aliases"])):
            serial = doc_id.split("/")[0].split("-")[0]
            texts += [doc_id, doc_id.lower(), doc_id.replace("Đ", "D"), serial,
                      f"{data['type'] or 'Quyết định'} {serial}", doc_id[:-1] + "X"]
            if data["jurisdiction"]:
                texts.append(f"{doc_id}@{data['jurisdiction'].lower()}")
    answers = Counter()
    for text in sorted(set(texts)):
        mine = _answer(lambda t: find_key(store, t), text)
        assert mine == _answer(lambda t: find_document(whole, t), text), text
        answers[mine[0] if isinstance(mine, tuple) else "found"] += 1
    assert set(answers) == {"found", "UnknownDocument", "AmbiguousDocument"}, answers


def test_id_counts_and_conflicts_of_some_nodes_are_those_of_the_whole_store(store, whole):
    counts = Counter(d["id"] for _, d in whole.nodes(data=True))
    ids = {d["id"] for _, d in whole.nodes(data=True) if d["id"]}
    assert store.id_counts(ids) == Counter({i: counts[i] for i in ids})
    keys = sorted(whole)[::3]
    kinds = ("possible_typo", "date")
    assert store.conflicts_of(keys, kinds) == [
        c for c in store.conflicts() if c.kind in kinds and (c.node in keys or c.other in keys)]


def test_a_store_command_starts_without_the_graph_libraries(store):
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys; from kg.cli import main; main(['stats', '--db', sys.argv[1]]); "
         "print(sorted(m for m in ('networkx', 'rdflib', 'pyvis', 'neo4j') if m in sys.modules))",
         str(store.path)], capture_output=True, text=True, cwd=ROOT, timeout=900)  # hang guard
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.splitlines()[-1] == "[]"
