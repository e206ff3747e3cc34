# Two commands on a fresh machine with Python 3.11+ and make:
#   make demo   creates .venv, installs acocontract, builds every example profile into out/
#   make test   installs the dev tools, runs ruff, mypy and pytest
#   (make test-slow runs the tests that drive LibreOffice; .ci/run runs both)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
DEV_INSTALLED := $(VENV)/.dev-installed

.PHONY: demo test test-slow lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEV_INSTALLED): pyproject.toml $(INSTALLED)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

demo: $(INSTALLED)
	$(BIN)/acocontract check profiles/*.yaml
	$(BIN)/acocontract build profiles/*.yaml -o out

lint: $(DEV_INSTALLED)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

# The tests that drive LibreOffice (layout, PDF, Accept All / Reject All through UNO)
test-slow: $(DEV_INSTALLED)
	$(BIN)/pytest -m slow

bench: $(DEV_INSTALLED)
	command -v pandoc >/dev/null || (apt-get update -qq && apt-get install -y -qq pandoc) \
	  || echo "pandoc could not be installed: its comparison is left out"
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) out build dist .pytest_cache .mypy_cache .ruff_cache
