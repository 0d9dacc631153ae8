"""Images and scanned pages → text, through Tesseract with its Vietnamese data.

OCR is optional at run time: without Tesseract (Debian packages tesseract-ocr
and tesseract-ocr-vie) reading an image or a scanned page raises Unreadable
saying so, and every other format still reads.
"""

from __future__ import annotations

import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

from parsers.readers import Unreadable
from parsers.readers.tools import require_program, run_program

LANGUAGE = "vie"
RENDER_DPI = 300  # Tesseract reads best at 300 dpi
OCR_TIMEOUT_S = 300  # one page or image; a dense A4 page takes ~10-30 s


def read_image(path: Path, max_bytes: int) -> str:
    """An image file (PNG, JPEG, TIFF, multi-page TIFF too) → text."""
    return ocr_image(path, max_bytes, purpose="OCR of the image")


def ocr_image(path: Path, max_bytes: int, purpose: str) -> str:
    require_ocr(purpose)
    out = run_program(["tesseract", str(path), "stdout", "-l", LANGUAGE], purpose,
                      max_output=max_bytes, timeout=OCR_TIMEOUT_S)
    # Tesseract ends each page with a form feed; pages are joined by the caller.
    return out.decode("utf-8", errors="replace").rstrip("\f\n") + "\n"


def ocr_pdf_page(pdf: Path, page: int, max_bytes: int) -> str:
    """Render page `page` (1-based) of `pdf` to an image and OCR it."""
    purpose = f"OCR of page {page} (no text layer)"
    require_ocr(purpose)
    with tempfile.TemporaryDirectory() as folder:
        image = Path(folder) / "page"
        run_program(["pdftoppm", "-r", str(RENDER_DPI), "-gray", "-png", "-singlefile",
                     "-f", str(page), "-l", str(page), str(pdf), str(image)],
                    f"rendering page {page} for OCR", max_output=0, timeout=OCR_TIMEOUT_S)
        return ocr_image(image.with_suffix(".png"), max_bytes, purpose)


def require_ocr(purpose: str) -> None:
    """Raise Unreadable unless Tesseract and its Vietnamese data are installed."""
    require_program("tesseract", purpose)
    if LANGUAGE not in tesseract_languages():
        raise Unreadable(f"{purpose} needs Tesseract's Vietnamese data: install the Debian package tesseract-ocr-vie")


@lru_cache(maxsize=1)
def tesseract_languages() -> frozenset[str]:
    listing = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30)
    # Older versions print the list on stderr.
    return frozenset((listing.stdout + listing.stderr).split())
