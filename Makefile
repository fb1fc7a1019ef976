# claimscope — `make run` and `make test` are the two commands a fresh machine needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared
DB ?= sqlite:///claimscope.db

.PHONY: install run test lint bench eval clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## run: ingest the bundled sample (seed article + French news corpus) into SQLite, show the seed
run: $(STAMP)
	$(BIN)/claimscope ingest $(SHARED)/seed $(SHARED)/corpus/news-fr --db $(DB)
	$(BIN)/claimscope analyze $(SHARED)/seed/article-fr-ukraine.txt
	$(BIN)/claimscope speakers --db $(DB) --limit 15

## test: the whole suite, with real spaCy models and real pages
test: $(STAMP)
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts
	$(BIN)/mypy

## eval: attributions on the dev gold (rules tuned on it) and the held-out gold; main-text extraction
eval: $(STAMP)
	$(BIN)/claimscope eval tests/gold --shared $(SHARED)
	$(BIN)/claimscope eval tests/gold-heldout --shared $(SHARED)
	$(BIN)/python -m claimscope.evaluation.extraction $(SHARED)/corpus/fr-web $(SHARED)/corpus/en-web

bench: $(STAMP)
	$(BIN)/python scripts/bench.py --shared $(SHARED)

clean:
	rm -rf $(VENV) claimscope.db .pytest_cache .mypy_cache .ruff_cache
