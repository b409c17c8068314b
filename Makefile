# The front door. `make run` and `make test` work on a fresh machine: each makes its own virtualenv.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
ROLE   ?= citizen

.PHONY: install run test schemas test-unit test-integration test-http test-e2e test-postgres test-browser browser screenshots token lint bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

run: install  ## start the service on the embedded default (SQLite under .data/, no servers needed), with gateway/server.py's deadlines
	@echo "Serving on http://127.0.0.1:$(PORT)  (API docs: http://127.0.0.1:$(PORT)/docs)"
	@echo "A token for calling it:  make token ROLE=citizen   (or portal, employee, supervisor, auditor, operator)"
	$(PY) -m gateway.server --host 127.0.0.1 --port $(PORT)

test: install browser  ## the whole suite; Postgres from $$DATABASE_URL, $$TEST_POSTGRES_SERVER (127.0.0.1:5432), or a throwaway server it starts
	$(PY) -m pytest

# tests/browser drive Debian's chromium through Playwright (its own browser download cannot be used here).
browser:  ## Debian's chromium for tests/browser: installed with apt-get (as root) when missing
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
	  { echo "tests/browser need Debian's chromium: apt-get install chromium (as root)" >&2; exit 1; }

test-browser: install browser  ## the console in headless Chromium: one scenario per role, axe-core, hostile documents
	$(PY) -m pytest tests/browser

screenshots: install browser  ## the console's main pages as PNG files under docs/console/
	$(PY) -m tests.browser.screenshots docs/console

test-unit: install
	$(PY) -m pytest tests/unit

test-integration: install
	$(PY) -m pytest tests/integration

test-http: install
	$(PY) -m pytest tests/http

test-postgres: install  ## only the tests that run on Postgres (CI runs them once more on a throwaway server)
	$(PY) -m pytest -m postgres

test-e2e: install  ## the Kafka path, with a tansu broker started for the run (or $$KAFKA_BOOTSTRAP_SERVERS)
	$(PY) -m pytest tests/e2e

# The checkout's own .data/ may be made here (a fresh clone asks for a token before its first `make run`); a
# DATA_DIR that was named must exist: the CLI refuses to sign with a key it would have to invent.
token: install  ## print a bearer token for ROLE (citizen, portal, employee, supervisor, auditor, operator) on the embedded default
	@$(if $(DATA_DIR),,mkdir -p .data && )$(PY) -m gateway.cli token --role $(ROLE) $(if $(UNIT),--unit $(UNIT))

schemas: install  ## write the events' JSON Schema files (schemas/json/) from schemas/event_payloads.py
	$(PY) -m schemas.generate

bench: install  ## measure against a bare echo and a CRUD app: bench/results.md and .json; BENCH_QUICK=1 for a short run; BENCH_INSTALL_WRK=1 to apt-get wrk
	$(PY) -m bench.run

lint: install  ## ruff, and mypy at the configuration in pyproject.toml (--strict's checks on cases/ and schemas/)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) .data .pytest_cache schemas/asyncapi-check/node_modules
