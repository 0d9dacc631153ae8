"""Accuracy against the annotated documents of ../shared/gold, with floors.

The figures are printed by `python -m bench.score`; these floors keep them."""

import pytest

from bench.score import DEFAULT_GOLD, score_gold

pytestmark = pytest.mark.skipif(not DEFAULT_GOLD.is_dir(), reason=f"no gold annotations at {DEFAULT_GOLD}")


@pytest.fixture(scope="module")
def score():
    return score_gold()


def test_mention_f1(score):
    assert score.mentions.f1 >= 0.97, score.errors


def test_distinct_id_f1(score):
    assert score.ids.f1 >= 0.98, score.errors


def test_date_accuracy(score):
    assert score.date.total >= 50 and score.date.rate >= 0.95, score.errors


def test_relation_f1(score):
    assert score.relations.f1 >= 0.95, score.errors
