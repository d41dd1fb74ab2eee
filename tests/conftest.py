"""Shared fixtures: the shipped Kazakhstan scenario, ways to write altered copies of it, of the other shipped
scenarios and of the CSTO treaty file, and instructor's inject files; the fuzz tally printed at the end."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import fuzz_tally
import pytest
import yaml

from simulator.checks.treaty import TREATY_DIR

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
KZ = SCENARIOS / "kazakhstan-2022.yaml"


# The longest tests (a minute or more each: the fuzz, every case's golden outputs, a fresh interpreter per module)
# are handed out first: under pytest-xdist the short ones then fill in, and the workers end together.
LONGEST_FIRST = ("robustness/test_robust_fuzz.py::", "golden/test_golden_outputs.py::", "package/test_imports.py::")


def pytest_collection_modifyitems(items):
    def rank(item) -> int:
        return next((i for i, p in enumerate(LONGEST_FIRST) if item.nodeid.startswith(f"tests/{p}")), len(LONGEST_FIRST))

    items.sort(key=rank)  # stable: otherwise in the order collected


def pytest_terminal_summary(terminalreporter):
    for line in fuzz_tally.summary():
        terminalreporter.write_line(line)


def pytest_sessionfinish(session):
    output = getattr(session.config, "workeroutput", None)
    if output is not None:  # a pytest-xdist worker: its tally goes to the controller, which prints the sum
        output["fuzz_tally"] = fuzz_tally.sent()


@pytest.hookimpl(optionalhook=True)  # a pytest-xdist hook, called on the controller as each worker ends
def pytest_testnodedown(node, error):
    received = getattr(node, "workeroutput", {}).get("fuzz_tally")
    if received:
        fuzz_tally.add(received)


@pytest.fixture(scope="session")
def kz_path() -> Path:
    return KZ


@pytest.fixture(scope="session")
def kz_data() -> dict:
    return yaml.safe_load(KZ.read_text(encoding="utf-8"))


@pytest.fixture
def variant(tmp_path, kz_data):
    """variant(change) -> path of a copy of the Kazakhstan scenario after change(data)."""

    def make(change, name: str = "variant.yaml") -> Path:
        data = copy.deepcopy(kz_data)
        change(data)
        path = tmp_path / name
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
        return path

    return make


@pytest.fixture(scope="session")
def kz_replay():
    from simulator import load_scenario, run

    return run(load_scenario(KZ))


@pytest.fixture
def edit(tmp_path):
    """edit(name, change) -> path of a changed copy of a shipped scenario."""

    def make(name: str, change) -> Path:
        data = yaml.safe_load((SCENARIOS / f"{name}.yaml").read_text(encoding="utf-8"))
        data = copy.deepcopy(data)
        change(data)
        path = tmp_path / f"{name}-edited.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
        return path

    return make


@pytest.fixture
def broken_csto(tmp_path):
    """broken_csto(change) -> path of a copy of csto.yaml after change(procedure steps by id, data)."""

    def make(change, name="broken"):
        data = yaml.safe_load((TREATY_DIR / "csto.yaml").read_text(encoding="utf-8"))
        change({s["id"]: s for s in data["procedure"]["steps"]}, data)
        path = tmp_path / f"{name}.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
        shutil.copy(TREATY_DIR / "csto.sources.yaml", tmp_path / f"{name}.sources.yaml")
        return str(path)

    return make


@pytest.fixture
def inject_file(tmp_path):
    """inject_file(text, name) -> path of an instructor's inject file whose list of injects is ``text``."""

    def make(text: str, name: str = "injects.yaml"):
        path = tmp_path / name
        path.write_text("injects:\n" + text, encoding="utf-8")
        return path

    return make
