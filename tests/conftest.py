"""Shared fixtures: the shipped Kazakhstan scenario and a way to write altered copies of it."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
KZ = ROOT / "scenarios" / "kazakhstan-2022.yaml"


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
