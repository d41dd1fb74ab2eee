"""No hangs (issue 7, item 6): stuck procedures end with a diagnostic; guards bound every run.

A procedure that cannot progress within the horizon is a result (exit 0) that names the
blocked step, the body or member, what it waits for and the simulated time, in the CLI
output, in summary.md and in RunResult.stalls. A run that could go on forever (a cycle
with zero durations, a runaway event log, a run longer than the wall-clock limit) is
stopped by a guard: exit code 4, the same kind of diagnostic, the partial event log kept.
(RunResult.stalls and RunStopped themselves: tests/engine/test_stalls.py.)
"""

from __future__ import annotations

import pytest
from stuck_cases import parliament_without_quorum, slow_answer
from tiny_pact import looping_pact

from simulator.cli import main
from simulator.files.output_set import MANIFEST


@pytest.mark.parametrize("mode", ["replay", "predictive"])
def test_consensus_that_never_comes_is_named(variant, mode, tmp_path, capsys):
    path = variant(slow_answer)
    assert main(["run", str(path), "--mode", mode, "--out", str(tmp_path / "out")]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "did not finish: step 'council_decision' (Collective Security Council): waits for the answer of Belarus" in out
    assert "still waiting at the horizon, simulated hour 960.0 (2022-02-14 00:00 UTC+6)" in out
    summary = (tmp_path / "out" / "summary.md").read_text()
    assert "## Did not finish" in summary and "waits for the answer of Belarus" in summary


def test_parliament_that_never_reaches_quorum_holds_up_the_deployment(variant, tmp_path, capsys):
    path = variant(parliament_without_quorum)
    assert main(["run", str(path), "--mode", "predictive", "--seed", "2", "--out", str(tmp_path), "--quiet"]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == str(tmp_path)
    err = " ".join(captured.err.split())
    assert "did not finish: step 'national_approval' (Kyrgyzstan, Jogorku Kenesh)" in err
    assert "step 'deployment_complete' (Collective forces): waits for the contingents of Kyrgyzstan" in err


# ---- a treaty whose procedure loops --------------------------------------------------------------
def test_zero_time_cycle_is_stopped_with_the_steps_named(tmp_path, capsys):
    path = looping_pact(tmp_path, ask_h=0)
    out = tmp_path / "out"
    assert main(["run", str(path), "--out", str(out)]) == 4
    err = " ".join(capsys.readouterr().err.split())
    assert "stopped: tiny-case (replay, seed 1) at simulated hour 0.0" in err and "Traceback" not in err
    assert "the procedure loops with zero durations through ask, vote" in err
    assert "still waiting when the run was stopped, simulated hour 0.0 (2021-03-01 00:00 UTC+0)" in err
    assert f"are in {out / 'partial-events.csv'}" in err
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "partial-events.csv"]
    assert (out / "partial-events.csv").read_text().count("\n") > 1_000


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
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "partial-events.csv"]


@pytest.mark.parametrize("value", ["abc", "0", "-5", "nan"])
def test_bad_time_limit_is_a_user_error(kz_path, tmp_path, monkeypatch, capsys, value):
    monkeypatch.setenv("TREATY_SIM_TIME_LIMIT", value)
    assert main(["run", str(kz_path), "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "TREATY_SIM_TIME_LIMIT" in err and "Traceback" not in err
    assert "Error: Invalid value for '--time-limit' (env var: 'TREATY_SIM_TIME_LIMIT'): " in " ".join(err.split())
    assert not any(tmp_path.iterdir())
