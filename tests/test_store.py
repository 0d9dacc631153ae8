"""The SQLite store: what it keeps, incremental replacement, atomicity."""

import os
import signal
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from kg.model import links
from kg.store import Store
from kg_corpus import Cite, corpus, dump, report, synthetic

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent


def build(db: Path, extractions) -> Store:
    store = Store(db)
    for e in extractions:
        store.put(e, f"sha-{e.file}-{len(e.text)}")
    return store


@pytest.fixture
def store(tmp_path):
    with build(tmp_path / "kg.db", corpus()) as s:
        yield s


def test_the_store_is_one_sqlite_file_in_wal_mode_with_foreign_keys(store):
    assert store.path.is_file()
    assert store._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store._db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.integrity_errors() == []


def test_nodes_aliases_and_jurisdictions(store):
    nodes = {n.key: n for n in store.nodes()}
    assert nodes["327/QĐ-UBND@Quảng Ngãi"].aliases == ("327/KH-UBND",)
    assert "327/KH-UBND@Quảng Ngãi" not in nodes
    assert {"1063/KH-UBND@Quảng Ngãi", "1063/KH-UBND@Kon Tum"} <= nodes.keys()
    assert nodes["1418/BC-SKHCN@Quảng Ngãi"].title == "Báo cáo kết quả chuyển đổi số quý II"
    assert nodes["file:r1.txt"].id is None and nodes["file:r1.txt"].type == "Báo cáo"
    assert nodes["57-NQ/TW"].date == "2024-12-22" and nodes["57-NQ/TW"].level == "central_party"


def test_conflicts_are_kept_with_evidence(store):
    conflicts = {(c.kind, c.node, c.other): c for c in store.conflicts()}
    assert set(conflicts) == {
        ("alias", "327/QĐ-UBND@Quảng Ngãi", None),
        ("type", "327/QĐ-UBND@Quảng Ngãi", None),
        ("date", "57-NQ/TW", None),
        ("possible_typo", "359-KH/TU@Quảng Ngãi", "539-KH/TU@Quảng Ngãi"),
    }
    date = conflicts["date", "57-NQ/TW", None]
    assert {m.date for m in date.evidence} == {"2024-12-22", "2025-12-22"}
    assert all(m.file and m.text.endswith("57-NQ/TW") and m.start is not None for m in date.evidence)
    typo = conflicts["possible_typo", "359-KH/TU@Quảng Ngãi", "539-KH/TU@Quảng Ngãi"]
    assert {m.id for m in typo.evidence} == {"359-KH/TU", "539-KH/TU"}


def test_relations_are_joined_to_nodes_through_aliases(store):
    edges = {(e.source, e.relation, e.target) for e in links(store)}
    # stated of 327/KH-UBND, attached to the node whose canonical id is 327/QĐ-UBND
    assert ("1587/KH-SKHCN@Quảng Ngãi", "implements", "327/QĐ-UBND@Quảng Ngãi") in edges
    assert ("file:r1.txt", "cites", "57-NQ/TW") in edges
    [evidence] = [e.evidence for e in links(store)
                  if e.relation == "replaces" and e.target.startswith("336")]
    assert evidence.file == "r1.txt" and "336-KH/TU" in evidence.text


def test_changing_one_file_replaces_only_its_contribution(tmp_path):
    r1, r2, r3 = corpus()
    store = build(tmp_path / "a.db", [r1, r2, r3])
    before = dump(store.path)
    # r2 no longer dates 57-NQ/TW 2025 nor cites 539-KH/TU; it now cites a new plan
    r2_new = report("r2.txt", r2.document, [
        ([Cite("327/KH-UBND", "2025-05-26", "Quyết định"), Cite("1587/KH-SKHCN", "2025-06-26")],
         [("1587/KH-SKHCN", "implements", "327/KH-UBND")]),
        ([Cite("88/KH-UBND", "2025-09-09"), Cite("57-NQ/TW", jurisdiction=None)],
         [("88/KH-UBND", "implements", "57-NQ/TW")]),
    ])
    store.put(r2_new, "sha-r2-v2")
    after = dump(store.path)

    def rows_of(table, file):
        return [r for r in table if r[0] == file]

    for table in ("mentions", "relations"):
        for file in ("r1.txt", "r3.txt"):
            assert rows_of(after[table], file) == rows_of(before[table], file)
        assert rows_of(after[table], "r2.txt") != rows_of(before[table], "r2.txt")
    keys = {r[0] for r in after["nodes"]}
    assert "88/KH-UBND@Quảng Ngãi" in keys and "539-KH/TU@Quảng Ngãi" not in keys
    assert {c.kind for c in store.conflicts()} == {"alias", "type"}  # date and typo gone
    # the incremental result is exactly what a fresh store of the final files holds
    fresh = build(tmp_path / "b.db", [r1, r2_new, r3])
    fresh_dump = dump(fresh.path)
    for table in ("mentions", "relations", "nodes", "aliases", "conflicts"):
        assert after[table] == fresh_dump[table], table
    store.close(), fresh.close()


def test_a_failing_put_leaves_the_previous_state(tmp_path):
    r1, r2, r3 = corpus()
    store = build(tmp_path / "kg.db", [r1, r2, r3])
    before = dump(store.path)
    broken = replace(r2, relations=(*r2.relations, None))  # not a Relation: fails mid-transaction
    with pytest.raises(AttributeError):
        store.put(broken, "sha-broken")
    assert dump(store.path) == before
    store.close()


KILLED_INGEST = """
import sys
sys.path[:0] = [{root!r}, {tests!r}]
from kg.store import Store
from kg_corpus import synthetic
store = Store(sys.argv[1])
for version in (1, 2):
    for i in range(60):
        store.put(synthetic(i, version), f"v{{version}}-{{i}}")
        print(version, i, flush=True)
"""


def test_a_killed_ingest_leaves_the_last_complete_state(tmp_path):
    db = tmp_path / "kg.db"
    script = KILLED_INGEST.format(root=str(ROOT), tests=str(TESTS))
    child = subprocess.Popen([sys.executable, "-c", script, str(db)], stdout=subprocess.PIPE,
                             text=True)
    for _ in range(75):  # all files once, and some of them changed a second time
        assert child.stdout.readline(), "the ingest ended before it could be killed"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert child.returncode == -signal.SIGKILL

    with Store(db) as store:
        assert store.integrity_errors() == []
    stored = dump(db)
    versions = {path: int(sha[1]) for path, sha, *_ in stored["files"]}
    assert len(versions) == 60 and 2 in versions.values()
    # each stored file is complete, and nodes/aliases/conflicts match its exact version
    expected = [synthetic(int(path[1:5]), version) for path, version in sorted(versions.items())]
    fresh = build(tmp_path / "fresh.db", expected)
    fresh.close()
    fresh_dump = dump(fresh.path)
    for table in ("mentions", "relations", "nodes", "aliases", "conflicts"):
        assert stored[table] == fresh_dump[table], table


TABLES = ("mentions", "relations", "nodes", "aliases", "conflicts")


def test_a_batch_stores_what_the_files_one_by_one_store(tmp_path):
    """Files written by put_many in batches — some of them changed later in
    the same batch — give the rows of one put per file."""
    first = [synthetic(i, 1) for i in range(30)]
    changed = [synthetic(i, 2) for i in range(0, 30, 3)]
    one_by_one = build(tmp_path / "a.db", first + changed)
    with Store(tmp_path / "b.db") as batched:
        batched.put_many([(e, f"sha-{e.file}-{len(e.text)}") for e in first[:20]])
        batched.put_many([(e, f"sha-{e.file}-{len(e.text)}") for e in first[20:] + changed])
    expected, got = dump(one_by_one.path), dump(tmp_path / "b.db")
    one_by_one.close()
    for table in TABLES:
        assert got[table] == expected[table], table


def test_tallies_stay_the_sums_of_the_mentions_after_remove_and_move(tmp_path):
    """Every write keeps the running tallies equal to a recount of the mentions."""
    from kg.store import TALLY_COLUMNS

    r1, r2, r3 = corpus()
    store = build(tmp_path / "kg.db", [r1, r2, r3])
    recount = (f"SELECT {TALLY_COLUMNS}, COUNT(*) FROM mentions GROUP BY {TALLY_COLUMNS} "
               f"ORDER BY {TALLY_COLUMNS}")
    kept = f"SELECT {TALLY_COLUMNS}, count FROM tallies ORDER BY {TALLY_COLUMNS}"
    store.remove(r2.file)
    assert store._db.execute(kept).fetchall() == store._db.execute(recount).fetchall()
    store.move(r3.file, r3.file + ".moved")
    assert store._db.execute(kept).fetchall() == store._db.execute(recount).fetchall()
    assert store._db.execute("SELECT COUNT(*) FROM tallies").fetchone()[0] > 0
    store.close()


def test_a_failing_batch_leaves_the_previous_state(tmp_path):
    r1, r2, r3 = corpus()
    store = build(tmp_path / "kg.db", [r1])
    before = dump(store.path)
    broken = replace(r3, relations=(*r3.relations, None))
    with pytest.raises(AttributeError):
        store.put_many([(r2, "sha-r2"), (broken, "sha-broken")])
    assert dump(store.path) == before
    store.close()


def test_generated_documents_give_the_same_rows_whatever_the_batches_and_after_remove_and_move(tmp_path):
    """The generated corpus (hub documents cited by most files, numbers
    restarting each year) written one file per transaction and in one
    batch; then files removed and moved: the rows of a fresh build of what is left."""
    from bench.corpus import generate
    from parsers.extract import extract_text

    found = [replace(extract_text(d.text), file=f"/generated/{d.name}") for d in generate(80, seed=3)]
    one_by_one = build(tmp_path / "a.db", found)
    with Store(tmp_path / "b.db") as batched:
        batched.put_many([(e, f"sha-{e.file}-{len(e.text)}") for e in found])
        assert dump(batched.path) == dump(one_by_one.path)
        for e in found[10:30:4]:
            batched.remove(e.file), one_by_one.remove(e.file)
        for e in found[40:60:5]:
            batched.move(e.file, e.file + ".moved")
    one_by_one.close()
    left = [e for e in found if e not in found[10:30:4]]
    moved = {e.file for e in found[40:60:5]}
    fresh = build(tmp_path / "c.db", [replace(e, file=e.file + ".moved") if e.file in moved else e
                                      for e in left])
    fresh.close()
    expected, got = dump(tmp_path / "c.db"), dump(tmp_path / "b.db")
    assert expected["nodes"] and expected["relations"]
    for table in TABLES:
        assert got[table] == expected[table], table
