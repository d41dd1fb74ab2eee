"""No hangs (issue 7, item 6): stuck procedures end with a diagnostic; guards bound every run.

A procedure that cannot progress within the horizon is a result (exit 0) that names the
blocked step, the body or member, what it waits for and the simulated time, in the CLI
output, in summary.md and in RunResult.stalls. A run that could go on forever (a cycle
with zero durations, a runaway event log, a run longer than the wall-clock limit) is
stopped by a guard: exit code 4, the same kind of diagnostic, the partial event log kept.
"""

from __future__ import annotations

import copy
import shutil

import pytest
import yaml
from tiny_pact import SCENARIO as TINY_SCENARIO
from tiny_pact import TREATY as TINY_TREATY

from simulator import Limits, RunStopped, load_scenario, run
from simulator.checks.treaty import TREATY_DIR
from simulator.cli import main

HORIZON_H = 40 * 24  # the Kazakhstan scenario's horizon_days


def _slow_answer(data):
    data["bodies"]["csc"]["answer_h_by_member"] = {"Belarus": 8000}


def _parliament_without_quorum(data):
    stage = data["contingents"]["Kyrgyzstan"]["approval"][0]
    stage.update(attendance={"triangular": [0.1, 0.2, 0.3]}, max_sessions=50, retry_h=100)
    stage.pop("attendance_by_session", None)
    data["record"] = [r for r in data["record"] if r.get("member") != "Kyrgyzstan"]


def _ministers_never_meet(data):
    data["bodies"]["cmd"]["answer_h"] = 8000
    data["horizon_days"] = 30


@pytest.mark.parametrize("mode", ["replay", "predictive"])
def test_consensus_that_never_comes_is_named(variant, mode, tmp_path, capsys):
    path = variant(_slow_answer)
    result = run(load_scenario(path), mode=mode, seed=3)
    assert not result.finished and [(s.step, s.member) for s in result.stalls] == [("council_decision", "")]
    stall = result.stalls[0]
    assert (stall.step, stall.actor, stall.at_h) == ("council_decision", "Collective Security Council", HORIZON_H)
    assert "Belarus" in stall.waiting_for and "Russia" not in stall.waiting_for
    assert 0 < stall.since_h < 48
    assert result.personnel_deployed == 0

    assert main(["run", str(path), "--mode", mode, "--out", str(tmp_path / "out")]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "did not finish: step 'council_decision' (Collective Security Council): waits for the answer of Belarus" in out
    assert "still waiting at the horizon, simulated hour 960.0 (2022-02-14 00:00 UTC+6)" in out
    summary = (tmp_path / "out" / "summary.md").read_text()
    assert "## Did not finish" in summary and "waits for the answer of Belarus" in summary


def test_parliament_that_never_reaches_quorum_holds_up_the_deployment(variant, tmp_path, capsys):
    path = variant(_parliament_without_quorum)
    result = run(load_scenario(path), mode="predictive", seed=2)
    by_step = {s.step: s for s in result.stalls}
    assert set(by_step) == {"national_approval", "deployment_complete"}
    approval = by_step["national_approval"]
    assert approval.actor == "Kyrgyzstan, Jogorku Kenesh" and approval.member == "Kyrgyzstan"
    assert "no quorum" in approval.waiting_for and approval.at_h == HORIZON_H
    assert by_step["deployment_complete"].waiting_for == "waits for the contingents of Kyrgyzstan"
    sessions = [e for e in result.events if e.member == "Kyrgyzstan" and e.event == "session"]
    assert 5 < len(sessions) < 50  # still trying when the horizon came

    assert main(["run", str(path), "--mode", "predictive", "--seed", "2", "--out", str(tmp_path), "--quiet"]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == str(tmp_path)
    err = " ".join(captured.err.split())
    assert "did not finish: step 'national_approval' (Kyrgyzstan, Jogorku Kenesh)" in err
    assert "step 'deployment_complete' (Collective forces): waits for the contingents of Kyrgyzstan" in err


def test_body_that_never_meets(variant):
    result = run(load_scenario(variant(_ministers_never_meet)), mode="predictive", seed=1)
    assert [s.step for s in result.stalls] == ["withdrawal_decision"]
    stall = result.stalls[0]
    assert stall.actor == "Council of Defence Ministers" and stall.at_h == 30 * 24
    assert "waits for the answers of" in stall.waiting_for
    assert result.personnel_deployed > 0  # the deployment itself went ahead


def test_a_finished_run_reports_no_stall(kz_replay):
    assert kz_replay.finished and kz_replay.stalls == [] and kz_replay.stall_messages() == []


# ---- a treaty whose procedure loops --------------------------------------------------------------
def _looping_treaty(tmp_path, ask_h: float):
    """The invented pact, where a blocked vote sends the request back: Borduria always objects."""
    treaty = copy.deepcopy(TINY_TREATY)
    treaty["procedure"]["steps"][1]["next"] = {"adopted": "yes", "blocked": "ask"}
    (tmp_path / "tiny.yaml").write_text(yaml.safe_dump(treaty, sort_keys=False))
    shutil.copy(TREATY_DIR / "csto.sources.yaml", tmp_path / "tiny.sources.yaml")
    scenario = copy.deepcopy(TINY_SCENARIO)
    scenario.update(durations={"ask": ask_h}, record=[], horizon_days=10)
    scenario["bodies"] = {"council": {"answer_h": 0, "drafting_h": 0, "answers": {"Borduria": "object"}}}
    path = tmp_path / "loop.yaml"
    path.write_text(yaml.safe_dump(scenario, sort_keys=False))
    return path


def test_zero_time_cycle_is_stopped_with_the_steps_named(tmp_path, capsys):
    path = _looping_treaty(tmp_path, ask_h=0)
    with pytest.raises(RunStopped) as info:
        run(path)
    stop = info.value
    assert stop.reason == "loop" and stop.hours == 0.0
    assert "without simulated time passing" in stop.detail and "ask" in stop.detail and "vote" in stop.detail
    assert stop.stalls and {s.step for s in stop.stalls} <= {"ask", "vote"}
    assert 1_000 <= sum(e.event == "start" and e.step == "ask" for e in stop.events) <= 3_000

    out = tmp_path / "out"
    assert main(["run", str(path), "--out", str(out)]) == 4
    err = " ".join(capsys.readouterr().err.split())
    assert "stopped: tiny-case (replay, seed 1) at simulated hour 0.0" in err and "Traceback" not in err
    assert "the procedure loops with zero durations through ask, vote" in err
    assert "still waiting when the run was stopped, simulated hour 0.0 (2021-03-01 00:00 UTC+0)" in err
    assert f"are in {out / 'partial-events.csv'}" in err
    assert sorted(p.name for p in out.iterdir()) == ["partial-events.csv"]
    assert (out / "partial-events.csv").read_text().count("\n") > 1_000


def test_slow_cycle_runs_to_the_horizon(tmp_path):
    result = run(_looping_treaty(tmp_path, ask_h=1), mode="predictive")
    assert [s.step for s in result.stalls] == ["ask"] and result.stalls[0].at_h == 240
    assert sum(e.step == "vote" and e.outcome == "blocked" for e in result.events) == 239  # the 240th at 240 h


def test_runaway_event_log_is_stopped(tmp_path):
    with pytest.raises(RunStopped) as info:
        run(_looping_treaty(tmp_path, ask_h=1), limits=Limits(max_events=500))
    assert info.value.reason == "events" and "passed 500 events" in info.value.detail
    assert 0 < info.value.hours < 240


# ---- the wall-clock guard ------------------------------------------------------------------------
def _many_sorties(data):
    data["air"]["airlift"]["personnel_per_sortie"] = 1  # 2,030 sorties


@pytest.mark.parametrize("how", ["option", "env"])
def test_wall_clock_limit_stops_the_run(variant, tmp_path, monkeypatch, capsys, how):
    path = variant(_many_sorties)
    out = tmp_path / "out"
    args = ["run", str(path), "--mode", "predictive", "--out", str(out)]
    if how == "option":
        args += ["--time-limit", "0.001"]
    else:
        monkeypatch.setenv("TREATY_SIM_TIME_LIMIT", "0.001")
    assert main(args) == 4
    err = " ".join(capsys.readouterr().err.split())
    assert "the wall-clock limit of 0.001 s was reached (--time-limit or TREATY_SIM_TIME_LIMIT)" in err
    assert "Traceback" not in err and "still waiting when the run was stopped, simulated hour" in err
    assert sorted(p.name for p in out.iterdir()) == ["partial-events.csv"]


def test_wall_clock_limit_in_python_and_a_generous_default(kz_path, monkeypatch):
    assert Limits().wall_s == 600
    monkeypatch.setenv("TREATY_SIM_TIME_LIMIT", "0.000001")
    scenario = load_scenario(kz_path)
    with pytest.raises(RunStopped) as info:
        run(scenario, mode="predictive")
    assert info.value.reason == "wall-clock"
    assert run(scenario, limits=Limits(wall_s=60)).finished  # an explicit limit wins over the variable


@pytest.mark.parametrize("value", ["abc", "0", "-5", "nan"])
def test_bad_time_limit_is_a_user_error(kz_path, tmp_path, monkeypatch, capsys, value):
    monkeypatch.setenv("TREATY_SIM_TIME_LIMIT", value)
    assert main(["run", str(kz_path), "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "TREATY_SIM_TIME_LIMIT" in err and "Traceback" not in err
    assert not any(tmp_path.iterdir())
