"""Stuck procedures and runaway runs in RunResult and RunStopped (engine/stalls.py, engine/guard.py).

A procedure that cannot progress within the horizon is a result whose stalls name the blocked
step, the body or member, what it waits for and the simulated time. A run that could go on
forever (a cycle with zero durations, a runaway event log, a run longer than the wall-clock
limit) is stopped by a guard with the same kind of diagnostic and the partial event log.
(What the command prints and writes for both: tests/robustness/test_robust_stuck.py.)
"""

from __future__ import annotations

import pytest
from stuck_cases import HORIZON_H, ministers_never_meet, parliament_without_quorum, slow_answer
from tiny_pact import looping_pact

from simulator import Limits, RunStopped, load_scenario, run


@pytest.mark.parametrize("mode", ["replay", "predictive"])
def test_consensus_that_never_comes_is_named(variant, mode):
    result = run(load_scenario(variant(slow_answer)), mode=mode, seed=3)
    assert not result.finished and [(s.step, s.member) for s in result.stalls] == [("council_decision", "")]
    stall = result.stalls[0]
    assert (stall.step, stall.actor, stall.at_h) == ("council_decision", "Collective Security Council", HORIZON_H)
    assert "Belarus" in stall.waiting_for and "Russia" not in stall.waiting_for
    assert 0 < stall.since_h < 48
    assert result.personnel_deployed == 0


def test_parliament_that_never_reaches_quorum_holds_up_the_deployment(variant):
    result = run(load_scenario(variant(parliament_without_quorum)), mode="predictive", seed=2)
    by_step = {s.step: s for s in result.stalls}
    assert set(by_step) == {"national_approval", "deployment_complete"}
    approval = by_step["national_approval"]
    assert approval.actor == "Kyrgyzstan, Jogorku Kenesh" and approval.member == "Kyrgyzstan"
    assert "no quorum" in approval.waiting_for and approval.at_h == HORIZON_H
    assert by_step["deployment_complete"].waiting_for == "waits for the contingents of Kyrgyzstan"
    sessions = [e for e in result.events if e.member == "Kyrgyzstan" and e.event == "session"]
    assert 5 < len(sessions) < 50  # still trying when the horizon came


def test_body_that_never_meets(variant):
    result = run(load_scenario(variant(ministers_never_meet)), mode="predictive", seed=1)
    assert [s.step for s in result.stalls] == ["withdrawal_decision"]
    stall = result.stalls[0]
    assert stall.actor == "Council of Defence Ministers" and stall.at_h == 30 * 24
    assert "waits for the answers of" in stall.waiting_for
    assert result.personnel_deployed > 0  # the deployment itself went ahead


def test_a_finished_run_reports_no_stall(kz_replay):
    assert kz_replay.finished and kz_replay.stalls == [] and kz_replay.stall_messages() == []


# ---- a treaty whose procedure loops --------------------------------------------------------------
def test_zero_time_cycle_is_stopped_with_the_steps_named(tmp_path):
    with pytest.raises(RunStopped) as info:
        run(looping_pact(tmp_path, ask_h=0))
    stop = info.value
    assert stop.reason == "loop" and stop.hours == 0.0
    assert "without simulated time passing" in stop.detail and "ask" in stop.detail and "vote" in stop.detail
    assert stop.stalls and {s.step for s in stop.stalls} <= {"ask", "vote"}
    assert 1_000 <= sum(e.event == "start" and e.step == "ask" for e in stop.events) <= 3_000


def test_slow_cycle_runs_to_the_horizon(tmp_path):
    result = run(looping_pact(tmp_path, ask_h=1), mode="predictive")
    assert [s.step for s in result.stalls] == ["ask"] and result.stalls[0].at_h == 240
    assert sum(e.step == "vote" and e.outcome == "blocked" for e in result.events) == 239  # the 240th at 240 h


def test_runaway_event_log_is_stopped(tmp_path):
    with pytest.raises(RunStopped) as info:
        run(looping_pact(tmp_path, ask_h=1), limits=Limits(max_events=500))
    assert info.value.reason == "events" and "passed 500 events" in info.value.detail
    assert 0 < info.value.hours < 240


# ---- the wall-clock guard ------------------------------------------------------------------------
def test_wall_clock_limit_in_python_and_a_generous_default(kz_path, monkeypatch):
    assert Limits().wall_s == 600
    monkeypatch.setenv("TREATY_SIM_TIME_LIMIT", "0.000001")
    scenario = load_scenario(kz_path)
    with pytest.raises(RunStopped) as info:
        run(scenario, mode="predictive")
    assert info.value.reason == "wall-clock"
    assert run(scenario, limits=Limits(wall_s=60)).finished  # an explicit limit wins over the variable
