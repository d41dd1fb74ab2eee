"""What-if cases: an objection at the council, and a parliament that never reaches quorum."""

from __future__ import annotations

import pytest

from simulator import load_scenario, run


@pytest.mark.parametrize("mode", ["replay", "predictive"])
def test_one_objection_blocks_the_deployment(variant, mode):
    def belarus_objects(data):
        data["bodies"]["csc"]["answers"] = {"Belarus": "object"}

    result = run(load_scenario(variant(belarus_objects)), mode=mode, seed=2)
    assert result.outcome == "declined"
    assert "Belarus" in result.outcome_text()
    blocked = [e for e in result.events if e.step == "council_decision" and e.outcome == "blocked"]
    assert len(blocked) == 1 and "Belarus objects" in blocked[0].action
    assert result.personnel_deployed == 0
    assert not any(e.step in ("airlift", "national_approval") for e in result.events)
    reached = {m.id for m in result.milestones if m.reached}
    assert reached == {"appeal"}


@pytest.mark.parametrize("mode", ["replay", "predictive"])
def test_parliament_without_quorum_keeps_only_that_contingent_home(variant, mode):
    def no_quorum(data):
        kg = data["contingents"]["Kyrgyzstan"]["approval"][0]
        kg["attendance"] = {"triangular": [0.3, 0.4, 0.55]}  # never 60 of 90
        kg.pop("attendance_by_session")
        data["record"] = [r for r in data["record"] if r.get("member") != "Kyrgyzstan"]

    result = run(load_scenario(variant(no_quorum)), mode=mode, seed=2)
    sessions = [e for e in result.events if e.member == "Kyrgyzstan" and e.event == "session"]
    assert [s.outcome for s in sessions] == ["no_quorum"] * 4  # three sessions, then gives up
    assert "gives up" in sessions[-1].action
    assert not any(e.member == "Kyrgyzstan" and e.step == "airlift" for e in result.events)
    assert result.outcome == "deployed"
    assert result.personnel_deployed == 2030 - 150
    arrived = {e.member for e in result.events if e.step == "airlift" and e.event == "end"}
    assert arrived == {"Russia", "Belarus", "Armenia", "Tajikistan"}
    assert "Kyrgyzstan" in result.outcome_text()
    withdrawn = {e.member for e in result.events if e.step == "withdrawal" and e.event == "end"}
    assert withdrawn == arrived
