"""The extractor on pathological text (bench/pathological.py): no exception,
and time linear in the input. No absolute limit (speed figures are in bench/):
twice the input must take less than three times the CPU time of the input —
linear work takes about twice, quadratic work four times.

CPU time of this process is measured, not wall time, so that other processes
on a busy machine do not count; each half is measured twice, around the whole,
and the slower one kept, so a pause in the middle cannot fake a jump.
"""

from __future__ import annotations

import pytest

from bench.pathological import MB, REPEATED_UNITS, cpu_seconds_to_extract, inputs

MAX_GROWTH_FOR_DOUBLE_INPUT = 3.0
# Below this much CPU time, timings are mostly noise: the ratio starts from it.
NOISE_FLOOR_S = 0.2


def _assert_linear(name: str) -> None:
    make = inputs()[name]
    half_text, full_text = make(MB // 2), make(MB)
    before = cpu_seconds_to_extract(half_text)
    full = cpu_seconds_to_extract(full_text)
    after = cpu_seconds_to_extract(half_text)
    half = max(before, after, NOISE_FLOOR_S)
    print(f"{name}: 0.5 MB {before:.2f}/{after:.2f} s, 1 MB {full:.2f} s (CPU)")
    assert full < MAX_GROWTH_FOR_DOUBLE_INPUT * half, \
        f"{name}: 0.5 MB took {half:.1f} s of CPU, 1 MB {full:.1f} s: more than linear"


@pytest.mark.parametrize("name", sorted(REPEATED_UNITS))
def test_repeated_unit(name):
    _assert_linear(name)


def test_one_very_long_line_of_real_text():
    """A real report with every line break removed, as some PDF exports do."""
    _assert_linear("long line")
