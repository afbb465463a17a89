# careerpath — set-up and test entry points. Everything a fresh machine needs is installed here.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgresql://postgres@127.0.0.1:5432/careerpath
STAMP := $(VENV)/.installed
# Test processes (pytest-xdist; each has its own test database). Default: one per core.
TEST_WORKERS ?= $(shell nproc 2>/dev/null || echo 2)
# --dist worksteal: a worker that runs out of tests takes the rest of the other's, so neither idles at the
# end while the other still has a queue of tests behind a long browser journey (tests/conftest.py also puts
# the long tests first).
PYTEST := $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal
# Pure tests (the engine, the workbook, the fairness arithmetic, lint) never open a database: once is enough.
NO_DATABASE_TESTS := --ignore=tests/core --ignore=tests/workbook --ignore=tests/insight/test_fairness_stats.py \
  --ignore=tests/test_lint.py
# Tests that run the console script on a SQLite file of their own (never the configured database): once too.
OWN_SQLITE_TESTS := --ignore=tests/cli --ignore=tests/db/test_cli.py \
  --deselect tests/integrity/test_audit_append_only.py::test_the_console_script_refuses_to_flush_and_exits_2

.PHONY: demo test lint venv system-deps test-sqlite test-postgres bench clean messages

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

# Debian packages: CJK fonts and Pango for PDFs, Chromium for browser tests, poppler for PDF checks.
system-deps:
	@if ! dpkg -s fonts-noto-cjk chromium poppler-utils libharfbuzz-subset0 libpangoft2-1.0-0 gettext >/dev/null 2>&1; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk chromium poppler-utils gettext; \
	fi

demo: venv system-deps
	$(BIN)/careerpath demo

test: venv system-deps lint test-sqlite test-postgres

# The layers (pyproject's [tool.importlinter] contracts) and the types of the pure core and workbook.
lint: venv
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/mypy src/careerpath/core src/careerpath/workbook

test-sqlite:
	$(PYTEST)

# Run the suite again on PostgreSQL when a server is reachable. The browser tests (Chromium) run once, in the
# SQLite pass: they look at the screens; every rule and query behind them is tested on both databases by
# tests/web and the rest. The pure tests (NO_DATABASE_TESTS) and those on a SQLite file of their own
# (OWN_SQLITE_TESTS: the console script's first hour, import/export, the flush guard) run once too.
test-postgres:
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('postgresql://postgres@127.0.0.1:5432/postgres', connect_timeout=3).close()" 2>/dev/null; then \
	  echo "== PostgreSQL run =="; DATABASE_URL=$(PG_URL) $(PYTEST) --ignore=tests/browser $(NO_DATABASE_TESTS) $(OWN_SQLITE_TESTS); \
	else echo "PostgreSQL not reachable: skipped the PostgreSQL run"; fi

# Each writes its table to benchmarks/results/; the 100,000-employee runs take several minutes each.
bench: venv
	$(BIN)/python benchmarks/bench_workbook.py
	$(BIN)/python benchmarks/bench_db.py
	$(BIN)/python benchmarks/bench_cycle.py
	$(BIN)/python benchmarks/bench_api.py

# English translations: one .po per part of the site under locale/en/parts/ (so parts never edit one
# file), merged into the catalog Django reads and compiled. Run after changing any part.
messages: venv
	$(BIN)/python -m careerpath.web.catalog

clean:
	rm -rf $(VENV) build *.egg-info
