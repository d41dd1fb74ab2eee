"""The treaty's rules decide what-if cases: scope, dated wordings, consensus, national votes, choices."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from simulator import load_scenario, run

ARMENIA = ROOT / "scenarios" / "armenia-2021-05.yaml"


@pytest.fixture
def armenia(tmp_path):
    base = yaml.safe_load(ARMENIA.read_text(encoding="utf-8"))

    def make(change) -> Path:
        data = copy.deepcopy(base)
        change(data)
        path = tmp_path / "armenia-variant.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
        return path

    return make


def _request(result):
    return next(e for e in result.events if e.step == "request" and e.event == "end")


def test_art4_covers_only_the_members_own_territory(variant):
    def karabakh(data):
        data["crisis"]["where"] = "Nagorno-Karabakh"

    result = run(load_scenario(variant(karabakh)))
    assert _request(result).outcome == "out_of_scope"
    assert "only the member's own territory" in _request(result).action
    assert result.outcome == "no_action" and result.outcome_mark.step == "scope_statement"
    assert result.personnel_deployed == 0


@pytest.mark.parametrize("origin, expected", [
    ("2011-06-01T00:00+06:00", "out_of_scope"),  # 1992 wording: aggression only
    ("2022-01-05T00:00+06:00", "assistance"),  # 2010 wording: armed attack too
])
def test_the_wording_in_force_on_the_date_decides(variant, origin, expected):
    def armed_attack_on(data):
        data["origin"] = origin
        data["crisis"]["kind"] = "armed_attack"
        data["record"] = []

    result = run(load_scenario(variant(armed_attack_on)))
    assert _request(result).outcome == expected
    wording = "1992" if expected == "out_of_scope" else "2010"
    assert wording in _request(result).action


def test_conflict_with_another_member_excludes_collective_action(variant):
    def against_a_member(data):
        data["crisis"]["against"] = "Kyrgyzstan"
        data["contingents"].pop("Kyrgyzstan")
        data["record"] = [r for r in data["record"] if r.get("member") != "Kyrgyzstan"]

    result = run(load_scenario(variant(against_a_member)))
    assert _request(result).outcome == "between_members"
    assert result.outcome == "no_action" and result.outcome_mark.step == "good_offices"


def test_a_bilateral_appeal_does_not_seize_the_organisation(variant):
    def to_russia(data):
        data["request"]["to"] = "Russia"

    result = run(load_scenario(variant(to_russia)))
    assert _request(result).outcome == "bilateral"
    assert result.outcome == "no_request"
    assert "appeals to Russia bilaterally" in result.outcome_text()


def test_abstention_passes_but_non_participation_blocks(variant):
    def answers(kind):
        return lambda data: data["bodies"]["csc"].update(answers={"Belarus": kind})

    abstains = run(load_scenario(variant(answers("abstain"), "abstain.yaml")))
    assert abstains.outcome == "deployed"
    assert any(e.actor == "Belarus" and e.outcome == "abstain" for e in abstains.events)
    absent = run(load_scenario(variant(answers("absent"), "absent.yaml")))
    assert absent.outcome == "declined"
    assert "Belarus does not take part or sign" in absent.outcome_text()


def test_consent_binds_no_member_to_send_troops(variant):
    def russia_only(data):
        for name in ("Belarus", "Armenia", "Tajikistan", "Kyrgyzstan"):
            data["contingents"].pop(name)
        data["record"] = [r for r in data["record"] if r.get("member") in (None, "Russia")]

    result = run(load_scenario(variant(russia_only)))
    answers = {e.actor: e.outcome for e in result.events if e.event == "answer"}
    assert set(answers.values()) == {"consent"} and len(answers) == 6
    assert result.outcome == "deployed"
    assert {e.member for e in result.events if e.step == "airlift"} == {"Russia"}


def test_parliament_majority_of_all_seats_can_reject(variant):
    def half_support(data):
        kg = data["contingents"]["Kyrgyzstan"]["approval"][0]
        kg["majority"] = "two_thirds_of_all"
        kg["support"] = 0.5
        data["record"] = [r for r in data["record"] if r.get("member") != "Kyrgyzstan"]

    result = run(load_scenario(variant(half_support)), mode="predictive", seed=4)
    votes = [e for e in result.events if e.member == "Kyrgyzstan" and e.event == "session"]
    assert votes[-1].outcome in ("rejected", "no_quorum")
    assert "rejected" in {v.outcome for v in votes}
    assert not any(e.member == "Kyrgyzstan" and e.step == "airlift" for e in result.events)


@pytest.mark.parametrize("choice, outcome, step", [
    ("mission", "mission_only", "monitoring_mission"),
    ("measures", "aid", "assistance_decision"),
])
def test_a_different_assessment_changes_the_outcome(armenia, choice, outcome, step):
    def choose(data):
        data["choices"]["assessment"] = choice
        data["durations"]["monitoring_mission"] = 48
        data["durations"]["assistance_programme"] = 720
        data["bodies"] = {"csc": {"answer_h": 2, "drafting_h": 4}}
        data["record"] = [r for r in data["record"] if r["step"] != "assessment"]

    result = run(load_scenario(armenia(choose)))
    assert result.outcome == outcome and result.outcome_mark.step == step
    assert result.matches_record is False


def test_predictive_choices_draw_from_their_probabilities(armenia):
    def either(data):
        data["choices"]["assessment"] = {"no_measures": 0.5, "mission": 0.5}
        data["durations"]["monitoring_mission"] = 48

    path = armenia(either)
    outcomes = {run(path, mode="predictive", seed=seed).outcome for seed in range(12)}
    assert outcomes == {"consultations_only", "mission_only"}
    assert run(path).outcome == "consultations_only"  # replay: the first of equally likely options


def test_a_meeting_held_instead_of_postponed_means_consultations(tmp_path):
    data = yaml.safe_load((ARMENIA.with_name("armenia-2020-07.yaml")).read_text(encoding="utf-8"))
    data["choices"]["emergency_pc"] = "held"
    data["record"] = []
    path = tmp_path / "held.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = run(load_scenario(path))
    assert result.outcome == "consultations_only" and result.matches_record is False
