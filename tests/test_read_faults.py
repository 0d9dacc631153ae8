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

import pytest

from kg_process import HANG_GUARD, ingest_report
from reader_fixtures import docx_bomb, docx_package, require_tools, to_docx, to_image

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
GOOD = SAMPLES / "004_8056d9e22a67d95b.txt"
OTHER_GOOD = SAMPLES / "000_005302f954c89248.txt"
EXIT_SOME_FILES_FAILED = 3


def kg(*args, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, **env}, timeout=HANG_GUARD)


# --- bombs: bounded memory whatever the file declares ----------------------------------

LIMIT_MB = 2  # KG_MAX_TEXT_MB of the bomb tests
PARAGRAPH = "<w:p><w:r><w:t>Quyết định số 327/QĐ-UBND</w:t></w:r></w:p>"
BOMBS = {  # name: (unit, copies, around, declared size, reason)
    "lying-header": ("<w:p/>", 2**29 // 6, ("", ""), 2**17,  # 512 MB of XML declared as 128 KB
                     "damaged or truncated DOCX: Bad CRC-32 for file 'word/document.xml'"),
    "text": (PARAGRAPH, 2**29 // len(PARAGRAPH), ("", ""), None,
             f"too large: over {LIMIT_MB} MB of text (limit set by KG_MAX_TEXT_MB)"),
    "empty-paragraphs": ("<w:p/>", 60_000_000 // 6, ("", ""), None,
                         "over 100000 paragraphs (a generated file; limit 50000 per MB of KG_MAX_TEXT_MB)"),
    "runs-of-one-paragraph": ("<w:r/>", 10_000_000, ("<w:p>", "</w:p>"), None,
                              "a paragraph or table row of over 32768 XML elements "
                              "(a generated file; limit 16384 per MB of KG_MAX_TEXT_MB)"),
    "cells-of-one-row": ("<w:tc/>", 10_000_000, ("<w:tbl><w:tr>", "</w:tr></w:tbl>"), None,
                         "a paragraph or table row of over 32768 XML elements "
                         "(a generated file; limit 16384 per MB of KG_MAX_TEXT_MB)"),
}
# Peak memory from VmHWM, which starts afresh at exec, once a small DOCX is
# read (imports done), and again after the bomb.
PEAK_SCRIPT = """
import re, sys
from parsers.read import ReadError, read_text
peak = lambda: int(re.search(r"VmHWM:\\s+(\\d+) kB", open("/proc/self/status").read())[1]) // 1024
read_text(sys.argv[1])
before = peak()
try:
    read_text(sys.argv[2])
    print("read")
except ReadError as err:
    print(err.reason)
print(peak() - before)
"""


@pytest.mark.parametrize("name", BOMBS)
def test_docx_bomb_is_refused_in_memory_bounded_by_the_limit(name, tmp_path):
    unit, copies, around, declared, reason = BOMBS[name]
    bomb = docx_bomb(tmp_path / f"{name}.docx", unit, copies, around, declared)
    assert bomb.stat().st_size < 3 * 2**20  # a few MB of zip…
    small = tmp_path / "small.docx"
    small.write_bytes(to_docx(GOOD.read_text(encoding="utf-8")))
    done = subprocess.run([sys.executable, "-c", PEAK_SCRIPT, small, bomb], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, "KG_MAX_TEXT_MB": str(LIMIT_MB)}, timeout=HANG_GUARD)
    message, extra_mb = done.stdout.splitlines()
    assert message == reason, done.stderr
    assert int(extra_mb) < 10 * LIMIT_MB, f"{extra_mb} MB more than for a small file"  # …for GBs of XML


def test_a_docx_bomb_among_good_files_fails_alone(tmp_path):
    db = tmp_path / "kg.db"
    assert kg("ingest", "--db", db, OTHER_GOOD).returncode == 0
    batch = tmp_path / "batch"
    batch.mkdir()
    unit, copies, around, declared, reason = BOMBS["lying-header"]
    bomb = docx_bomb(batch / "a-bomb.docx", unit, copies, around, declared)
    shutil.copy(GOOD, batch / "b-good.txt")
    done = kg("ingest", "--json", "--db", db, batch)
    assert done.returncode == EXIT_SOME_FILES_FAILED
    assert ingest_report(done.stdout)["failed"] == [{"path": str(bomb), "reason": reason}]
    assert stored_files(db) == 2


# --- failures of one file ---------------------------------------------------------------

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
    assert ingest_report(done.stdout)["failed"] == [
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
    assert ingest_report(done.stdout)["ingested"] == [str(folder / "report.txt")]
    done = kg("ingest", "--json", "--db", tmp_path / "kg.db", folder, "--include", "README.md")
    assert ingest_report(done.stdout)["ingested"] == [str(folder / "README.md")]


def test_a_pdf_whose_text_layer_is_over_the_limit_is_refused(tmp_path, monkeypatch):
    """pdftotext may not write more than the limit (RLIMIT_FSIZE): a PDF whose
    compressed text inflates to gigabytes stops there, not when the disk is full."""
    require_tools("pdftotext")
    from parsers.read import ReadError, read_text
    from reader_fixtures import to_text_pdf

    pdf = to_text_pdf(GOOD.read_text(encoding="utf-8"), tmp_path / "report.pdf")
    monkeypatch.setenv("KG_MAX_TEXT_MB", "0.015625")  # 16 KB: the sample's text is 28 KB
    with pytest.raises(ReadError, match=r"report.pdf: too large: over 0.015625 MB of text"):
        read_text(pdf)
    monkeypatch.setenv("KG_MAX_TEXT_MB", "1")
    assert len(read_text(pdf)) > 2**14  # the same PDF within a limit above its text
