# `make run` replays the Kazakhstan 2022 scenario; `make test` lints, checks the import layers and runs the test suite.
# Both create the virtual environment on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test install clean benchmark

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/.installed

run: install
	$(BIN)/treaty-sim run scenarios/kazakhstan-2022.yaml

test: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/pytest -q

benchmark: install
	$(BIN)/python benchmarks/engine_overhead.py
	$(BIN)/python benchmarks/montecarlo.py
	$(BIN)/python benchmarks/startup.py

clean:
	rm -rf $(VENV) outputs/*/ build *.egg-info
