"""Key stages of a case (analysis/stages.py): request, first collective decision and first forces, for any treaty."""

from __future__ import annotations

from conftest import ROOT

from simulator import run
from simulator.analysis.stages import key_stages

SCENARIOS = ROOT / "scenarios"


def test_kazakhstan_stages_follow_the_record():
    stages = key_stages(run(SCENARIOS / "kazakhstan-2022.yaml"))
    # appeal ~21:00 on 5 Jan, decision by 03:15 on 6 Jan, first landing on the morning of 6 Jan
    assert 0.1 < stages.after_request(stages.decision_h) < 0.5
    assert stages.after_request(stages.decision_h) < stages.after_request(stages.forces_h) < 1


def test_no_request_has_no_stages():
    stages = key_stages(run(SCENARIOS / "kyrgyz-tajik-2022.yaml"))
    assert (stages.request_h, stages.decision_h, stages.forces_h) == (None, None, None)
    assert stages.basis == "no request" and stages.outcome == "no_action"


def test_an_informal_contact_is_not_called_a_bilateral_appeal():
    result = run(SCENARIOS / "armenia-2020-07.yaml")
    assert key_stages(result).basis == "informal contact"
    assert result.scenario.request.describe() == "none formal: Armenia contacted the organisation informally"
