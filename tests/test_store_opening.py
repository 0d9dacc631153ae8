"""Issue 12: a --db that is not a kg store is refused with one line and
exit 2, and left byte-identical; read-only commands never write; a schema
version check; a damaged store is exit 6. Issue 17.5: read-only stores."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kg.cli import main
from kg.errors import EXIT_DAMAGED, EXIT_OK, EXIT_USAGE
from kg.store import SCHEMA_VERSION, Store
from kg_corpus import corpus
from kg_process import SAMPLES, kg, siblings

SAMPLE = SAMPLES / "000_005302f954c89248.txt"
READ_COMMANDS = [
    ["show", "57-NQ/TW"], ["lineage", "57-NQ/TW"], ["status", "57-NQ/TW"],
    ["path", "57-NQ/TW", "359-KH/TU"], ["cited-by", "57-NQ/TW"], ["search", "--type", "Kế hoạch"],
    ["conflicts"], ["stats"],
]
WRITE_COMMANDS = [["ingest", str(SAMPLE)], ["ingest", str(SAMPLE), "--prune"], ["remove", str(SAMPLE)]]


def make_store(path: Path) -> Path:
    with Store(path) as store:
        for e in corpus():
            store.put(e, e.file)
    return path


def not_stores(folder: Path) -> dict[str, tuple[Path, str]]:
    """Each kind of file that is not a kg store, and what the refusal says."""
    corrupt = folder / "corrupt.db"
    corrupt.write_bytes(bytes(range(256)) * 40)
    empty = folder / "empty.db"
    empty.write_bytes(b"")
    foreign = folder / "foreign.db"
    db = sqlite3.connect(foreign)
    db.execute("CREATE TABLE meta (key TEXT, note TEXT)")  # a table of the same name, not ours
    db.execute("INSERT INTO meta VALUES ('owner', 'another program')")
    db.commit(), db.close()
    newer = make_store(folder / "newer.db")
    db = sqlite3.connect(newer)
    db.execute("UPDATE meta SET value = '99' WHERE name = 'schema_version'")
    db.commit(), db.close()
    return {"corrupt": (corrupt, "not a kg store (not an SQLite database)"),
            "empty": (empty, "not a kg store (an empty file)"),
            "foreign": (foreign, "not a kg store (an SQLite database without the kg tables)"),
            "newer": (newer, f"a kg store of schema version 99; this kg reads version {SCHEMA_VERSION}")}


@pytest.mark.parametrize("kind", ["corrupt", "empty", "foreign", "newer"])
def test_what_is_not_a_kg_store_is_refused_and_left_byte_identical(tmp_path, capsys, kind):
    path, reason = not_stores(tmp_path)[kind]
    before, files = path.read_bytes(), siblings(path)
    for argv in READ_COMMANDS + WRITE_COMMANDS:
        code = main([*argv, "--db", str(path)])
        out, err = capsys.readouterr()
        assert code == EXIT_USAGE, (argv, err)
        assert err == f"kg {argv[0]}: {path}: {reason}" + err[err.index(reason) + len(reason):]
        assert len(err.splitlines()) == 1 and out == ""
        assert path.read_bytes() == before, argv
        assert siblings(path) == files, argv  # no journal, -wal or -shm made beside it


def test_as_a_process_the_refusal_is_one_line_without_a_traceback(tmp_path):
    path, reason = not_stores(tmp_path)["foreign"]
    for argv in (["stats"], ["ingest", SAMPLE]):
        done = kg(*argv, "--db", path)
        assert done.returncode == EXIT_USAGE
        assert done.stderr == f"kg {argv[0]}: {path}: {reason}\n"


def test_a_store_is_created_only_by_ingest_of_a_path_that_does_not_exist(tmp_path, capsys):
    for argv in READ_COMMANDS + [["remove", str(SAMPLE)]]:
        assert main([*argv, "--db", str(tmp_path / "new.db")]) == EXIT_USAGE
        assert "no store here" in capsys.readouterr().err
        assert os.listdir(tmp_path) == []
    assert main(["ingest", str(SAMPLE), "--db", str(tmp_path / "no" / "new.db")]) == EXIT_USAGE
    assert "cannot create a store here: no folder" in capsys.readouterr().err
    assert main(["ingest", str(SAMPLE), "--db", str(tmp_path / "new.db")]) == EXIT_OK
    assert os.listdir(tmp_path) == ["new.db"]  # one file at rest, no temporary left
    with Store(tmp_path / "new.db", readonly=True) as store:
        assert store.counts().files == 1


def test_read_only_commands_never_write_a_store(tmp_path, capsys):
    path = make_store(tmp_path / "kg.db")
    before, files = path.read_bytes(), siblings(path)
    assert files == ["kg.db"]
    for argv in READ_COMMANDS:
        assert main([*argv, "--db", str(path)]) in (EXIT_OK, 1), argv
        capsys.readouterr()
        assert path.read_bytes() == before and siblings(path) == files, argv


def test_a_writer_keeps_wal_while_open_and_leaves_one_file_when_the_last_closes(tmp_path):
    path = make_store(tmp_path / "kg.db")
    first, second = Store(path), Store(path)
    reader = Store(path, readonly=True)
    assert first._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert reader.counts().files == 3  # readers read while writers are open
    first.close()  # the others still have it: stays WAL, nothing waits
    assert second._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    reader.close(), second.close()
    assert siblings(path) == ["kg.db"]
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def damage(path: Path) -> None:
    """Overwrite every page but the first (the schema) with garbage."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page:] = bytes((i * 7 + 3) % 256 for i in range(len(data) - page))
    path.write_bytes(bytes(data))


def test_a_damaged_store_is_exit_6_with_one_line_and_left_as_it_was(tmp_path):
    path = make_store(tmp_path / "kg.db")
    damage(path)
    before = path.read_bytes()
    for argv in (["stats"], ["lineage", "57-NQ/TW"], ["ingest", SAMPLE]):
        done = kg(*argv, "--db", path)
        assert done.returncode == EXIT_DAMAGED, (argv, done.stderr)
        assert done.stderr.startswith(f"kg {argv[0]}: {path}: damaged store (")
        assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr
        assert path.read_bytes() == before


# --- issue 17.5: read-only files and folders ------------------------------------------
# Tests run as root, whom permission bits do not stop: the commands run
# without root's override of them (kg_process), and root itself meets an
# immutable file (chattr +i).


def wal_at_rest(path: Path) -> None:
    """Leave a store in WAL mode with nothing to merge, as an older kg did."""
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal"
    db.close()


def killed_writer(path: Path) -> None:
    """A writer killed after committing: WAL mode, changes still in -wal."""
    script = ("import os, sys\nfrom pathlib import Path\nfrom kg.store import Store\n"
              "from kg.ingest import ingest\n"
              f"store = Store({str(path)!r})\nlist(ingest(store, [Path({str(SAMPLE)!r})]))\n"
              "os.kill(os.getpid(), 9)\n")
    subprocess.run([sys.executable, "-c", script], cwd=SAMPLES.parent.parent)
    assert (path.with_name(path.name + "-wal")).stat().st_size > 0


@pytest.mark.parametrize("state", ["at rest", "wal at rest", "killed writer"])
@pytest.mark.parametrize("read_only", ["file", "folder"])
def test_a_read_only_store_can_be_queried_and_is_left_usable(tmp_path, state, read_only):
    folder = tmp_path / "store"
    folder.mkdir()
    path = make_store(folder / "kg.db")
    if state == "wal at rest":
        wal_at_rest(path)
    elif state == "killed writer":
        killed_writer(path)
        os.unlink(path.with_name("kg.db-shm"))  # nothing beside it to lean on
    (path if read_only == "file" else folder).chmod(0o444 if read_only == "file" else 0o555)
    try:
        files = {name: (folder / name).read_bytes() for name in siblings(path)}
        expected = 4 if state == "killed writer" else 3
        done = kg("stats", "--json", "--db", path, obeying_permissions=True)
        assert done.returncode == EXIT_OK, done.stderr
        assert json.loads(done.stdout)["files"] == expected
        assert {name: (folder / name).read_bytes() for name in siblings(path)} == files
        refused = kg("ingest", SAMPLES / "001_c9388f948a25164f.txt", "--db", path,
                     obeying_permissions=True)
        assert refused.returncode == EXIT_DAMAGED
        assert refused.stderr == f"kg ingest: {path}: cannot be written: read-only file or folder\n"
    finally:
        path.chmod(0o644), folder.chmod(0o755)
    # writable again, the next ingest works: nothing was left behind to stop it
    ingested = kg("ingest", SAMPLES / "001_c9388f948a25164f.txt", "--db", path,
                  obeying_permissions=True)
    assert ingested.returncode == EXIT_OK, ingested.stderr
    with Store(path, readonly=True) as store:
        assert store.counts().files == expected + 1 and store.integrity_errors() == []
    assert siblings(path) == ["kg.db"]


def test_an_immutable_store_stops_root_too_and_can_still_be_queried(tmp_path):
    path = make_store(tmp_path / "kg.db")
    wal_at_rest(path)
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode:
        pytest.skip("chattr +i is not available here (needs root and a file system with it)")
    try:
        before = path.read_bytes()
        done = kg("stats", "--json", "--db", path)
        assert done.returncode == EXIT_OK and json.loads(done.stdout)["files"] == 3
        refused = kg("ingest", SAMPLE, "--db", path)
        assert refused.returncode == EXIT_DAMAGED and "read-only" in refused.stderr
        assert path.read_bytes() == before and siblings(path) == ["kg.db"]
    finally:
        subprocess.run(["chattr", "-i", str(path)])
