"""Lesson files (which decisions the class takes) and answer files (the class's answers, prepared)."""

from __future__ import annotations

from pathlib import Path

from simulator.checks.treaty import load_treaty
from simulator.files.validation import Checker, validate_model
from simulator.files.yamlio import load_yaml
from simulator.lesson.points import DecisionPoint, choice_point, council_point, finish, parliament_point
from simulator.model.lesson import Lesson
from simulator.model.scenario import ParliamentStage, Scenario


def load_lesson(path: str | Path, scenario: Scenario, history) -> list[DecisionPoint]:
    """The decision points a lesson file defines, checked against ``scenario`` and its unchanged run."""
    loaded = load_yaml(path)
    lesson = validate_model(Lesson, loaded, "start from lessons/armenia-2021-05.yaml")
    treaty = load_treaty(scenario.treaty)
    check = Checker(loaded)
    members = [m.name for m in treaty.active_members(scenario.local_date)]
    reached = {e.step for e in history.events}
    points = []
    for i, item in enumerate(lesson.points):
        loc = ("points", i)
        if item.kind == "council":
            bodies = [s.actor for s in treaty.procedure.steps if s.kind == "decide" and s.id in reached]
            body = item.body or (bodies[0] if bodies else "")
            if not check.known(loc + ("body",), body, bodies, "body that decides in this case"):
                continue
            if item.member is not None and not check.known(loc + ("member",), item.member, members, "member"):
                continue
            point = council_point(scenario, treaty, history, body, item.member, item.id)
        elif item.kind == "parliament":
            parliaments = [m for m, c in scenario.contingents.items() if any(isinstance(s, ParliamentStage) for s in c.approval)]
            if not parliaments:
                check.error(loc + ("kind",), "no contingent of this scenario needs a parliament's approval")
                continue
            if item.member is not None and not check.known(loc + ("member",), item.member, parliaments,
                                                           "member with a parliament"):
                continue
            point = parliament_point(scenario, treaty, history, item.member, item.id)
        else:
            chosen = [s.id for s in treaty.procedure.steps if s.kind == "choose" and s.id in reached]
            step = item.step or (chosen[0] if chosen else "")
            if not check.known(loc + ("step",), step, chosen, "'choose' step this case reaches"):
                continue
            point = choice_point(scenario, treaty, history, step, item.id)
        point.intro, point.assume = item.intro, item.assume
        points.append(finish(point, scenario))
    ids = [p.id for p in points]
    for i, point_id in enumerate(ids):
        if point_id in ids[:i]:
            check.error(("points", i, "id"), f"two decision points are called {point_id!r}", "give one an id: ...")
    check.raise_if_any()
    return points


def load_answers(path: str | Path, points: list[DecisionPoint]) -> dict[str, str]:
    """A prepared lesson's answers: decision point id -> answer, checked against the points."""
    loaded = load_yaml(path)
    check = Checker(loaded)
    data = loaded.data
    if not isinstance(data, dict):
        check.error((), "an answers file maps decision points to answers, e.g. {csc: object}",
                    "write one line a decision: csc: object")
        check.raise_if_any()
    by_id = {p.id: p for p in points}
    for key, answer in data.items():
        if not check.known((key,), str(key), list(by_id), "decision point"):
            continue
        point = by_id[key]
        if not isinstance(answer, (str, int, float)) or isinstance(answer, bool):
            shown = "true or false" if isinstance(answer, bool) else f"a {'list' if isinstance(answer, list) else 'mapping'}"
            check.error((key,), f"an answer is one word, not {shown}", f"answer one of: {', '.join(point.options)}")
        elif answer in point.unavailable:
            check.error((key,), f"{answer!r} cannot be played: {point.unavailable[answer]}",
                        f"answer one of: {', '.join(point.options)}")
        else:
            check.known((key,), str(answer), list(point.options), f"answer to {key!r}")
    check.raise_if_any()
    return {str(k): str(v) for k, v in data.items()}
