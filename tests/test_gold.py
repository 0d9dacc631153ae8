"""Accuracy against the annotated samples, with floors.

The annotations are a copy, in tests/gold/, of ../shared/gold for the samples
of data/samples, so a fresh clone checks the floors too; `python -m
bench.score` prints the figures against ../shared/gold itself."""

from pathlib import Path

import pytest

from bench.score import DEFAULT_GOLD, score_gold
from parsers.vocab import DATA_DIR

SHIPPED_GOLD = Path(__file__).resolve().parent / "gold"


@pytest.fixture(scope="module")
def score():
    return score_gold(SHIPPED_GOLD)


def test_the_shipped_gold_is_of_the_samples_and_as_shared():
    """Each annotated file is a sample; where ../shared/gold is present (a
    clone may lack it), the copy is identical to it."""
    copies = sorted(SHIPPED_GOLD.glob("*.jsonl"))
    stems = {c.name.split(".")[0] for c in copies}
    assert len(stems) >= 2 and all((DATA_DIR / "samples" / f"{stem}.txt").is_file() for stem in stems)
    if DEFAULT_GOLD.is_dir():
        for copy in copies:
            assert copy.read_bytes() == (DEFAULT_GOLD / copy.name).read_bytes(), \
                f"{copy} differs from {DEFAULT_GOLD / copy.name}: copy it again"


def test_mention_f1(score):
    assert score.mentions.f1 >= 0.97, score.errors


def test_distinct_id_f1(score):
    assert score.ids.f1 >= 0.98, score.errors


def test_date_accuracy(score):
    assert score.date.total >= 50 and score.date.rate >= 0.95, score.errors


def test_relation_f1(score):
    assert score.relations.f1 >= 0.95, score.errors
