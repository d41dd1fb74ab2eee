"""A body deciding by silence procedure whose objections can come after the deadline (issue 14, finding 9):
`check` counts both outcomes, so validation asks for what the adopted branch needs, and predictive runs of
seeds 1-8 end blocked or adopted (never crashing) exactly as check said they could."""

from __future__ import annotations

import pytest

from simulator import load_scenario, load_treaty, run
from simulator.base.errors import UserError
from simulator.checks.reachability import reachable_steps

# Answers 1-6 h, silence 1-4 h: France's objection lands before or after the deadline, by seed.
LATE_OBJECTION = {"silence_h": [1, 4], "answer_h": [1, 6], "answers": {"France": "object"}}


def _late_objection(choose):
    def change(data):
        data["bodies"]["nac"] = dict(LATE_OBJECTION)
        data["durations"].update({"collective_measures": 24, "nrf_employment": 24} if choose else {})
        data["choices"] = {"response": "statement_only"} if choose else {}
    return change


def test_without_a_choice_validation_asks_for_the_adopted_branch(edit):
    with pytest.raises(UserError) as caught:
        load_scenario(edit("nato-turkey-2015", _late_objection(choose=False)))
    problems = {(p.path, p.message) for p in caught.value.problems}
    assert ("choices", "step 'response' needs a choice") in problems


def test_check_and_the_engine_agree_on_seeds_1_to_8(edit):
    scenario = load_scenario(edit("nato-turkey-2015", _late_objection(choose=True)))
    reached = {s.id for s in reachable_steps(load_treaty("nato"), scenario)}
    assert {"nac_consultation", "response"} <= reached
    outcomes = {}
    for seed in range(1, 9):
        result = run(scenario, mode="predictive", seed=seed)
        outcomes[seed] = next(d.outcome for d in result.decisions if d.step == "nac_consultation")
        assert result.finished
    assert set(outcomes.values()) == {"adopted", "blocked"}, outcomes


def test_an_objection_always_before_the_deadline_only_blocks(edit):
    def early(data):
        data["bodies"]["nac"] = {"silence_h": [5, 8], "answer_h": [1, 4], "answers": {"France": "object"}}
        data["choices"] = {}
        data["record"] = [e for e in data["record"] if e["step"] != "nac_consultation"]
    scenario = load_scenario(edit("nato-turkey-2015", early))
    reached = {s.id for s in reachable_steps(load_treaty("nato"), scenario)}
    assert "response" not in reached
