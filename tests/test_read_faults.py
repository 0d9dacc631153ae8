"""Hostile and failing inputs, through the real `kg` command: each bad file is
named on stderr with a one-line reason, the exit code says some failed, the
batch goes on and nothing already stored is lost."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from reader_fixtures import docx_package, require_tools, to_image

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
GOOD = SAMPLES / "004_8056d9e22a67d95b.txt"
OTHER_GOOD = SAMPLES / "000_005302f954c89248.txt"
EXIT_SOME_FILES_FAILED = 3


def kg(*args, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, **env}, timeout=600)


def nested_docx(depth: int = 100_000) -> bytes:
    """A paragraph inside `depth` hyperlinks: valid XML, nested past Python's stack."""
    run = "<w:r><w:t>Quyết định số 327/QĐ-UBND</w:t></w:r>"
    return docx_package(f"<w:p>{'<w:hyperlink>' * depth}{run}{'</w:hyperlink>' * depth}</w:p>")


def stored_files(db: Path) -> list[str]:
    done = kg("stats", "--json", "--db", db)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["files"]


def test_deeply_nested_docx_is_named_and_extract_goes_on(tmp_path):
    deep = tmp_path / "a-deep.docx"
    deep.write_bytes(nested_docx())
    shutil.copy(GOOD, tmp_path / "b-good.txt")
    done = kg("extract", "--json", tmp_path)
    assert done.returncode == EXIT_SOME_FILES_FAILED
    assert done.stderr.splitlines() == [f"kg extract: {deep}: nested too deeply to read (a generated or damaged file)"]
    assert [json.loads(line)["file"] for line in done.stdout.splitlines()] == [str(tmp_path / "b-good.txt")]


def test_deeply_nested_docx_is_named_and_ingest_keeps_what_is_stored(tmp_path):
    db, batch = tmp_path / "kg.db", tmp_path / "batch"
    batch.mkdir()
    assert kg("ingest", "--db", db, OTHER_GOOD).returncode == 0
    deep = batch / "a-deep.docx"
    deep.write_bytes(nested_docx())
    shutil.copy(GOOD, batch / "b-good.txt")
    done = kg("ingest", "--json", "--db", db, batch)
    assert done.returncode == EXIT_SOME_FILES_FAILED
    assert json.loads(done.stdout)["failed"] == [
        {"path": str(deep), "reason": "nested too deeply to read (a generated or damaged file)"}]
    assert stored_files(db) == 2  # the file stored before, and the good file after the bad one


def test_a_scan_longer_than_the_ocr_time_limit_fails_with_the_reason(tmp_path):
    require_tools("pdftoppm", "pdfimages", "pdftotext", "tesseract")
    from fpdf import FPDF

    (tmp_path / "image").mkdir()
    image = to_image("Thực hiện Quyết định số 327/QĐ-UBND ngày 26/5/2025", tmp_path / "image" / "page.png")
    pdf = FPDF(format="A4")
    for _ in range(2):
        pdf.add_page()
        pdf.image(str(image), x=0, y=0, w=210)
    scan = tmp_path / "a-scan.pdf"
    pdf.output(str(scan))
    shutil.copy(GOOD, tmp_path / "b-good.txt")

    done = kg("extract", "--json", scan, tmp_path / "b-good.txt", KG_OCR_MAX_SECONDS="0.1")
    assert done.returncode == EXIT_SOME_FILES_FAILED
    assert done.stderr.splitlines() == [
        f"kg extract: {scan}: OCR took longer than 0.1 s, the limit for one file (set by KG_OCR_MAX_SECONDS)"]
    assert [json.loads(line)["file"] for line in done.stdout.splitlines()] == [str(tmp_path / "b-good.txt")]

    # the same scan within the default limit reads: the limit, not the file, failed it
    done = kg("extract", "--json", scan)
    assert done.returncode == 0, done.stderr
    assert "327/QĐ-UBND" in {c["id"] for c in json.loads(done.stdout)["citations"]}


def test_ingesting_a_folder_leaves_out_its_readme_and_backups(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(GOOD, folder / "report.txt")
    (folder / "README.md").write_text("Thư mục này chứa Quyết định số 327/QĐ-UBND và Nghị quyết 57-NQ/TW.\n",
                                      encoding="utf-8")
    shutil.copy(GOOD, folder / "report.txt~")
    done = kg("ingest", "--json", "--db", tmp_path / "kg.db", folder)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["ingested"] == [str(folder / "report.txt")]
    done = kg("ingest", "--json", "--db", tmp_path / "kg.db", folder, "--include", "README.md")
    assert json.loads(done.stdout)["ingested"] == [str(folder / "README.md")]
