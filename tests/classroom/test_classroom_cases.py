"""Every shipped case played through a classroom session from Python, to the debrief (issue 17, point 3)."""

from __future__ import annotations

import json

import pytest
from classroom_play import armenia_objects
from conftest import ROOT

from simulator.base.errors import UserError
from simulator.classroom import Refused, create_session

CASES = sorted((ROOT / "scenarios").glob("*.yaml"))


def play_to_the_end(session, dissent: bool):
    """Step on; at each decision open the vote, let every student vote (one seat against history), close."""
    steps = 0
    while not session.at_end():
        assert steps < 5000, "the session never reached its end"
        steps += 1
        try:
            session.step(1)
            continue
        except Refused as exc:
            assert "open the vote first" in str(exc)
        vote = session.open_vote()
        for client, student in session.students.items():
            seat = session.seat_of(student, vote.point)
            if seat is None:
                continue
            others = [a for a in seat.options if a != seat.history]
            session.vote(client, others[0] if dissent and others and seat is vote.point else seat.history)
        session.decide()
    session.report = session.debrief()
    return session


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_every_shipped_case_plays_to_the_debrief(case):
    following = play_to_the_end(create_session(case), dissent=False)  # nobody joined: every seat as in history
    assert following.current.outcome == following.history.outcome
    assert "followed the record's path" in following.report.verdict()
    session = create_session(case)
    for i in range(4):
        session.join(session.code, f"student {i}", f"client-{i:04d}")
    play_to_the_end(session, dissent=True)
    view = session.teacher_view()
    assert view["end"] and view["position"] == view["total"] > 0
    assert view["debrief"]["verdict"]
    if not session.points:
        assert "no decision point" in view["no_points"]
        assert session.student_view("client-0000")["no_points"]
        return
    saved = session.saved()
    taken = {d["point"] for d in saved["decisions"]}
    assert taken | set(saved["not_reached"]) == {p.id for p in session.points}
    # the class's answers are the seats' majorities: the lesson's own seat dissented wherever it could
    for decision in saved["decisions"]:
        assert decision["ballots"] and decision["closed_s"] >= decision["opened_s"]
    assert saved["outcome"]["class"] == session.current.outcome


def test_the_classroom_finds_what_history_would_not_have_done(kz_path):
    """Kazakhstan 2022: Armenia (the CSC's chair) objects, and the class's path is no deployment."""
    session = armenia_objects(kz_path)
    assert session.current.outcome != session.history.outcome == "deployed"
    assert session.teacher_view()["paths"]["class"]["personnel"] == 0
    play_to_the_end(session, dissent=False)
    assert "csc" in session.report.verdict() and "changed the outcome" in session.report.verdict()


def test_a_lesson_files_decisions_are_the_classes():
    """Armenia May 2021 with its lesson: the class takes the Secretary General's assessment, and a mission changes it."""
    session = create_session(ROOT / "scenarios" / "armenia-2021-05.yaml", ROOT / "lessons" / "armenia-2021-05.yaml")
    assert [(p.id, list(p.options)) for p in session.points] == [("assessment", ["no_measures", "mission", "measures"])]
    for i in range(3):
        assert session.join(session.code, f"student {i}", f"client-{i:04d}").role == "the Secretary General and Secretariat"
    play_to_the_end(session, dissent=True)
    assert session.answers == {"assessment": "mission"}
    assert "changed the outcome: assessment" in session.report.verdict()


def test_the_timeline_reads_in_the_cases_clock_with_each_actors_time_beside(kz_path):
    session = create_session(kz_path)
    session.position = len(session.timeline())
    shown = session.teacher_view()["timeline"]
    assert {row["when"].rsplit(" ", 1)[1] for row in shown} == {"UTC+6"}  # Almaty's clock, the case's zone
    assert [row["when"] for row in shown] == sorted(row["when"] for row in shown)
    belarus = next(row for row in shown if row["actor"] == "Belarus")
    assert belarus["local"].endswith("UTC+3")  # Minsk's own clock beside it
    assert all(row["local"] == "" for row in shown if row["actor"] == "Kazakhstan")


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_a_saved_session_resumes_where_the_class_left_it(case, tmp_path):
    """Saved from the teacher's page at the end (and once after the first decision), then resumed:
    the same answers, path, place and debrief, and the saved file comes out the same."""
    session = create_session(case, mode="predictive", seed=3)
    for i in range(4):
        session.join(session.code, f"student {i}", f"client-{i:04d}")
    play_to_the_end(session, dissent=True)
    saved = tmp_path / "session.json"
    saved.write_text(json.dumps(session.saved()), encoding="utf-8")
    resumed = create_session(case, resume=saved)
    assert (resumed.mode, resumed.seed) == ("predictive", 3)
    assert resumed.answers == session.answers and resumed.current.outcome == session.current.outcome
    assert resumed.current.events == session.current.events
    assert (resumed.position, resumed.skipped, resumed.at_end()) == (session.position, session.skipped, True)
    again = resumed.saved()
    for key in ("decisions", "answers", "not_reached", "outcome", "debrief"):
        assert again[key] == session.saved()[key], key
    if not session.votes:
        return
    resumed.reopen()  # the last closing, taken back as in the session it was saved from
    assert resumed.open().point.id == list(session.votes)[-1] and resumed.report is None


def test_a_resumed_session_goes_on_from_its_last_decision(kz_path, tmp_path):
    session = armenia_objects(kz_path)
    saved = tmp_path / "session.json"
    saved.write_text(json.dumps(session.saved()), encoding="utf-8")
    resumed = create_session(kz_path, resume=saved)
    assert resumed.current.outcome == "declined" and resumed.position == session.position
    assert not resumed.at_end() and resumed.report is None
    resumed.join(resumed.code, "Bo", "client-bo")  # a student of the new lesson
    play_to_the_end(resumed, dissent=False)
    assert "csc" in resumed.report.verdict()
    (decision,) = resumed.saved()["decisions"]
    assert decision["ballots"] == [{"name": "Ana", "role": "Armenia", "answer": "object",
                                    "after_s": decision["ballots"][0]["after_s"]}]


def test_a_variant_is_played_in_class_as_its_own_case():
    """A what-if file (kz-half-aircraft: half the aircraft) is served like a scenario, on its base case."""
    variant = ROOT / "scenarios" / "variants" / "kz-half-aircraft.yaml"
    session = play_to_the_end(create_session(variant), dissent=False)
    assert session.scenario.scenario == "kz-half-aircraft" and session.history.outcome == "deployed"
    assert session.teacher_view()["case"]["title"] == session.scenario.title != ""


def test_the_instructors_injects_are_on_the_class_path_not_on_history(kz_path, tmp_path):
    injects = ROOT / "lessons" / "kazakhstan-2022-injects.yaml"
    session = create_session(kz_path, inject=injects)
    assert [e.step for e in session.current.events if e.step == "inject"] == ["inject", "inject"]
    assert not [e for e in session.history.events if e.step == "inject"]
    assert [e["action"] for e in session.teacher_view()["timeline"]] == []  # nothing shown yet
    play_to_the_end(session, dissent=False)
    shown = [e["action"] for e in session.teacher_view()["timeline"]]
    assert any(a.startswith("inject: ") and "airport" in a for a in shown)
    saved = tmp_path / "session.json"
    saved.write_text(json.dumps(session.saved()), encoding="utf-8")
    assert session.saved()["injects"] == "kazakhstan-2022-injects.yaml"
    resumed = create_session(kz_path, resume=saved, inject=injects)
    assert resumed.current.events == session.current.events
    with pytest.raises(UserError, match="saved with the injects of kazakhstan-2022-injects.yaml"):
        create_session(kz_path, resume=saved)
