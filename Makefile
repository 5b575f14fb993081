# Two commands set up everything on a fresh machine (Python 3.11+ and network to PyPI):
#   make demo   installs storyline into .venv and runs `storyline demo`
#   make test   installs storyline, its test tools and the benchmarks package (benchmarks/)
#               into .venv and runs the checks and tests
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test install install-dev lint benchmarks clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-dev: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]' -e ./benchmarks

demo: install
	$(BIN)/storyline demo

lint: install-dev
	$(BIN)/ruff check src benchmarks tests tools
	$(BIN)/ruff format --check src benchmarks tests tools
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

benchmarks: install-dev
	$(BIN)/python -m storyline_benchmarks.report --write docs/benchmarks.md

clean:
	rm -rf $(VENV) build dist src/*.egg-info benchmarks/build benchmarks/src/*.egg-info .mypy_cache .ruff_cache .pytest_cache
