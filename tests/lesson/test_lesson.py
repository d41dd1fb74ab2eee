"""The lesson from Python: the decision points derived from a case and its history, and the debrief of a class's answers
(the `teach` command: tests/cli/test_teaching_commands.py)."""

from __future__ import annotations

from conftest import ROOT

from simulator import load_scenario, run
from simulator.lesson import debrief, derive_points

SCENARIOS = ROOT / "scenarios"


def test_derived_decisions_for_the_shipped_cases(kz_path, kz_replay):
    points = derive_points(load_scenario(kz_path), kz_replay)
    # the chair's consultations (forces, mission, measures) are no decision here: the case times only forces
    assert [(p.id, p.kind, p.member, p.history) for p in points] == [
        ("csc", "council", "Armenia", "consent"), ("parliament", "parliament", "Kyrgyzstan", "no_quorum")]
    assert list(points[0].options) == ["consent", "object", "abstain"]
    assert points[0].role.startswith("Armenia in the Collective Security Council")  # the chair in 2022
    armenia = load_scenario(SCENARIOS / "armenia-2021-05.yaml")
    (assessment,) = derive_points(armenia, run(armenia))
    # Without a lesson's assumptions the branches history never took cannot run, and say why.
    assert assessment.id == "assessment" and list(assessment.options) == ["no_measures"]
    assert "monitoring_mission" in assessment.unavailable["mission"]


def test_boycott_keeps_the_contingent_home(kz_path):
    scenario = load_scenario(kz_path)
    history = run(scenario)
    points = derive_points(scenario, history)
    report = debrief(scenario, points, {"parliament": "boycott"}, history=history)
    assert report.path.outcome == "deployed" and report.path.personnel_deployed == 2030 - 150
    assert "no contingent from Kyrgyzstan" in report.path.outcome_text()
    assert report.changed_outcome == []
