"""A new step kind joins from outside the package: one class, one register() call, no other file changed.

The kind 'poll' is defined here: a treaty body's chair sounds out each member of the body,
and the step ends 'majority' when more than half consent, else 'minority'. An invented
three-member pact uses it, and a user's commands (validate, check, run in both modes,
report, export) take it like any shipped kind: its treaty-file rules and outcomes are
checked, its scenario needs are reported, its outcome picks the branch that follows, its
stall text explains an unfinished run, and its events reach events.csv and the OCEL log.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator

import pytest
import yaml

from simulator.cli import main
from simulator.engine.kinds import kind_names, register, unregister
from simulator.engine.kinds.base import StepKind, Trace


class Poll(StepKind):
    """A body's chair sounds out each member; 'majority' when more than half consent, else 'minority'."""

    name = "poll"
    outcomes = ("majority", "minority")

    def check_step(self, step, treaty, check, loc) -> None:
        super().check_step(step, treaty, check, loc)
        if treaty.body(step.actor) is None:
            check.error(loc + ("actor",), "a 'poll' step is run by a treaty body", "name a body as the actor")

    def possible_outcomes(self, step, treaty, scenario) -> tuple[str, ...]:
        behaviour = scenario.bodies.get(step.actor)
        if behaviour is None:  # reported by check_scenario; reachability runs before it
            return self.outcomes
        members = [m.name for m in treaty.active_members(scenario.local_date)]
        return (_result(sum(behaviour.answers.get(m, "consent") == "consent" for m in members), len(members)),)

    def check_scenario(self, step, scenario, check) -> None:
        if step.actor not in scenario.bodies:
            check.error(("bodies",), f"step {step.id!r} needs the behaviour of body {step.actor!r}",
                        f"add bodies: {{{step.actor}: {{answer_h: ...}}}}")

    def waiting_for(self, engine, step, member, trace: Trace) -> str:
        answered = {e.actor for e in trace.events if e.event == "poll"}
        missing = [m for m in engine.forum(engine.treaty.body(step.actor)) if m not in answered]
        return f"waits for the poll answers of {', '.join(missing)}"

    def process(self, engine, step, member) -> Iterator:
        body = engine.treaty.body(step.actor)
        behaviour = engine.scenario.bodies[body.id]
        forum = engine.forum(body)
        opened = engine.env.now
        answers = sorted((engine.member_stream(name).draw(behaviour.answer_h), name) for name in forum)
        in_favour = 0
        for delay, name in answers:
            yield engine.env.timeout(opened + delay - engine.env.now)
            answer = behaviour.answers.get(name, "consent")
            in_favour += answer == "consent"
            engine.log(step, "poll", f"tells the chair: {answer}", actor=(name, engine.member_zone[name]), outcome=answer)
        record = yield from engine.wait(None, None, engine.pin(step.id))
        outcome = _result(in_favour, len(forum))
        engine.log(step, "end", f"{step.action}: {in_favour} of {len(forum)} in favour", outcome=outcome, record=record)
        return outcome


def _result(in_favour: int, members: int) -> str:
    return "majority" if 2 * in_favour > members else "minority"


def _step(id_, label, kind, actor, action, **more):
    return {"id": id_, "label": label, "kind": kind, "phase": more.pop("phase", "decision"), "actor": actor,
            "action": action, "basis": ["Pact Art. 1"], "source": ["P1"], **more}


TREATY = {
    "treaty": "pact",
    "name": "Polling Pact",
    "members": [{"name": name, "timezone": "Europe/Berlin", "joined": "2000-01-01", "source": ["P1"]}
                for name in ("Avalon", "Borduria", "Carpania")],
    "chair_rotation": {"title": "Pact chair", "order": ["Avalon", "Borduria", "Carpania"],
                       "anchor_year": 2020, "anchor_member": "Borduria", "source": ["P1"]},
    "bodies": [{"id": "council", "name": "Pact Council", "composition": "ministers", "rule": "consensus",
                "chaired_by": "chair", "timezone": "chair", "source": ["P1"]}],
    "articles": [{"id": "Pact Art. 1", "instrument": "Pact", "title": "Consultation", "route": "consult",
                  "wordings": [{"version": "2000", "summary": "Members consult.", "source": ["P1"]}]}],
    "procedure": {"start": "ask", "steps": [
        _step("ask", "Request", "act", "requester", "asks the pact for observers", phase="request", next="sounding"),
        _step("sounding", "Sounding out", "poll", "council", "the chair reports the poll",
              next={"majority": "mission", "minority": "regrets"}, establishes={"minority": "consultations_only"}),
        _step("mission", "Observer mission", "act", "council", "sends observers", establishes={"done": "mission_only"}),
        _step("regrets", "Regrets", "act", "chair", "regrets that no mission can be sent"),
    ]},
}
SOURCES = {"P1": {"title": "Polling Pact, invented for this test", "urls": ["https://example.org/polling-pact"]}}


def _scenario(name: str, answers: dict, **more) -> dict:
    return {
        "scenario": name, "treaty": "pact.yaml", "title": "Avalon asks the pact for observers",
        "origin": "2021-03-01T00:00+00:00", "timezone": "Europe/London",
        "request": {"by": "Avalon", "article": "Pact Art. 1", "source": ["P1"]},
        "durations": {"ask": 5, "mission": [10, 20], "regrets": 1},
        "bodies": {"council": {"answer_h": [2, 8], "answers": answers}},
        "record": [{"id": "polled", "label": "the chair reports the poll", "step": "sounding",
                    "at": "2021-03-01T18:00+00:00", "source": ["P1"]}],
        **more,
    }


def _write(folder, treaty=TREATY, **cases) -> dict:
    (folder / "pact.yaml").write_text(yaml.safe_dump(treaty, sort_keys=False))
    (folder / "pact.sources.yaml").write_text(yaml.safe_dump(SOURCES, sort_keys=False))
    paths = {}
    for name, data in cases.items():
        paths[name] = folder / f"{name}.yaml"
        paths[name].write_text(yaml.safe_dump(data, sort_keys=False))
    return paths


@pytest.fixture
def poll():
    kind = register(Poll())
    yield kind
    unregister(kind.name)


def _cli(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, " ".join(captured.out.split()), " ".join(captured.err.split())


def _events(folder) -> list[dict]:
    with (folder / "events.csv").open(newline="") as f:
        return list(csv.DictReader(f))


def test_a_registered_kind_runs_through_every_command(poll, tmp_path, capsys):
    paths = _write(tmp_path, agreed=_scenario("agreed", {"Borduria": "object"}),
                   refused=_scenario("refused", {"Borduria": "object", "Carpania": "abstain"}))

    code, out, _ = _cli(capsys, "validate", paths["agreed"], paths["refused"])
    assert code == 0 and out.count("✓") == 2, out

    code, out, _ = _cli(capsys, "check", tmp_path / "pact.yaml")
    assert code == 0 and "4 steps" in out and "0 forbidden-path rules" in out, out
    code, out, _ = _cli(capsys, "check", paths["agreed"])
    assert code == 0 and "its runs can reach 3 steps: ask, sounding, mission" in out, out
    code, out, _ = _cli(capsys, "check", paths["refused"])
    assert code == 0 and "its runs can reach 3 steps: ask, sounding, regrets" in out, out

    for case, taken, skipped, outcome in (("agreed", "mission", "regrets", "mission_only"),
                                          ("refused", "regrets", "mission", "consultations_only")):
        for mode in ("replay", "predictive"):
            out_dir = tmp_path / f"{case}-{mode}"
            code, _, err = _cli(capsys, "run", paths[case], "--mode", mode, "--seed", 3, "--out", out_dir, "--quiet")
            assert code == 0, err
            rows = _events(out_dir)
            polled = [r for r in rows if r["step"] == "sounding"]
            assert [r["event"] for r in polled] == ["start", "poll", "poll", "poll", "end"], (case, mode)
            assert {r["actor"] for r in polled if r["event"] == "poll"} == {"Avalon", "Borduria", "Carpania"}
            end = polled[-1]
            assert end["outcome"] == ("majority" if case == "agreed" else "minority")
            assert (end["pinned"] == "yes") == (mode == "replay")  # the record dates the poll's end
            following = [r for r in rows if int(r["seq"]) > int(end["seq"])]
            assert following[0]["step"] == taken and not [r for r in rows if r["step"] == skipped]
            assert json.loads((out_dir / "outcome.json").read_text())["outcome"] == outcome

    report = tmp_path / "report.html"
    code, out, err = _cli(capsys, "report", paths["agreed"], "-o", report)
    assert code == 0, err
    assert "Sounding out" in report.read_text(encoding="utf-8")

    log = tmp_path / "agreed-ocel.json"
    code, out, err = _cli(capsys, "export", paths["agreed"], "-f", "ocel2-json", "-o", log)
    assert code == 0, err
    events = [e for e in json.loads(log.read_text())["events"] if e["type"].startswith("Sounding out: ")]
    assert sorted({e["type"] for e in events}) == ["Sounding out: end", "Sounding out: poll", "Sounding out: start"]
    assert len(events) == 5
    answers = [e for e in events if e["type"] == "Sounding out: poll"]
    assert {a["value"] for e in answers for a in e["attributes"] if a["name"] == "outcome"} == {"consent", "object"}
    for fmt in ("ocel2-sqlite", "ocel2-xml"):  # the standard's other two formats hold the same events
        code, out, err = _cli(capsys, "export", paths["agreed"], "-f", fmt, "-o", tmp_path / f"agreed.{fmt[6:]}")
        assert code == 0, err
        assert f"{len(json.loads(log.read_text())['events'])} events" in " ".join(out.split())


def test_the_kind_explains_an_unfinished_run(poll, tmp_path, capsys):
    slow = _scenario("slow", {}, horizon_days=1, record=[])
    slow["bodies"]["council"]["answer_h"] = 100
    paths = _write(tmp_path, slow=slow)
    code, out, _ = _cli(capsys, "run", paths["slow"], "--mode", "predictive", "--out", tmp_path / "out")
    assert code == 0
    assert ("did not finish: step 'sounding' (Pact Council): waits for the poll answers of Avalon, Borduria, Carpania"
            in out), out


def test_the_kinds_rules_are_checked_like_the_shipped_ones(poll, tmp_path, capsys):
    treaty = json.loads(json.dumps(TREATY))
    steps = treaty["procedure"]["steps"]
    steps[1]["actor"] = "chair"
    steps[1]["next"]["majoriti"] = steps[1]["next"].pop("majority")
    steps[3]["kind"] = "pol"
    paths = _write(tmp_path, treaty=treaty, agreed=_scenario("agreed", {}))
    code, _, err = _cli(capsys, "validate", paths["agreed"])
    assert code == 2
    for expected in ("pact.yaml:", "procedure.steps[1].actor: a 'poll' step is run by a treaty body",
                     "unknown outcome of a 'poll' step 'majoriti'", "did you mean 'majority'?",
                     "procedure.steps[3].kind: unknown step kind 'pol'", "did you mean 'poll'?"):
        assert expected in err, expected

    missing = _scenario("missing", {})
    del missing["bodies"]
    paths = _write(tmp_path, missing=missing)
    code, _, err = _cli(capsys, "validate", paths["missing"])
    assert code == 2 and "step 'sounding' needs the behaviour of body 'council'" in err, err


def test_without_registration_the_kind_is_unknown(tmp_path, capsys):
    assert "poll" not in kind_names()  # the fixture unregistered it: the other tests see the shipped kinds only
    paths = _write(tmp_path, agreed=_scenario("agreed", {}))
    code, _, err = _cli(capsys, "validate", paths["agreed"])
    assert code == 2
    assert "procedure.steps[1].kind: unknown step kind 'poll'" in err
    assert "known: act, request, choose, decide, assist, approve, move, join, operate" in err
