"""A small invented treaty runs on the same engine: a treaty is data, not engine code."""

from __future__ import annotations

import shutil

import yaml
from tiny_pact import SCENARIO, TREATY

from simulator import load_scenario, run
from simulator.checks.treaty import TREATY_DIR


def test_invented_treaty_runs_without_engine_changes(tmp_path):
    (tmp_path / "tiny.yaml").write_text(yaml.safe_dump(TREATY, sort_keys=False))
    shutil.copy(TREATY_DIR / "csto.sources.yaml", tmp_path / "tiny.sources.yaml")
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(SCENARIO, sort_keys=False))
    scenario = load_scenario(path)
    for mode in ("replay", "predictive"):
        result = run(scenario, mode=mode, seed=3)
        assert result.outcome == "deployed", result.outcome_text()
        assert result.personnel_deployed == 100
        assert {e.actor for e in result.events if e.step == "vote" and e.event == "answer"} == {"Avalon", "Borduria", "Carpania"}
        assert next(e for e in result.events if e.step == "there" and e.event == "end").actor == "Pact force"
    replay = run(scenario)
    assert replay.milestones[0].on_record and replay.violations == []
