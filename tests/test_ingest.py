"""Ingest real files with the real extractor: folders, skipping, changes, failures."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.ingest import ingest
from kg.store import Store
from kg_corpus import dump
from kg_process import HANG_GUARD, ingest_report
from parsers.read import iter_input_files
from reader_fixtures import make_bad_files

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
OCR = "000_005302f954c89248.txt"  # a sample, as OCR left it
CLEAN = "report.txt"
REPORT = """UBND TỈNH QUẢNG NGÃI
SỞ KHOA HỌC VÀ CÔNG NGHỆ
Số: 1418/BC-SKHCN
Quảng Ngãi, ngày 10 tháng 7 năm 2025

BÁO CÁO
Kết quả thực hiện Nghị quyết số 57-NQ/TW

Thực hiện Kế hoạch hành động số 359-KH/TU ngày 29/4/2025 của Ban Thường vụ Tỉnh ủy \
về thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị, Sở báo cáo như sau.
"""


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / CLEAN).write_text(REPORT, encoding="utf-8")
    shutil.copy(SAMPLES / OCR, root / "sub" / OCR)
    (root / "empty.txt").write_bytes(b"")
    (root / ".hidden.txt").write_text("Nghị quyết số 57-NQ/TW", encoding="utf-8")
    return root


def outcomes(store, paths, **kwargs):
    return {Path(o.path).name: (o.status, o.reason) for o in ingest(store, iter_input_files(paths), **kwargs)}


def test_a_folder_is_walked_recursively_and_a_bad_file_is_reported_and_skipped(folder, tmp_path):
    with Store(tmp_path / "kg.db") as store:
        result = outcomes(store, [folder])
        assert result == {CLEAN: ("ingested", None), OCR: ("ingested", None),
                          "empty.txt": ("failed", "empty file")}
        assert store.counts().files == 2
        assert "57-NQ/TW" in {n.id for n in store.nodes()}


def test_unchanged_files_are_skipped_whatever_the_spelling_of_their_path(folder, tmp_path, monkeypatch):
    with Store(tmp_path / "kg.db") as store:
        outcomes(store, [folder])
        monkeypatch.chdir(folder)
        assert outcomes(store, [CLEAN, folder / "sub"]) == {CLEAN: ("unchanged", None),
                                                           OCR: ("unchanged", None)}
        assert outcomes(store, [CLEAN], force=True) == {CLEAN: ("ingested", None)}


def test_a_changed_file_replaces_its_own_contribution_only(folder, tmp_path):
    with Store(tmp_path / "kg.db") as store:
        outcomes(store, [folder])
        before = dump(store.path)
        with open(folder / CLEAN, "a", encoding="utf-8") as handle:
            handle.write("\nKế hoạch số 999/KH-UBND ngày 01/8/2025 của UBND tỉnh.\n")
        assert outcomes(store, [folder / CLEAN, folder / "sub"]) == {
            CLEAN: ("ingested", None), OCR: ("unchanged", None)}
        after = dump(store.path)
    ocr_path = str((folder / "sub" / OCR).resolve())
    for table in ("mentions", "relations"):
        assert [r for r in after[table] if r[0] == ocr_path] == [r for r in before[table] if r[0] == ocr_path]
    added = [r for r in after["mentions"] if r not in before["mentions"]]
    assert [r[3] for r in added] == ["999/KH-UBND"]


def test_an_extractor_error_fails_that_file_and_the_batch_goes_on(folder, tmp_path):
    def extract(path):
        raise ValueError(f"cannot parse {path.name}")

    with Store(tmp_path / "kg.db") as store:
        result = outcomes(store, [folder / CLEAN], extract=extract)
        assert result == {CLEAN: ("failed", f"extraction failed: ValueError: cannot parse {CLEAN}")}
        assert outcomes(store, [folder / CLEAN])[CLEAN] == ("ingested", None)


def test_a_missing_file_is_reported_by_name(tmp_path):
    with Store(tmp_path / "kg.db") as store:
        assert outcomes(store, [tmp_path / "gone.txt"]) == {
            "gone.txt": ("failed", "cannot read: No such file or directory")}
        assert store.counts().files == 0


def test_extracting_in_several_processes_stores_the_same(folder, tmp_path):
    with Store(tmp_path / "one.db") as one, Store(tmp_path / "two.db") as two:
        assert outcomes(one, [folder]) == outcomes(two, [folder], jobs=2)
    serial, parallel = dump(tmp_path / "one.db"), dump(tmp_path / "two.db")
    for table in ("mentions", "relations", "nodes", "aliases", "conflicts"):
        assert serial[table] == parallel[table], table


def test_kg_ingest_of_samples_and_bad_files_stores_the_samples_and_exits_3(tmp_path):
    """Issue 6: one file of each bad kind beside the five samples."""
    folder = tmp_path / "batch"
    folder.mkdir()
    for sample in SAMPLES.glob("*.txt"):
        shutil.copy(sample, folder / sample.name)
    expected = make_bad_files(folder, SAMPLES / "004_8056d9e22a67d95b.txt")
    db = tmp_path / "kg.db"
    done = subprocess.run([sys.executable, "-m", "kg.cli", "ingest", str(folder), "--db", str(db), "--json"],
                          capture_output=True, text=True, cwd=SAMPLES.parent.parent, timeout=HANG_GUARD)
    assert done.returncode == 3, done.stderr
    reasons = {Path(line.split(": ", 1)[0]).name: line for line in done.stderr.splitlines() if ": " in line}
    assert set(reasons) >= set(expected)
    for name, fragment in expected.items():
        assert fragment in reasons[name], reasons[name]
    report = ingest_report(done.stdout)
    assert sorted(Path(p).name for p in report["ingested"]) == sorted(p.name for p in SAMPLES.glob("*.txt"))
    assert len(dump(db)["files"]) == 5
