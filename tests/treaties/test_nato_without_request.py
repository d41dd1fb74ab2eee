"""A situation reaches the North Atlantic Council with no Art. 4 request (issue 14, "a silence procedure
before a request"): the Council, which sits permanently (NAT Art. 9), takes it up and agrees a statement
under the silence procedure. Checked through `validate`, `check` and `run` in both modes, as a user sees
them: the outcome class, the deciding step and the statement in the event log."""

from __future__ import annotations

import json

import pytest
from conftest import SCENARIOS

from simulator.cli import main

SILENCE_H = 24  # the deadline the Secretary General sets; answers come within 1-10 h


def _unasked(to: str, answers: dict | None = None):
    """The Przewodów case (Nov 2022) with the request `to` and the Council taking the situation up."""

    def change(data):
        data["request"]["to"] = to
        data["record"][0]["outcome"] = to
        data["choices"] = {"council_takes_up": "statement"}
        data["decisions"] = {"council_statement": {"silence_h": SILENCE_H, "answer_h": [1, 10], "answers": answers or {}}}
        data["durations"]["council_takes_up"] = {"triangular": [2, 12, 24]}
        data["recorded"] = {"outcome": "consultations_only" if not answers else "no_action", "source": ["N105"]}

    return change


@pytest.fixture(autouse=True)
def _wide(monkeypatch):
    from simulator import cli

    monkeypatch.setattr(cli.out, "width", 200)


def _run(path, mode, out, capsys):
    code = main(["run", str(path), "--mode", mode, "--seed", "1", "--out", str(out), "--events"])
    printed = capsys.readouterr().out
    outcome = json.loads((out / "outcome.json").read_text(encoding="utf-8"))
    events = [json.loads(line) for line in (out / "events.jsonl").read_text(encoding="utf-8").splitlines()]
    return code, printed, outcome, events


@pytest.mark.parametrize("to", ["informal", "none"])
def test_validate_and_check_accept_the_route(edit, to, capsys):
    path = edit("nato-poland-2022-11", _unasked(to))
    assert main(["validate", str(path)]) == 0
    assert "✓" in capsys.readouterr().out
    assert main(["check", str(path)]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "its runs can reach 3 steps: request, council_takes_up, council_statement" in text
    assert "no forbidden paths" in text


@pytest.mark.parametrize("mode", ["replay", "predictive"])
@pytest.mark.parametrize("to", ["informal", "none"])
def test_the_council_agrees_a_statement_by_silence_procedure(edit, tmp_path, to, mode, capsys):
    path = edit("nato-poland-2022-11", _unasked(to))
    code, printed, outcome, events = _run(path, mode, tmp_path / "out", capsys)
    assert code == 0, printed
    assert outcome["outcome"] == "consultations_only" and outcome["matches_record"]
    assert outcome["decided_by"]["step"] == "council_statement"
    assert outcome["decided_by"]["actor"] == "North Atlantic Council"
    assert "Outcome: consultations_only: North Atlantic Council (council_statement)" in printed
    assert "text circulated to 30 members under the silence procedure" in printed
    assert "agrees a statement on the situation (silence not broken)" in printed
    statement = [e for e in events if e["step"] == "council_statement"]
    circulated = next(e for e in statement if e["event"] == "circulate")
    adopted = next(e for e in statement if e["event"] == "end")
    assert adopted["outcome"] == "adopted" and adopted["basis"] == "NAT Art. 9"
    assert adopted["hours"] == pytest.approx(circulated["hours"] + SILENCE_H)
    assert not [e for e in statement if e["event"] == "answer"]  # silence: nobody needs to answer
    assert not any(e["step"] == "nac_consultation" for e in events)  # no Art. 4 consultations were asked for


def test_one_objection_before_the_deadline_breaks_silence(edit, tmp_path, capsys):
    path = edit("nato-poland-2022-11", _unasked("informal", answers={"Hungary": "object"}))
    code, printed, outcome, _ = _run(path, "predictive", tmp_path / "out", capsys)
    assert code == 0, printed
    assert "Hungary: breaks silence in the North Atlantic Council" in printed
    assert outcome["outcome"] == "no_action" and outcome["decided_by"]["step"] == "council_statement"


def test_without_a_choice_the_council_does_not_take_it_up(tmp_path, capsys):
    code, printed, outcome, events = _run(SCENARIOS / "nato-poland-2022-11.yaml", "replay", tmp_path / "out", capsys)
    assert code == 0 and outcome["outcome"] == "no_request" and outcome["matches_record"]
    taken_up = next(e for e in events if e["step"] == "council_takes_up" and e["event"] == "end")
    assert taken_up["outcome"] == "not_taken_up"
    assert not any(e["step"] == "council_statement" for e in events)
