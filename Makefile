# `make run` replays the Kazakhstan 2022 scenario; `make test` lints, checks the import layers and runs the test suite on every core (pytest-xdist).
# Both create the virtual environment on first use: `make run` with the runtime dependencies only,
# `make test` adds the test extras (pytest, pm4py, Playwright, dask, SALib...).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test install install-runtime clean benchmark schemas docs

$(BIN)/.runtime-installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(BIN)/.installed: $(BIN)/.runtime-installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install-runtime: $(BIN)/.runtime-installed

install: $(BIN)/.installed

run: install-runtime
	$(BIN)/treaty-sim run scenarios/kazakhstan-2022.yaml

test: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/pytest -q -n auto --dist loadgroup

# the documentation site into site/ (the test suite builds it too, with --strict); `mkdocs serve` to browse
docs: install
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

# schemas/<kind>.schema.json from the models (a test keeps them equal to `treaty-sim schema KIND`)
schemas: install-runtime
	$(BIN)/python scripts/write_schemas.py

benchmark: install
	$(BIN)/python benchmarks/engine_overhead.py
	$(BIN)/python benchmarks/montecarlo.py
	$(BIN)/python benchmarks/startup.py

clean:
	rm -rf $(VENV) outputs/*/ build *.egg-info
