"""NATO and the EU run on the same engine: a silence procedure, a forum narrower than the
treaty, membership by date, and assistance that each member decides for itself."""

from __future__ import annotations

import pytest
from conftest import ROOT

from simulator import load_scenario, run

SCENARIOS = ROOT / "scenarios"


def _answers(result, step):
    return [e for e in result.events if e.step == step and e.event == "answer"]


@pytest.mark.parametrize("origin, allies", [
    ("2012-06-22T00:00+03:00", 28),
    ("2020-02-27T00:00+03:00", 29),  # North Macedonia joined in March 2020
    ("2025-09-10T00:00+03:00", 32),
])
def test_the_council_is_the_allies_of_the_day(edit, origin, allies):
    def on(data):
        data["origin"] = origin
        data["record"] = []

    result = run(load_scenario(edit("nato-turkey-2012-06", on)))
    assert len(_answers(result, "nac_consultation")) == allies


def test_silence_procedure_adopts_at_the_deadline(edit):
    def silence(data):
        data["bodies"]["nac"] = {"silence_h": 24, "answer_h": [1, 10]}
        data["record"] = [r for r in data["record"] if r["step"] != "nac_consultation"]

    result = run(load_scenario(edit("nato-turkey-2012-06", silence)), mode="predictive", seed=1)
    circulated = next(e for e in result.events if e.event == "circulate")
    adopted = next(e for e in result.events if e.step == "nac_consultation" and e.event == "end")
    assert adopted.outcome == "adopted" and adopted.hours == pytest.approx(circulated.hours + 24)
    assert _answers(result, "nac_consultation") == []  # silence: nobody needs to answer
    assert result.outcome == "consultations_only"


def test_one_objection_breaks_silence(edit):
    def silence_broken(data):
        data["bodies"]["nac"] = {"silence_h": 24, "answer_h": [1, 10], "answers": {"Greece": "object"}}
        data["record"] = [r for r in data["record"] if r["step"] != "nac_consultation"]

    result = run(load_scenario(edit("nato-turkey-2012-06", silence_broken)), mode="predictive", seed=1)
    broken = _answers(result, "nac_consultation")
    assert [(e.actor, e.action) for e in broken] == [("Greece", "breaks silence in the North Atlantic Council")]
    assert "silence broken by Greece" in next(e.action for e in result.events if e.outcome == "blocked")
    assert result.outcome == "no_action"


def test_a_forum_narrower_than_the_union():
    result = run(SCENARIOS / "eu-france-2015.yaml")
    answering = {e.actor for e in _answers(result, "ministers_support")}
    assert len(answering) == 27 and "Denmark" not in answering and "France" in answering


def test_each_member_decides_its_own_assistance():
    result = run(SCENARIOS / "eu-france-2015.yaml")
    offers = {e.member: e for e in result.events if e.event == "offer"}
    assert offers["Ireland"].outcome == "none" and "neutrality" in offers["Ireland"].action
    assert offers["Germany"].outcome == "offered" and offers["Germany"].pinned
    assert offers["Germany"].hours < offers["United Kingdom"].hours  # each on its own date
    assert result.outcome == "aid" and result.outcome_mark.step == "bilateral_assistance"


def test_no_offers_means_no_aid(edit):
    def nobody(data):
        for offer in data["assistance"].values():
            offer["offer"] = None
        data["record"] = [r for r in data["record"] if r["step"] != "bilateral_assistance"]

    result = run(load_scenario(edit("eu-france-2015", nobody)))
    assert next(e for e in result.events if e.step == "bilateral_assistance" and e.event == "end").outcome == "none"
    assert result.outcome == "no_action"


def _blocked_council(data, origin):
    # the Council blocks the deployment (as France, Germany and Belgium did in Feb 2003, T03c)
    data["origin"], data["record"] = origin, []
    nac = data["bodies"]["nac"]
    data["decisions"] = {"deployment_decision": dict(nac, answers={"France": "object", "Germany": "object",
                                                                   "Belgium": "object"})}
    data["bodies"]["dpc"] = dict(nac)


def test_a_blocked_council_passes_the_decision_to_the_forum_that_stood_in_for_it(edit):
    result = run(edit("nato-turkey-2012-patriot", lambda d: _blocked_council(d, "2003-02-10T00:00+02:00")))
    assert [(d.body, d.outcome) for d in result.decisions][:3] == [
        ("North Atlantic Council", "adopted"), ("North Atlantic Council", "blocked"),
        ("Defence Planning Committee", "adopted")]
    assert result.outcome == "deployed" and result.violations == []
    in_dpc = {e.actor for e in result.events if e.step == "dpc_decision" and e.event == "answer"}
    assert "France" not in in_dpc and {"Germany", "Belgium", "Turkey"} <= in_dpc  # France sat out until 2009
    consulted = {e.actor for e in result.events if e.step == "nac_consultation" and e.event == "answer"}
    assert "France" in consulted  # the answers were the deployment decision's only, not the Council's


def test_the_forum_that_stood_in_exists_only_for_its_years(edit):
    from simulator import UserError  # why: only this test expects the refusal

    with pytest.raises(UserError) as caught:
        load_scenario(edit("nato-turkey-2012-patriot", lambda d: _blocked_council(d, "2012-11-21T00:00+03:00")))
    message = str(caught.value)
    assert "step 'dpc_decision' falls to the Defence Planning Committee, which did not exist on 2012-11-" in message
    assert "(it existed until 2010-07-01)" in message and "fix: date the case when the body existed" in message
