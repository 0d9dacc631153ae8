"""PDF → text: the text layer through poppler's pdftotext; pages without one
(scans) through OCR.

Why pdftotext rather than a Python PDF library: it is the reference-quality
extractor (reading order, ligatures, ToUnicode maps), it is fast, and it runs
in its own process, so a malformed PDF can neither crash nor bloat ours.
poppler-utils is needed anyway to render scanned pages for Tesseract.
"""

from __future__ import annotations

import re
from pathlib import Path

from parsers.readers import Unreadable, too_large
from parsers.readers.ocr import OcrDeadline, ocr_pdf_page
from parsers.readers.tools import run_program

PDF_TIMEOUT_S = 300
# A page with less text than this, but with an image on it, is a scan (some
# scans carry a little text, such as a digital signature stamp).
MIN_LETTERS_OF_TEXT_PAGE = 50
_LETTER = re.compile(r"[^\W\d_]")


def read_pdf(path: Path, max_bytes: int) -> str:
    require_complete(path)
    pages = text_layer_pages(path, max_bytes)
    textless = {number for number, text in enumerate(pages, start=1)
                if len(_LETTER.findall(text)) < MIN_LETTERS_OF_TEXT_PAGE}
    scanned = textless & pages_with_images(path) if textless else set()
    deadline = OcrDeadline()
    texts = [ocr_pdf_page(path, number, max_bytes, deadline) if number in scanned else text
             for number, text in enumerate(pages, start=1)]
    # A form feed marks each page break, as pdftotext itself writes it.
    text = "\f".join(texts)
    if len(text) > max_bytes:
        raise too_large(max_bytes)
    return text


def require_complete(path: Path) -> None:
    """A PDF ends with %%EOF; a file cut short (an interrupted copy) does not."""
    with open(path, "rb") as handle:
        handle.seek(0, 2)
        handle.seek(max(0, handle.tell() - 1024))
        if b"%%EOF" not in handle.read():
            raise Unreadable("truncated PDF: no %%EOF marker at the end")


def text_layer_pages(path: Path, max_bytes: int) -> list[str]:
    """The text layer of each page (empty for a scanned page)."""
    out = run_program(["pdftotext", "-enc", "UTF-8", str(path), "-"], "unreadable PDF (pdftotext)",
                      max_output=max_bytes, timeout=PDF_TIMEOUT_S)
    pages = out.decode("utf-8", errors="replace").split("\f")
    return pages[:-1]  # pdftotext ends every page, the last one too, with a form feed


def pages_with_images(path: Path) -> set[int]:
    """Numbers of the pages that hold an image (pdfimages -list)."""
    out = run_program(["pdfimages", "-list", str(path)], "unreadable PDF (pdfimages)",
                      max_output=2**24, timeout=PDF_TIMEOUT_S)
    # Two header lines, then one row per image whose first column is the page.
    rows = out.decode("utf-8", errors="replace").splitlines()[2:]
    return {int(row.split()[0]) for row in rows if row.split() and row.split()[0].isdigit()}
