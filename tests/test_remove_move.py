"""Issue 12: `kg remove`, `kg ingest --prune`, and moved files recognised by
their content hash. After each, the store holds exactly what a fresh build
of the files present holds: the same counts, nodes and rows."""

import io
import json
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from types import SimpleNamespace

import pytest

from kg.cli import main
from kg.errors import EXIT_OK, EXIT_SOME_FILES_FAILED
from kg.store import Store
from kg_corpus import dump
from kg_process import ROOT, SAMPLES, ingest_report
from queries.evidence import shown_path


def kg(*argv) -> SimpleNamespace:
    """`kg` run in this process (the commands are many: a process each is slow)."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(map(str, argv)))
    return SimpleNamespace(returncode=code, stdout=out.getvalue(), stderr=err.getvalue())


NUMBERLESS = """SỞ KHOA HỌC VÀ CÔNG NGHỆ
BÁO CÁO
Tình hình thực hiện

Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị và Kế hoạch \
số 359-KH/TU ngày 29/4/2025 của Ban Thường vụ Tỉnh ủy, Sở báo cáo như sau.
"""
ROWS = ("mentions", "relations", "nodes", "aliases", "conflicts")


@pytest.fixture
def tree(tmp_path):
    """in/a: two samples; in/b: two samples and a report without a number of
    its own (its node is named after its path); in/c.txt: one sample."""
    root = tmp_path / "in"
    samples = sorted(SAMPLES.glob("*.txt"))
    for folder, chosen in (("a", samples[:2]), ("b", samples[2:4])):
        (root / folder).mkdir(parents=True)
        for sample in chosen:
            shutil.copy(sample, root / folder / sample.name)
    (root / "b" / "numberless.txt").write_text(NUMBERLESS, encoding="utf-8")
    shutil.copy(samples[4], root / "c.txt")
    return root


def stats(db: Path) -> dict:
    done = kg("stats", "--json", "--db", db)
    assert done.returncode == EXIT_OK, done.stderr
    return json.loads(done.stdout)


def state(db: Path) -> tuple:
    with Store(db, readonly=True) as store:
        nodes = sorted(n.key for n in store.nodes())
    rows = dump(db)
    return stats(db), nodes, {t: rows[t] for t in ROWS}, sorted(r[0] for r in rows["files"])


def assert_same_as_fresh_build(db: Path, root: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.db"
    fresh.unlink(missing_ok=True)
    assert kg("ingest", root, "--db", fresh).returncode == EXIT_OK
    assert state(db) == state(fresh)


def ingest_json(*argv) -> tuple[int, dict]:
    done = kg("ingest", *argv, "--json")
    return done.returncode, ingest_report(done.stdout)


def test_remove_files_and_folders(tree, tmp_path):
    db = tmp_path / "kg.db"
    assert kg("ingest", tree, "--db", db).returncode == EXIT_OK
    done = kg("remove", tree / "b", tree / "a" / sorted(p.name for p in (tree / "a").iterdir())[0],
              "--db", db, "--json")
    assert done.returncode == EXIT_OK, done.stderr
    assert len(json.loads(done.stdout)["removed"]) == 4
    shutil.rmtree(tree / "b")
    (tree / "a" / "000_005302f954c89248.txt").unlink()
    assert_same_as_fresh_build(db, tree, tmp_path)


def test_remove_of_a_path_not_in_the_store_is_named_and_the_others_go(tree, tmp_path):
    db = tmp_path / "kg.db"
    assert kg("ingest", tree / "a", "--db", db).returncode == EXIT_OK
    done = kg("remove", tree / "c.txt", tree / "a", "--db", db)
    assert done.returncode == EXIT_SOME_FILES_FAILED
    assert done.stderr == f"{shown_path(str(tree / 'c.txt'), start=str(ROOT))}: not in the store\n"
    assert stats(db)["files"] == 0 and stats(db)["documents"] == 0


def test_a_removed_file_can_come_back(tree, tmp_path):
    db = tmp_path / "kg.db"
    assert kg("ingest", tree, "--db", db).returncode == EXIT_OK
    before = state(db)
    assert kg("remove", tree / "b" / "numberless.txt", "--db", db).returncode == EXIT_OK
    assert state(db) != before
    assert kg("ingest", tree, "--db", db).returncode == EXIT_OK
    assert state(db) == before


def test_prune_drops_the_files_gone_from_disk_within_the_paths_given(tree, tmp_path):
    db = tmp_path / "kg.db"
    assert kg("ingest", tree, "--db", db).returncode == EXIT_OK
    shutil.rmtree(tree / "b")
    (tree / "c.txt").unlink()
    # without --prune, a gone file stays; --prune of in/a leaves in/b's alone
    code, report = ingest_json(tree / "a", "--prune", "--db", db)
    assert code == EXIT_OK and report["removed"] == [] and report["store"]["files"] == 6
    code, report = ingest_json(tree, "--prune", "--db", db)
    assert code == EXIT_OK, report
    assert sorted(Path(p).name for p in report["removed"]) == [
        "002_09f7ad3c659a1bb1.txt", "003_8a96b0ef8e6a98a5.txt", "c.txt", "numberless.txt"]
    assert_same_as_fresh_build(db, tree, tmp_path)


def test_prune_of_a_folder_deleted_entirely(tree, tmp_path):
    db = tmp_path / "kg.db"
    assert kg("ingest", tree, "--db", db).returncode == EXIT_OK
    shutil.rmtree(tree / "b")
    code, report = ingest_json(tree / "b", "--prune", "--db", db)
    assert code == EXIT_OK and len(report["removed"]) == 3 and report["failed"] == []
    assert_same_as_fresh_build(db, tree, tmp_path)


def test_a_moved_folder_and_a_renamed_file_are_re_keyed_not_doubled(tree, tmp_path):
    db = tmp_path / "kg.db"
    assert kg("ingest", tree, "--db", db).returncode == EXIT_OK
    mentions = stats(db)["mentions"]
    (tree / "b").rename(tree / "moved")
    (tree / "c.txt").rename(tree / "a" / "renamed.txt")
    code, report = ingest_json(tree, "--db", db)
    assert code == EXIT_OK and report["ingested"] == []  # nothing extracted again
    assert sorted((Path(m["from"]).name, Path(m["to"]).relative_to(tree).as_posix())
                  for m in report["moved"]) == [
        ("002_09f7ad3c659a1bb1.txt", "moved/002_09f7ad3c659a1bb1.txt"),
        ("003_8a96b0ef8e6a98a5.txt", "moved/003_8a96b0ef8e6a98a5.txt"),
        ("c.txt", "a/renamed.txt"), ("numberless.txt", "moved/numberless.txt")]
    assert stats(db)["mentions"] == mentions
    assert f"file:{tree / 'moved' / 'numberless.txt'}" in state(db)[1]
    assert_same_as_fresh_build(db, tree, tmp_path)


def test_a_copy_is_a_file_of_its_own_and_a_move_onto_a_stored_path_replaces_it(tree, tmp_path):
    db = tmp_path / "kg.db"
    assert kg("ingest", tree, "--db", db).returncode == EXIT_OK
    shutil.copy(tree / "c.txt", tree / "copy.txt")  # the original is still there: not a move
    code, report = ingest_json(tree, "--db", db)
    assert code == EXIT_OK and [Path(p).name for p in report["ingested"]] == ["copy.txt"]
    (tree / "b" / "numberless.txt").replace(tree / "a" / "000_005302f954c89248.txt")
    code, report = ingest_json(tree, "--db", db)
    assert code == EXIT_OK and len(report["moved"]) == 1 and report["ingested"] == []
    assert_same_as_fresh_build(db, tree, tmp_path)
