"""Instructor injects: an airport seized, aircraft grounded, a member objecting — in runs (the run command's
--inject option: tests/cli/test_runs_commands.py)."""

from __future__ import annotations

import pytest

from simulator import run


def _first_landing(result, member="Russia"):
    return next(e for e in result.events if e.step == "airlift" and e.member == member and e.event == "first_arrival")


def test_airport_seized_holds_landings_until_it_is_retaken(kz_path, kz_replay, inject_file):
    path = inject_file("  - {at: 2022-01-06T08:00+06:00, kind: airport_seized, hours: 12, where: Almaty airport}\n")
    result = run(kz_path, injects=path)
    # 08:00 Almaty = 32 h after the origin; retaken at 44 h. History's first landing: 11:30 (35.5 h).
    assert _first_landing(kz_replay).hours == pytest.approx(35.5)
    assert _first_landing(result).hours == pytest.approx(44.0)
    assert not any(e.event in ("arrival", "first_arrival") and 32 <= e.hours < 44 for e in result.events)
    first_units = next(m for m in result.milestones if m.id == "first-units")
    assert not first_units.on_record and first_units.delta_h == pytest.approx(8.5)
    inject = [e for e in result.events if e.event == "inject"]
    assert len(inject) == 1 and inject[0].actor == "Instructor" and inject[0].hours == pytest.approx(32.0)
    assert "Almaty airport is seized" in inject[0].action and "injects.yaml:2" in inject[0].basis
    assert result.outcome == "deployed" and result.personnel_deployed == 2030
    assert any("sorties of 'airlift' hold" in note for note in result.notes)


def test_aircraft_grounded_for_a_day_or_for_good(kz_path, kz_replay, inject_file):
    def complete(result):
        return next(e.hours for e in result.events if e.step == "deployment_complete" and e.event == "end")

    day = run(kz_path,
              injects=inject_file("  - {at: 2022-01-06T12:00+06:00, kind: aircraft_grounded, aircraft: 60, hours: 24}\n"))
    assert complete(day) > complete(kz_replay) + 12
    everything = run(kz_path, injects=inject_file("  - {at: 2022-01-06T12:00+06:00, kind: aircraft_grounded, aircraft: 75}\n"))
    # Planes already loading or in the air still fly; none takes off after that, so the airlift never ends.
    assert ("airlift", "Russia") in [(s.step, s.member) for s in everything.stalls]
    assert not any(e.event in ("departure", "first_departure") and e.step == "airlift" and e.hours > 36 + 6
                   for e in everything.events)
    assert 0 < everything.personnel_deployed < 2030


def test_member_objects_in_the_next_body_to_decide(kz_path, inject_file):
    council = run(kz_path, injects=inject_file("  - {at: 2022-01-06T01:00+06:00, kind: member_objects, member: Belarus}\n"))
    assert council.outcome == "declined" and "Belarus objects" in council.outcome_text()
    # After the Council's decision the next body to decide is the defence ministers' (withdrawal).
    later = run(kz_path, injects=inject_file("  - {at: 2022-01-12T00:00+06:00, kind: member_objects, member: Belarus}\n"))
    assert later.outcome == "deployed"
    assert any(e.step == "withdrawal_decision" and e.outcome == "blocked" for e in later.events)
    assert not any(e.step == "withdrawal" for e in later.events)
    assert "Council of Defence Ministers" in later.notes[0]
    late = run(kz_path,
               injects=inject_file("  - {at: 2022-01-07T00:00+06:00, kind: member_objects, member: Belarus, body: csc}\n"))
    assert late.outcome == "deployed" and "has no effect" in late.notes[0]


def test_injects_in_predictive_mode_are_reproducible(kz_path, inject_file):
    path = inject_file("  - {at: 2022-01-06T08:00+06:00, kind: airport_seized, hours: 6}\n")
    a, b = (run(kz_path, mode="predictive", seed=4, injects=path) for _ in range(2))
    plain = run(kz_path, mode="predictive", seed=4)
    assert a.events == b.events
    assert a.events != plain.events
