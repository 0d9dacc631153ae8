"""The extractor on pathological text: no exception, and time linear in the
input. A generous ratio, never an absolute time (this is not a benchmark;
bench/ is): twice the input in under three times the time.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from parsers.extract import extract_text

MB = 1_000_000
MAX_GROWTH_FOR_DOUBLE_INPUT = 3.0
# Below this, timings are mostly noise; the growth check starts from it.
NOISE_FLOOR_S = 0.5

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
    # one short id over and over: every citation looks for its date and its
    # issuer after it (a positional match must not scan to the end)
    "one-id": "1/QĐ-UBND ",
}


def _text(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _seconds_to_extract(text: str) -> float:
    started = time.perf_counter()
    extract_text(text)
    return time.perf_counter() - started


def _assert_linear(name: str, text_of_size) -> None:
    half = _seconds_to_extract(text_of_size(MB // 2))
    full = _seconds_to_extract(text_of_size(MB))
    print(f"{name}: 0.5 MB {half:.2f} s, 1 MB {full:.2f} s")
    assert full < MAX_GROWTH_FOR_DOUBLE_INPUT * max(half, NOISE_FLOOR_S), \
        f"{name}: 0.5 MB took {half:.1f} s, 1 MB {full:.1f} s"


@pytest.mark.parametrize("name", sorted(REPEATED_UNITS))
def test_repeated_unit(name):
    _assert_linear(name, lambda size: _text(REPEATED_UNITS[name], size))


def _appendix(size: int) -> str:
    """An appendix listing numbered documents, one per line, all different."""
    lines, length, index = [], 0, 0
    while length < size:
        line = f"{index + 1}. {100 + index}/QĐ-UBND; {200 + index}/KH-UBND ngày 01/02/2025\n"
        lines.append(line)
        length += len(line)
        index += 1
    return "".join(lines)[:size]


def test_appendix_list_of_ids():
    _assert_linear("appendix", _appendix)


def test_one_very_long_line_of_real_text():
    """A real report with every line break removed, as some PDF exports do."""
    sample = Path(__file__).resolve().parent.parent / "data" / "samples" / "004_8056d9e22a67d95b.txt"
    line = " ".join(sample.read_text(encoding="utf-8").split())
    _assert_linear("long line", lambda size: _text(line + " ", size))
