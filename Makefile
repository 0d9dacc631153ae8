# The two commands of the README. Both install what is missing first.
.PHONY: setup demo test score bench

setup:
	bash scripts/setup.sh

# The main job on the bundled samples: build the graph, then answer a question,
# then write the browsable site (offline HTML) and say where to open it.
demo: setup
	.venv/bin/kg ingest data/samples --db kg.db
	.venv/bin/kg lineage 327/QĐ-UBND --up --db kg.db
	.venv/bin/kg site site --db kg.db

test: setup
	.venv/bin/python -m pytest

# Accuracy against ../shared/gold (figures for the closing notes).
score: setup
	.venv/bin/python -m bench.score

# Speed figures (never checked by the tests, which only compare ratios).
bench: setup
	.venv/bin/python -m bench.pathological
	.venv/bin/python -m bench.extract_speed
