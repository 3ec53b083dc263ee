# The two commands of the README:
#   make serve   build the site and serve it at http://127.0.0.1:8000/atlas/ (rebuilds on change)
#   make test    install everything the tests need, then run every check and test
# For quick local loops, `make check` runs the linters and every test but the browser ones.
# Both set up .venv/ from pyproject.toml and node_modules/ from package-lock.json (the pinned
# Pyodide runtime the site serves) first. `make build` writes the static site to site/.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHROMIUM := /usr/bin/chromium
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test check lint browser bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --editable '.[test]'
	touch $@

# `npm ci` installs exactly what package-lock.json pins and checks each package's integrity hash.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# The browser tests drive Debian's Chromium (Playwright cannot download its own browser here).
$(CHROMIUM):
	if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y chromium

serve: $(BIN)/.installed node_modules/.installed
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

build: $(BIN)/.installed node_modules/.installed
	$(BIN)/mkdocs build --strict

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

browser: $(CHROMIUM)

test: lint node_modules/.installed browser
	$(BIN)/pytest

# Lint, unit, property, golden and build tests, in two processes; no browser (about a minute).
check: lint node_modules/.installed
	$(BIN)/pytest -m "not browser" -n 2

# The benchmarks of BENCHMARKS.md (about 20 minutes; BENCH_ARGS=--quick for a smoke run).
bench: $(BIN)/.installed node_modules/.installed browser
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

clean:
	rm -rf site $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache
