"""Images and scanned pages → text, through Tesseract with its Vietnamese data.

OCR is optional at run time: without Tesseract (Debian packages tesseract-ocr
and tesseract-ocr-vie) reading an image or a scanned page raises Unreadable
saying so, and every other format still reads.

OCR is slow (~10-30 s a page), so the OCR of one file has a time limit
(KG_OCR_MAX_SECONDS, default 30 minutes: some 100 pages): a scan of
thousands of pages fails with that reason instead of holding a batch for hours.
"""

from __future__ import annotations

import subprocess
import tempfile
import time
from functools import lru_cache
from pathlib import Path

from parsers.readers import Unreadable, env_number
from parsers.readers.tools import TimedOut, require_program, run_program

LANGUAGE = "vie"
RENDER_DPI = 300  # Tesseract reads best at 300 dpi
OCR_TIMEOUT_S = 300  # one page or image; a dense A4 page takes ~10-30 s
DEFAULT_OCR_MAX_SECONDS = 1800  # all the pages of one file


class OcrDeadline:
    """The time left for the OCR of one file, shared by its pages."""

    def __init__(self):
        self.seconds = env_number("KG_OCR_MAX_SECONDS", DEFAULT_OCR_MAX_SECONDS)
        self.ends = time.monotonic() + self.seconds

    def run(self, args: list[str], purpose: str, max_output: int) -> bytes:
        """run_program within the time left (and OCR_TIMEOUT_S for one step)."""
        left = self.ends - time.monotonic()
        if left <= 0:
            raise self.exceeded()
        try:
            return run_program(args, purpose, max_output=max_output, timeout=min(OCR_TIMEOUT_S, left))
        except TimedOut:
            if time.monotonic() >= self.ends:
                raise self.exceeded() from None
            raise

    def exceeded(self) -> Unreadable:
        return Unreadable(f"OCR took longer than {self.seconds:g} s, the limit for one file "
                          f"(set by KG_OCR_MAX_SECONDS)")


def read_image(path: Path, max_bytes: int) -> str:
    """An image file (PNG, JPEG, TIFF, multi-page TIFF too) → text."""
    return ocr_image(path, max_bytes, "OCR of the image", OcrDeadline())


def ocr_image(path: Path, max_bytes: int, purpose: str, deadline: OcrDeadline) -> str:
    require_ocr(purpose)
    out = deadline.run(["tesseract", str(path), "stdout", "-l", LANGUAGE], purpose, max_bytes)
    # Tesseract ends each page with a form feed; pages are joined by the caller.
    return out.decode("utf-8", errors="replace").rstrip("\f\n") + "\n"


def ocr_pdf_page(pdf: Path, page: int, max_bytes: int, deadline: OcrDeadline) -> str:
    """Render page `page` (1-based) of `pdf` to an image and OCR it."""
    purpose = f"OCR of page {page} (no text layer)"
    require_ocr(purpose)
    with tempfile.TemporaryDirectory() as folder:
        image = Path(folder) / "page"
        deadline.run(["pdftoppm", "-r", str(RENDER_DPI), "-gray", "-png", "-singlefile",
                      "-f", str(page), "-l", str(page), str(pdf), str(image)],
                     f"rendering page {page} for OCR", max_output=0)
        return ocr_image(image.with_suffix(".png"), max_bytes, purpose, deadline)


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
