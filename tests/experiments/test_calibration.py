"""Predictive defaults learned from a treaty's history (issue 14, item 5): `calibrate` fits each step to the
record's intervals of the shipped cases, a case with no durations of its own takes its times from them, and
leave-one-out scores each case predicted from the others (what the commands print: tests/cli)."""

from __future__ import annotations

import math
import shutil
import statistics

import pytest
import yaml
from conftest import SCENARIOS

from simulator import load_scenario, load_treaty, run
from simulator.base.errors import UserError
from simulator.checks.treaty import TREATY_DIR, durations_path
from simulator.experiments.calibration import calibrate, leave_one_out, without_own_durations

NATO_CASES = sorted(p.stem for p in SCENARIOS.glob("nato-*.yaml"))


@pytest.mark.parametrize("treaty", ["csto", "nato", "eu"])
def test_the_shipped_durations_are_what_calibrate_writes(treaty):
    assert calibrate(treaty).yaml_text() == durations_path(treaty).read_text(encoding="utf-8"), \
        f"run `treaty-sim calibrate {treaty}` after changing its cases or procedure"


def test_a_fit_cites_the_cases_and_intervals_it_came_from():
    history = calibrate("nato").history
    assert history.cases == NATO_CASES
    request = history.steps["request"]
    assert [i.case for i in request.intervals] == NATO_CASES  # every case dates its request from the origin
    assert {i.start for i in request.intervals} == {"origin"}
    hours = [i.hours for i in request.intervals]
    assert request.duration.kind == "lognormal"
    assert request.duration.params[0] == pytest.approx(statistics.geometric_mean(hours), rel=0.01)
    assert history.steps["collective_measures"].intervals == []  # no case dates it: the pooled fit, said so
    assert "pooled" in history.steps["collective_measures"].note
    assert 0.5 < history.pace < 1.5  # NATO's cases are fast or slow across their steps together


def _no_durations_request_hours(scenario, seeds=range(60)):
    hours = []
    for seed in seeds:
        result = run(scenario, mode="predictive", seed=seed)
        hours.append(next(e.hours for e in result.events if e.step == "request" and e.event == "end"))
    return hours


def test_a_case_with_no_durations_takes_its_treaty_history():
    own = load_scenario(SCENARIOS / "nato-turkey-2015.yaml")
    learned = without_own_durations(own)
    median = load_treaty("nato").step("request").history_h.params[0]
    assert statistics.median(_no_durations_request_hours(learned)) == pytest.approx(median, rel=0.35)
    assert statistics.median(_no_durations_request_hours(own, range(20))) > 120  # its own: 5-7 days


def test_leave_one_out_on_nato_is_calibrated():
    report = leave_one_out("nato", n=100)
    assert [c.case for c in report.cases] == NATO_CASES
    assert all(c.case not in c.learned_from and len(c.learned_from) == len(NATO_CASES) - 1 for c in report.cases)
    assert len(report.checks) == 42  # every record milestone of every case
    assert 0.80 <= report.share_inside <= 0.95
    assert math.isfinite(report.median_width_h) and report.median_width_h > 24


def test_a_slow_predicted_run_is_late_not_cut_off_at_the_cases_own_horizon():
    # the left-out case's horizon was chosen knowing its dates: 14 days for Turkey 2012 (June)
    report = leave_one_out("nato", n=40)
    assert all(math.isfinite(c.interval_h[1]) for c in report.checks)


def test_a_treaty_with_one_case_has_nothing_to_leave_out():
    france = load_scenario(SCENARIOS / "eu-france-2015.yaml")
    report = leave_one_out("eu", n=5, cases=[france])
    assert report.cases == [] and report.share_inside is None
    assert report.skipped == [("eu-france-2015", "the only case of its treaty: nothing to learn from without it")]


def _copied_nato(tmp_path, change):
    for suffix in (".yaml", ".sources.yaml"):
        shutil.copy(TREATY_DIR / f"nato{suffix}", tmp_path / f"nato{suffix}")
    data = yaml.safe_load(durations_path("nato").read_text(encoding="utf-8"))
    change(data)
    (tmp_path / "nato.durations.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return str(tmp_path / "nato.yaml")


def test_a_stale_durations_file_says_to_calibrate_again(tmp_path):
    def renamed(data):
        data["steps"]["consultation_of_allies"] = data["steps"].pop("nac_consultation")
    with pytest.raises(UserError) as caught:
        load_treaty(_copied_nato(tmp_path, renamed))
    (problem,) = caught.value.problems
    assert problem.file.endswith("nato.durations.yaml") and problem.line is not None
    assert problem.message == "step 'consultation_of_allies' is not in the treaty's procedure"
    assert problem.hint == "run `treaty-sim calibrate nato` again"
