"""Issue 17: the store under faults — concurrent readers and writers on one
store (17.2), store errors as one line and an exit code (17.6: busy, disk
full), worker processes killed or orphaned (17.7), a file name that is not
UTF-8 (17.3). Real processes on real files."""

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from kg.errors import EXIT_BUSY, EXIT_DAMAGED, EXIT_OK, EXIT_SOME_FILES_FAILED
from kg.ingest import ingest
from kg.store import Store
from kg_corpus import dump
from kg_process import HANG_GUARD, ROOT, SAMPLES, ingest_report, kg, popen_kg, variants
from queries.evidence import shown_path

SAMPLE = SAMPLES / "000_005302f954c89248.txt"

def stored_files(db: Path) -> int:
    with Store(db, readonly=True) as store:
        return store.counts().files


def fresh_dump(tmp_path: Path, files: list[Path]) -> dict:
    with Store(tmp_path / "fresh.db") as store:
        assert {o.status for o in ingest(store, files)} == {"ingested"}
    return dump(tmp_path / "fresh.db")


def same_rows(a: dict, b: dict) -> bool:
    return all(a[t] == b[t] for t in ("files", "mentions", "relations", "nodes", "aliases", "conflicts"))


# --- 17.2: locks -----------------------------------------------------------------------


def test_readers_and_a_second_writer_work_during_an_ingest(tmp_path):
    db = tmp_path / "kg.db"
    assert kg("ingest", SAMPLE, "--db", db).returncode == EXIT_OK  # 57-NQ/TW is there
    first, second = variants(tmp_path / "first", 80), variants(tmp_path / "second", 6, SAMPLE.name)
    # a transaction per file: the writer commits all along, so readers meet it mid-way
    writer = popen_kg("ingest", tmp_path / "first", "--db", db, env={"KG_BATCH_FILES": "1"})
    while stored_files(db) < 3:  # the writer is under way (no time limit: it moves on)
        assert writer.poll() is None, writer.communicate()
        time.sleep(0.05)
    # Paused where it stands (perhaps inside a transaction), the writer is surely
    # mid-ingest however fast this machine is: readers must not wait for it.
    writer.send_signal(signal.SIGSTOP)
    try:
        for argv in (["lineage", "57-NQ/TW", "--down"], ["stats", "--json"]):
            done = kg(*argv, "--db", db, timeout=HANG_GUARD)
            assert done.returncode == EXIT_OK, done.stderr
        assert json.loads(done.stdout)["files"] == stored_files(db)  # what was committed
    finally:
        writer.send_signal(signal.SIGCONT)
    other = popen_kg("ingest", tmp_path / "second", "--db", db)  # a second writer waits its turn
    while writer.poll() is None:
        done = kg("stats", "--json", "--db", db, timeout=HANG_GUARD)
        assert done.returncode == EXIT_OK, done.stderr
    assert writer.wait() == EXIT_OK and other.wait(HANG_GUARD) == EXIT_OK, other.communicate()
    assert same_rows(dump(db), fresh_dump(tmp_path, [SAMPLE, *first, *second]))


LOCK_HOLDER = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute(f"PRAGMA journal_mode={sys.argv[3]}")
db.execute(sys.argv[2])
db.execute("INSERT INTO meta(name, value) VALUES ('lock test', 'held')")
print("locked", flush=True)
sys.stdin.readline()  # hold the lock until told
db.execute("ROLLBACK")
"""


def hold_lock(db: Path, begin: str = "BEGIN IMMEDIATE", journal: str = "WAL") -> subprocess.Popen:
    holder = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, str(db), begin, journal],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline() == "locked\n"
    return holder


def release(holder: subprocess.Popen) -> None:
    holder.stdin.write("\n")
    holder.stdin.close()
    assert holder.wait() == 0


def test_a_writer_waits_for_the_lock_then_reports_busy_with_exit_5(tmp_path):
    db = tmp_path / "kg.db"
    assert kg("ingest", SAMPLE, "--db", db).returncode == EXIT_OK
    before = dump(db)
    holder = hold_lock(db)
    try:
        busy = kg("ingest", SAMPLES / "001_c9388f948a25164f.txt", "--db", db,
                  env={"KG_BUSY_TIMEOUT": "0.5"})
        assert busy.returncode == EXIT_BUSY
        assert busy.stderr == (f"kg ingest: {db}: store busy: still locked by another process "
                               "after the wait (KG_BUSY_TIMEOUT seconds to wait longer)\n")
        reader = kg("stats", "--json", "--db", db)  # a reader does not wait for a writer
        assert reader.returncode == EXIT_OK and json.loads(reader.stdout)["files"] == 1
        waiting = popen_kg("ingest", SAMPLES / "001_c9388f948a25164f.txt", "--db", db)
        time.sleep(1)  # let it start waiting (were it done before the release, it would still pass)
    finally:
        release(holder)
    assert waiting.wait(HANG_GUARD) == EXIT_OK, waiting.communicate()
    assert stored_files(db) == 2
    assert all(row in dump(db)["mentions"] for row in before["mentions"])


def test_a_reader_waits_for_an_exclusive_lock_then_reports_busy(tmp_path):
    db = tmp_path / "kg.db"
    assert kg("ingest", SAMPLE, "--db", db).returncode == EXIT_OK
    # as another program could: in a rollback journal, an exclusive lock stops readers
    holder = hold_lock(db, "BEGIN EXCLUSIVE", "DELETE")
    try:
        done = kg("stats", "--db", db, env={"KG_BUSY_TIMEOUT": "0.5"})
        assert done.returncode == EXIT_BUSY and "store busy" in done.stderr
        assert len(done.stderr.splitlines()) == 1
        waiting = popen_kg("lineage", "57-NQ/TW", "--db", db)
        time.sleep(1)
    finally:
        release(holder)
    assert waiting.wait(HANG_GUARD) == EXIT_OK, waiting.communicate()


# --- 17.6: disk full ------------------------------------------------------------------


@pytest.fixture
def small_disk():
    """A real 1 MB file system (tmpfs), mounted for the test: needs root."""
    folder = Path(tempfile.mkdtemp(prefix="kg-disk-"))
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)],
                             capture_output=True)
    if mounted.returncode:
        folder.rmdir()
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)
        folder.rmdir()


def test_disk_full_is_one_line_exit_6_and_what_was_stored_is_intact(small_disk, tmp_path):
    db = small_disk / "kg.db"
    assert kg("ingest", SAMPLE, "--db", db).returncode == EXIT_OK
    before = dump(db)
    files = variants(tmp_path / "many", 30, "003_8a96b0ef8e6a98a5.txt")
    done = kg("ingest", tmp_path / "many", "--db", db)
    assert done.returncode == EXIT_DAMAGED
    assert done.stderr.splitlines()[-1] == (
        f"kg ingest: {db}: cannot be written: disk full (database or disk is full)")
    assert "cannot rollback" not in done.stderr and "Traceback" not in done.stderr
    with Store(db, readonly=True) as store:
        assert store.integrity_errors() == []
        assert 1 < store.counts().files < 31  # it filled the disk part of the way
    after = dump(db)
    stored = [f for f in files if str(f) in {row[0] for row in after["files"]}]
    assert same_rows(after, fresh_dump(tmp_path, [SAMPLE, *stored]))  # each stored file whole
    assert all(row in after["mentions"] for row in before["mentions"])


def test_disk_full_inside_a_put_raises_the_first_error_not_a_failed_rollback(small_disk):
    from kg.errors import StoreDamaged
    from parsers.extract import extract_file

    before_store = Store(small_disk / "kg.db")
    before_store.close()
    before = dump(small_disk / "kg.db")
    extraction = extract_file(SAMPLES / "003_8a96b0ef8e6a98a5.txt")
    with Store(small_disk / "kg.db") as store:  # open (its -shm made), then the disk fills
        filler = os.open(small_disk / "filler", os.O_WRONLY | os.O_CREAT)
        try:
            while os.write(filler, b"\0" * 4096):
                pass
        except OSError:
            pass
        finally:
            os.close(filler)
        with pytest.raises(StoreDamaged) as raised:
            store.put(extraction, "sha")
        os.unlink(small_disk / "filler")
    assert str(raised.value) == (f"{small_disk / 'kg.db'}: cannot be written: disk full "
                                 "(database or disk is full)")
    assert dump(small_disk / "kg.db") == before


# --- 17.7: worker processes --------------------------------------------------------------


def children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            return [int(p) for p in handle.read().split()]
    except FileNotFoundError:
        return []


def is_running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended
    except FileNotFoundError:
        return False


def is_idle(pid: int) -> bool:
    """A worker waiting on its pipe for the next file."""
    with open(f"/proc/{pid}/wchan") as handle:
        return "read" in handle.read()


def big_file(path: Path, megabytes: int) -> Path:
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt")))
    path.write_text(text * (megabytes * 8), encoding="utf-8")  # ~125 KB a copy
    return path


def test_workers_exit_when_the_ingest_is_killed(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    big_file(folder / "a.txt", 3), big_file(folder / "b.txt", 4)
    parent = popen_kg("ingest", folder, "--jobs", "2", "--db", tmp_path / "kg.db")
    while len(workers := children(parent.pid)) < 2 or any(is_idle(w) for w in workers):
        assert parent.poll() is None
        time.sleep(0.05)
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + HANG_GUARD
    while any(is_running(w) for w in workers):
        assert time.monotonic() < deadline, "workers still running after their parent was killed"
        time.sleep(0.1)


def test_a_killed_worker_fails_its_file_by_name_and_the_batch_goes_on(tmp_path):
    folder = tmp_path / "in"
    small = variants(folder, 14)
    big = big_file(folder / "v002b.txt", 4)  # sorted third: after v000, v001
    db = tmp_path / "kg.db"
    parent = popen_kg("ingest", folder, "--jobs", "2", "--db", db, "--json",
                      env={"KG_BATCH_FILES": "1"})  # each file committed as it comes
    # stored in order, so once v000 and v001 are in, the ingest waits for the big
    # file, and the worker that is not idle is the one extracting it
    while not (os.path.exists(db) and stored_files(db) >= 2):
        assert parent.poll() is None
        time.sleep(0.05)
    while len(busy := [w for w in children(parent.pid) if not is_idle(w)]) != 1:
        assert parent.poll() is None
        time.sleep(0.05)
    os.kill(busy[0], signal.SIGKILL)
    out, err = parent.communicate(timeout=HANG_GUARD)
    assert parent.returncode == EXIT_SOME_FILES_FAILED, err
    shown = shown_path(str(big), start=str(ROOT))  # as kg shows it from ROOT
    assert err.strip().endswith(f"{shown}: the extracting process died (killed by SIGKILL; "
                                "out of memory?)"), err
    report = ingest_report(out)
    assert report["failed"] == [{"path": str(big), "reason": "the extracting process died "
                                                           "(killed by SIGKILL; out of memory?)"}]
    assert sorted(report["ingested"]) == [str(p) for p in small]  # all 14, after it too
    assert same_rows(dump(db), fresh_dump(tmp_path, small))


# --- 17.3: file names ----------------------------------------------------------------------


def test_a_file_name_that_is_not_utf8_is_named_escaped_and_the_others_are_stored(tmp_path):
    folder = tmp_path / "in"
    small = variants(folder, 3)
    legacy = os.path.join(os.fsencode(folder), b"b\xe1o c\xe1o.txt")  # Latin-1 bytes
    with open(legacy, "wb") as handle:
        handle.write(SAMPLE.read_bytes())
    db = tmp_path / "kg.db"
    done = subprocess.run([sys.executable, "-m", "kg.cli", "ingest", str(folder), "--db", str(db),
                           "--json"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == EXIT_SOME_FILES_FAILED, done.stderr
    escaped = f"{folder}/b\\xe1o c\\xe1o.txt"  # JSON names it absolute
    shown = shown_path(escaped, start=str(ROOT))  # stderr: as kg shows it from ROOT
    reason = "file name is not valid UTF-8 (shown escaped): rename it to ingest it"
    assert done.stderr == f"{shown}: {reason}\n"
    report = ingest_report(done.stdout)
    assert report["failed"] == [{"path": escaped, "reason": reason}]
    assert sorted(report["ingested"]) == [str(p) for p in small]
