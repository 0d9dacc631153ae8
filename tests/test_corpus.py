"""The generated corpus (bench/corpus.py): deterministic, shaped like the
samples (every relation type, hubs, numbering restarting each year), and read
by the extractor as its gold says, clean and with OCR damage."""

from collections import Counter

import pytest

from bench.corpus import HUBS, accuracy, generate
from parsers.extract import extract_text

SIZE = 120


@pytest.fixture(scope="module")
def documents():
    return list(generate(SIZE, seed=3))


def test_the_same_seed_gives_the_same_corpus_and_another_seed_another(documents):
    assert [d.text for d in generate(SIZE, seed=3)] == [d.text for d in documents]
    assert [d.text for d in generate(SIZE, seed=4)] != [d.text for d in documents]


def test_every_relation_type_hubs_and_numbers_restarting_each_year(documents):
    types = {t for d in documents for _, t, _ in d.relations}
    assert types == {"implements", "replaces", "amends", "repeals", "guides", "based_on",
                     "promulgates", "responds_to"}
    citing_hub = sum(any(c.id == HUBS[0].id for c in d.citations) for d in documents)
    assert citing_hub > SIZE / 2
    dates_of = {}
    for d in documents:
        for c in d.citations:
            dates_of.setdefault(c.id, set()).add(c.date)
    assert any(len(dates) > 1 for dates in dates_of.values())  # one number, two years


def test_gold_offsets_point_at_the_numbers(documents):
    for d in documents:
        for c in d.citations:
            assert d.text[c.start:c.end] == f"số {c.id}"


@pytest.mark.parametrize("damage, floor", [(0.0, 0.99), (0.3, 0.95)])
def test_the_extractor_reads_what_the_gold_says(damage, floor):
    docs = list(generate(SIZE, seed=3, damage=damage))
    scores = accuracy(docs, [extract_text(d.text) for d in docs])
    assert min(scores.values()) >= floor, scores
    assert sum(len(d.citations) for d in docs) > 5 * SIZE  # not an empty corpus


def test_accuracy_counts_what_is_missed():
    docs = list(generate(30, seed=5))
    read = [extract_text(d.text) for d in docs]
    read[0] = extract_text("")  # nothing read of the first document
    scores = accuracy(docs, read)
    assert scores["citation_recall"] < 1 and scores["own_id_accuracy"] == pytest.approx(29 / 30)
    assert Counter(scores)  # every figure present
