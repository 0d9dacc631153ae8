"""Accuracy against the annotated samples, with floors.

The annotations are a copy, in tests/gold/, of ../shared/gold for the samples
of data/samples, so a fresh clone checks the floors too; `python -m
bench.score` prints the figures against ../shared/gold itself."""

from pathlib import Path

import pytest

from bench.score import DEFAULT_GOLD, score_gold

SHIPPED_GOLD = Path(__file__).resolve().parent / "gold"


@pytest.fixture(scope="module")
def score():
    return score_gold(SHIPPED_GOLD)


def test_the_shipped_gold_covers_samples():
    assert len(list(SHIPPED_GOLD.glob("*.mentions.jsonl"))) >= 2


@pytest.mark.skipif(not DEFAULT_GOLD.is_dir(), reason=f"no {DEFAULT_GOLD} to compare the copy with")
def test_the_shipped_gold_is_the_shared_gold_of_the_samples():
    for copy in SHIPPED_GOLD.glob("*.jsonl"):
        assert copy.read_bytes() == (DEFAULT_GOLD / copy.name).read_bytes(), \
            f"{copy} differs from {DEFAULT_GOLD / copy.name}: copy it again"


def test_mention_f1(score):
    assert score.mentions.f1 >= 0.97, score.errors


def test_distinct_id_f1(score):
    assert score.ids.f1 >= 0.98, score.errors


def test_date_accuracy(score):
    assert score.date.total >= 50 and score.date.rate >= 0.95, score.errors


def test_relation_f1(score):
    assert score.relations.f1 >= 0.85, score.errors
