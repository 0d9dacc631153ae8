# The two commands of the README. Both install what is missing first.
.PHONY: setup demo test score bench

setup:
	bash scripts/setup.sh

# The main job on the bundled samples: build the graph, then answer a question.
demo: setup
	.venv/bin/kg ingest data/samples --db kg.db
	.venv/bin/kg lineage 327/QĐ-UBND --up --db kg.db

test: setup
	.venv/bin/python -m pytest

# Accuracy against ../shared/gold (figures for the closing notes).
score: setup
	.venv/bin/python -m bench.score

# Speed figures (never checked by the tests, which only compare ratios).
bench: setup
	.venv/bin/python -m bench.pathological
	.venv/bin/python -m bench.extract_speed
