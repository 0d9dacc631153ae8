"""Pathological inputs for the extractor (tests/test_pathological.py checks
that time grows linearly with them) and their speed figures.

Run: .venv/bin/python -m bench.pathological [MB]
prints, per input, the seconds to extract half and all of MB megabytes
(default 1) and the ratio between the two (about 2 when linear).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from parsers.extract import extract_text

MB = 1_000_000
SAMPLE_004 = Path(__file__).resolve().parent.parent / "data" / "samples" / "004_8056d9e22a67d95b.txt"

# Each unit is repeated to fill the input.
REPEATED_UNITS = {
    "slashes": "1/1/",
    "so-words": "số ",
    "ocr-so-words": "s6 sb so sé ",
    "dashed-codes": "57-NQ/TW-",
    "digits": "0123456789",
    "newlines": "\n",
    "type-words": "Quyết định Nghị quyết Kế hoạch ",
    "dates": "ngày 22/12/2024 ",
    "citations": "Quyết định số 327/QĐ-UBND ngày 26/5/2025 của UBND tỉnh, ",
    "footnote-markers": "[footnoteRef:1][1: ",
    "numbered-items": "(1) ",
    "of-issuer": "của Bộ Chính trị ",
    "brackets": "(((([[[[",
}


def repeated(unit: str, size: int) -> str:
    """``unit`` repeated to exactly ``size`` characters.

    >>> repeated("ab", 5)
    'ababa'
    """
    return (unit * (size // len(unit) + 1))[:size]


def long_line(size: int) -> str:
    """Sample 004 with every line break removed (as some PDF exports do), repeated."""
    line = " ".join(SAMPLE_004.read_text(encoding="utf-8").split())
    return repeated(line + " ", size)


def inputs() -> dict[str, object]:
    """Every pathological input: name → function of the size in characters."""
    made = {name: (lambda size, unit=unit: repeated(unit, size)) for name, unit in REPEATED_UNITS.items()}
    made["long line"] = long_line
    return made


def cpu_seconds_to_extract(text: str) -> float:
    """CPU time of this process (not wall time): other processes sharing the
    cores do not count, so a busy machine measures the same."""
    started = time.process_time()
    extract_text(text)
    return time.process_time() - started


def main(megabytes: float) -> None:
    size = int(megabytes * MB)
    for name, make in inputs().items():
        half, full = cpu_seconds_to_extract(make(size // 2)), cpu_seconds_to_extract(make(size))
        print(f"{name:18} {megabytes / 2:g} MB {half:6.2f} s   {megabytes:g} MB {full:6.2f} s   "
              f"ratio {full / max(half, 1e-9):.2f}")


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0)
