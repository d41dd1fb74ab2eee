"""The Kazakhstan 2022 replay lands every milestone on the record's date, in local time."""

from __future__ import annotations

from datetime import date

import pytest

from simulator.base.timeutil import at_hours, local

EXPECTED = {
    # record id: (local date, zone)
    "appeal": (date(2022, 1, 5), "Asia/Almaty"),
    "csc-decision": (date(2022, 1, 6), "Asia/Almaty"),
    "decision-issued": (date(2022, 1, 6), "Europe/Moscow"),
    "first-units": (date(2022, 1, 6), "Asia/Almaty"),
    "kyrgyz-no-quorum": (date(2022, 1, 6), "Asia/Bishkek"),
    "tajik-parliament": (date(2022, 1, 6), "Asia/Dushanbe"),
    "armenian-government": (date(2022, 1, 6), "Asia/Yerevan"),
    "kyrgyz-approval": (date(2022, 1, 7), "Asia/Bishkek"),
    "kyrgyz-decree": (date(2022, 1, 7), "Asia/Bishkek"),
    "deployment-complete": (date(2022, 1, 9), "Europe/Moscow"),
    "extraordinary-csc": (date(2022, 1, 10), "Asia/Yerevan"),
    "end-announced": (date(2022, 1, 11), "Asia/Almaty"),
    "written-request": (date(2022, 1, 12), "Asia/Almaty"),
    "withdrawal-decision": (date(2022, 1, 13), "Asia/Almaty"),
    "withdrawal-start": (date(2022, 1, 13), "Asia/Almaty"),
    "withdrawal-complete": (date(2022, 1, 19), "Asia/Almaty"),
    "sg-report": (date(2022, 1, 20), "Europe/Moscow"),
}


@pytest.mark.parametrize("record_id", sorted(EXPECTED))
def test_milestone_on_record_date(kz_replay, record_id):
    milestone = next(m for m in kz_replay.milestones if m.id == record_id)
    expected_day, zone_name = EXPECTED[record_id]
    assert milestone.reached, f"{record_id} never happened"
    when = local(at_hours(kz_replay.scenario.origin, milestone.simulated_h), zone_name)
    assert when.date() == expected_day
    assert milestone.on_record


def test_every_record_entry_is_reached_and_consistent(kz_replay):
    assert [m.id for m in kz_replay.milestones if not m.on_record] == []
    assert kz_replay.violations == []
    assert kz_replay.stalls == []


def test_first_units_land_in_the_morning(kz_replay):
    first = next(e for e in kz_replay.events if e.step == "airlift" and e.event == "first_arrival" and e.member == "Russia")
    landing = local(at_hours(kz_replay.scenario.origin, first.hours), "Asia/Almaty")
    assert landing.date() == date(2022, 1, 6) and 6 <= landing.hour < 12


def test_kyrgyz_quorum_failure_then_approval(kz_replay):
    sessions = [e for e in kz_replay.events if e.member == "Kyrgyzstan" and e.event == "session"]
    assert [(s.attempt, s.outcome) for s in sessions] == [(1, "no_quorum"), (2, "approved")]
    assert "39 registered" in sessions[0].action and "60 of 90" in sessions[0].action
    assert sessions[0].sources == ("S39", "S40")


def test_contingents_arrive_only_after_their_approval(kz_replay):
    for member in kz_replay.scenario.contingents:
        mine = [e for e in kz_replay.events if e.member == member]
        approved = next(e.hours for e in mine if e.step == "national_approval" and e.event == "end")
        landed = next(e.hours for e in mine if e.event == "first_arrival" and e.step == "airlift")
        assert landed > approved


def test_official_strength_deployed_and_withdrawn(kz_replay):
    assert kz_replay.outcome == "deployed"
    assert kz_replay.personnel_deployed == 2030
    left = -sum(e.personnel for e in kz_replay.events if e.step == "withdrawal" and e.personnel)
    assert left == 2030


def test_chair_and_council_are_armenia_led(kz_replay):
    consult = next(e for e in kz_replay.events if e.step == "consultations" and e.event == "end")
    assert consult.actor == "CSC chair (Armenia)" and consult.zone == "Asia/Yerevan"
    answers = {e.actor for e in kz_replay.events if e.step == "council_decision" and e.event == "answer"}
    assert answers == {"Armenia", "Belarus", "Kazakhstan", "Kyrgyzstan", "Russia", "Tajikistan"}


def test_every_event_names_its_legal_basis(kz_replay):
    assert all(e.basis for e in kz_replay.events)
    decision = next(e for e in kz_replay.events if e.step == "council_decision" and e.event == "end")
    assert decision.basis == "CST Art. 4; PKA Art. 3"
    assert decision.pinned and "S44" in decision.sources


def test_replay_reports_a_record_that_breaks_the_procedure(variant):
    from simulator import run

    def impossible(data):
        first = next(r for r in data["record"] if r["id"] == "first-units")
        # An hour after the decision: no aircraft can be loaded and flown in that time.
        first["at"] = {"window": ["2022-01-06T03:00+06:00", "2022-01-06T12:00+06:00"],
                       "assume": "2022-01-06T04:15+06:00", "why": "test"}

    result = run(variant(impossible))
    assert [v.record_id for v in result.violations] == ["first-units"]
    assert "later" in result.violations[0].message()
