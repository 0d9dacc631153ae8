"""Citation-id recall of the extractor on a scanned PDF: sample 004 rendered to
page images (no text layer), read back through Tesseract. The tests check a
3-page excerpt; this measures the whole sample.
Run: .venv/bin/python -m bench.scan_recall"""

import tempfile
import time
from pathlib import Path

from parsers.extract import extract_text
from parsers.read import read_text
from parsers.vocab import DATA_DIR
from tests.reader_fixtures import to_scanned_pdf


def ids(text: str) -> set[str]:
    return {c.id for c in extract_text(text).citations}


def main() -> None:
    sample = read_text(DATA_DIR / "samples" / "004_8056d9e22a67d95b.txt")
    expected = ids(sample)
    with tempfile.TemporaryDirectory() as tmp:
        started = time.monotonic()
        text = read_text(to_scanned_pdf(sample, Path(tmp) / "scan.pdf"))
        found = ids(text)
    print(f"{text.count(chr(12)) + 1} pages, {time.monotonic() - started:.0f} s; id recall "
          f"{len(found & expected) / len(expected):.3f} ({len(found & expected)}/{len(expected)}); "
          f"missed {sorted(expected - found)}; extra {sorted(found - expected)}")


if __name__ == "__main__":
    main()
