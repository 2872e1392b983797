# Hearth — two commands for a fresh machine with Python >= 3.11 and make:
#   make demo   run Hearth with a seeded demo organisation on http://127.0.0.1:8000
#   make test   run the whole test suite (SQLite)

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HEARTH := $(BIN)/hearth

.PHONY: demo test install lint browser-test vendor-check clean

$(BIN)/activate:
	$(PYTHON) -c 'import sys; sys.exit("Hearth needs Python >= 3.11" if sys.version_info < (3, 11) else 0)'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml $(BIN)/activate
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

demo: install
	$(HEARTH) migrate --noinput
	$(HEARTH) seed --preset demo
	$(HEARTH) rundemo --addr 127.0.0.1:8000

test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	bash scripts/check-migrations.sh
	$(BIN)/python scripts/check-django-internals.py
	$(BIN)/python scripts/check-imports-isolated.py

browser-test: install
	$(BIN)/pytest -m browser tests/browser

vendor-check:
	bash scripts/vendor-check.sh

clean:
	rm -rf $(VENV) var
