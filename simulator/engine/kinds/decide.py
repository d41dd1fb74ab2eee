"""'decide': a treaty body decides by consensus, in session or by silence procedure."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from simulator.engine.kinds.base import StepKind, Trace
from simulator.engine.state import Decision

if TYPE_CHECKING:
    from simulator.engine.core import Engine
    from simulator.files.validation import Checker
    from simulator.model.scenario import Scenario
    from simulator.model.treaty import Step, Treaty

# How the event log words a member's answer (the action text; exports word it their own way).
VERBS = {"consent": "consents", "object": "objects", "abstain": "abstains", "absent": "does not take part or sign"}


class Decide(StepKind):
    """A body decides by consensus among its forum: each member answers after its own delay.

    An objection blocks; abstention and non-participation block when the body's rule says so.
    Consent binds no member to contribute forces: contributions are approved nationally.
    With the scenario's ``silence_h`` the text circulates instead, and only an objection
    before the deadline (breaking silence) stops it.
    """

    name = "decide"
    outcomes = ("adopted", "blocked")
    timed_by_history = True

    def check_step(self, step: Step, treaty: Treaty, check: Checker, loc: tuple) -> None:
        """The actor is a body with a decision rule."""
        super().check_step(step, treaty, check, loc)
        body = treaty.body(step.actor)
        if body is None or body.rule == "none":
            check.error(loc + ("actor",), "a 'decide' step needs a body with a decision rule")

    def possible_outcomes(self, step: Step, treaty: Treaty, scenario: Scenario) -> tuple[str, ...]:
        """Blocked when the scenario gives a member an answer that blocks in this body, else adopted.

        Under a silence procedure only an objection before the deadline blocks, so a late one adopts.
        """
        behaviour = scenario.behaviour(step)
        body = treaty.body(step.actor)
        if behaviour is None:
            return ("adopted",)
        if behaviour.silence_h is not None:
            return _silence_outcomes(behaviour, pinned=any(e.step == step.id for e in scenario.record))
        blocking = any(body.blocked_by(a) for a in behaviour.answers.values())
        return ("blocked",) if blocking else ("adopted",)

    def check_scenario(self, step: Step, scenario: Scenario, check: Checker) -> None:
        """The scenario says how the body behaves (answer and drafting times, answers)."""
        if scenario.behaviour(step) is None:
            check.error(("bodies",), f"step {step.id!r} needs the behaviour of body {step.actor!r}",
                        f"add bodies: {{{step.actor}: {{answer_h: ..., drafting_h: ...}}}}, "
                        f"or decisions: {{{step.id}: {{...}}}} for this decision alone")

    def scaffold_fields(self, step: Step, treaty: Treaty) -> dict[str, dict]:
        """The body's answer and drafting times; no convene_h, so it meets when the treaty's history says."""
        return {"bodies": {step.actor: {"answer_h": [1, 6], "drafting_h": [0.5, 2]}}}

    def waiting_for(self, engine: Engine, step: Step, member: str | None, trace: Trace) -> str:
        """The members yet to answer, or the text still being drafted."""
        body = engine.treaty.body(step.actor)
        answered = {e.actor for e in trace.events if e.event == "answer"}
        missing = [m for m in engine.members if m not in answered]
        if missing:
            return f"waits for the answer{'s' if len(missing) > 1 else ''} of {', '.join(missing)}"
        return f"all members answered; waits for the {body.name}'s text to be adopted"

    def process(self, engine: Engine, step: Step, member: str | None) -> Iterator:
        """Convene (when the body meets), collect the answers in order, then draft and adopt."""
        env = engine.env
        body = engine.treaty.body(step.actor)
        behaviour = engine.scenario.behaviour(step)
        forum = engine.forum(body)
        pin = engine.pin(step.id)
        if behaviour.silence_h is not None:
            return (yield from _silence(engine, step, body, behaviour, forum, pin))
        # A decide step's own entry in durations overrides the body's convene_h (e.g. a second session weeks later).
        convene = engine.scenario.durations.get(step.id, behaviour.convene_h)
        stream = engine.stream(step)
        if convene is None and not engine.scenario.durations and step.history_h is not None:
            convene, stream = step.history_h, engine.history_stream(stream)  # no durations of its own: history
        if convene is not None:
            # In replay a dated decision places the session so that answers and drafting end on the date.
            lead = 0.0
            if pin is not None:
                slowest = max(behaviour.answer_h_by_member.get(m, behaviour.answer_h).median() for m in forum)
                lead = slowest + behaviour.drafting_h.median()
            yield from engine.wait(convene, stream, pin, lead=lead)
            engine.log(step, "session", f"the {body.name} meets ({len(forum)} members)", outcome="convened")
        opened = env.now
        for delay, _, name, answer in _answers(engine, behaviour, forum):
            yield env.timeout(max(0.0, opened + delay - env.now))
            engine.log(step, "answer", f"{VERBS[answer]} in the {body.name}", actor=(name, engine.member_zone[name]),
                       outcome=answer)
            if body.blocked_by(answer):
                return _blocked(engine, step, body, name, answer, f"decision blocked: {name} {VERBS[answer]}; consensus fails")
        record = yield from engine.wait(behaviour.drafting_h, engine.stream(step), pin)
        engine.log(step, "end", step.action, outcome="adopted", record=record)
        engine.state.decisions.append(Decision(step.id, body.name, "adopted", "", env.now))
        return "adopted"


def _silence_outcomes(behaviour, pinned: bool) -> tuple[str, ...]:
    """What a silence procedure can end with: each objection can come before or after the deadline.

    A record entry pins the deadline in replay (anywhere), so then either is possible.
    """
    objections = [behaviour.answer_h_by_member.get(m, behaviour.answer_h).bounds()
                  for m, answer in behaviour.answers.items() if answer == "object"]
    if not objections:
        return ("adopted",)
    earliest_deadline, latest_deadline = (0.0, float("inf")) if pinned else behaviour.silence_h.bounds()
    outcomes = []
    if min(low for low, _ in objections) <= latest_deadline:
        outcomes.append("blocked")
    if all(high > earliest_deadline for _, high in objections):
        outcomes.append("adopted")
    return tuple(outcomes)


def _answers(engine: Engine, behaviour, forum: list[str]) -> list[tuple[float, int, str, str]]:
    """(delay, order, member, answer) for every member of the forum, earliest first."""
    answers = []
    for order, name in enumerate(forum):
        dist = behaviour.answer_h_by_member.get(name, behaviour.answer_h)
        delay = engine.member_stream(name).draw(dist)
        answers.append((delay, order, name, behaviour.answers.get(name, "consent")))
    return sorted(answers)


def _blocked(engine: Engine, step: Step, body, name: str, answer: str, text: str) -> str:
    engine.log(step, "end", text, outcome="blocked")
    engine.state.decisions.append(Decision(step.id, body.name, "blocked", name, engine.env.now, VERBS[answer]))
    return "blocked"


def _silence(engine: Engine, step: Step, body, behaviour, forum: list[str], pin) -> Iterator:
    env = engine.env
    opened = env.now
    deadline = max(opened, pin[0]) if pin is not None else opened + engine.stream(step).draw(behaviour.silence_h)
    engine.log(step, "circulate", f"text circulated to {len(forum)} members under the silence procedure",
               outcome="circulated")
    for delay, _, name, answer in _answers(engine, behaviour, forum):
        if answer == "object" and opened + delay <= deadline:
            yield env.timeout(opened + delay - env.now)
            engine.log(step, "answer", f"breaks silence in the {body.name}", actor=(name, engine.member_zone[name]),
                       outcome="object")
            return _blocked(engine, step, body, name, "object", f"silence broken by {name}; no consensus")
    record = yield from engine.wait(None, None, pin)
    if pin is None:
        yield env.timeout(deadline - env.now)
    engine.log(step, "end", f"{step.action} (silence not broken)", outcome="adopted", record=record)
    engine.state.decisions.append(Decision(step.id, body.name, "adopted", "", env.now))
    return "adopted"
