"""Step handlers: how each kind of procedure step unfolds in simulated time.

Each handler is a SimPy generator ``handler(engine, step, member) -> outcome``; the outcome
selects the next steps in the decision network.
"""

from __future__ import annotations

from typing import Iterator

from ..treaties.model import Step
from .approval import approve
from .choices import choose, request
from .core import Decision, Engine
from .movement import move


def act(engine: Engine, step: Step, member: str | None) -> Iterator:
    """One actor does one thing, taking a drawn duration or until the record's time."""
    durations = engine.scenario.durations
    dist = durations.get(step.id, step.duration_h)
    if member is not None:
        dist = engine.scenario.contingents[member].durations.get(step.id, dist)
    stream = engine.stream(step, member)
    record = yield from engine.wait(dist, stream, engine.pin(step.id, member))
    engine.log(step, "end", step.action, member, outcome="done", record=record)
    return "done"


VERBS = {"consent": "consents", "object": "objects", "abstain": "abstains", "absent": "does not take part or sign"}


def _blocks(body, answer: str) -> bool:
    return answer == "object" or (answer == "abstain" and body.abstention == "blocks") or (
        answer == "absent" and body.non_participation == "blocks"
    )


def decide(engine: Engine, step: Step, member: str | None) -> Iterator:
    """A body decides by consensus: each member answers after its own delay.

    An objection blocks; abstention and non-participation block when the body's rule says so.
    Consent binds no member to contribute forces: contributions are approved nationally.
    """
    env = engine.env
    body = engine.treaty.body(step.actor)
    behaviour = engine.scenario.bodies[body.id]
    pin = engine.pin(step.id)
    if behaviour.convene_h is not None:
        # In replay a dated decision places the session so that answers and drafting end on the date.
        lead = 0.0
        if pin is not None:
            slowest = max(behaviour.answer_h_by_member.get(m, behaviour.answer_h).median() for m in engine.members)
            lead = slowest + behaviour.drafting_h.median()
        yield from engine.wait(behaviour.convene_h, engine.stream(step), pin, lead=lead)
        engine.log(step, "session", f"the {body.name} meets", outcome="convened")
    opened = env.now
    answers = []
    for order, name in enumerate(engine.members):
        dist = behaviour.answer_h_by_member.get(name, behaviour.answer_h)
        delay = engine.member_stream(name).draw(dist)
        answers.append((delay, order, name, behaviour.answers.get(name, "consent")))
    answers.sort()
    for delay, _, name, answer in answers:
        yield env.timeout(max(0.0, opened + delay - env.now))
        zone = engine.member_zone[name]
        engine.log(step, "answer", f"{VERBS[answer]} in the {body.name}", actor=(name, zone), member=None, outcome=answer)
        if _blocks(body, answer):
            engine.log(step, "end", f"decision blocked: {name} {VERBS[answer]}; consensus fails", outcome="blocked")
            engine.state.decisions.append(Decision(step.id, body.name, "blocked", name, env.now, VERBS[answer]))
            return "blocked"
    record = yield from engine.wait(behaviour.drafting_h, engine.stream(step), pin)
    engine.log(step, "end", step.action, outcome="adopted", record=record)
    engine.state.decisions.append(Decision(step.id, body.name, "adopted", "", env.now))
    return "adopted"


def operate(engine: Engine, step: Step, member: str | None) -> Iterator:
    """The deployed force takes its sites under guard and holds them."""
    for name in engine.active:
        sites = engine.scenario.contingents[name].sites
        if sites:
            engine.log(step, "guard", f"takes under guard: {', '.join(sites)}", member=name,
                       actor=(name, engine.member_zone[name]))
    dist = engine.scenario.durations.get(step.id, step.duration_h)
    record = yield from engine.wait(dist, engine.stream(step), engine.pin(step.id))
    engine.log(step, "end", "operation's main tasks done", outcome="done", record=record)
    return "done"


def join(engine: Engine, step: Step, member: str | None) -> Iterator:
    """All contingents still taking part have finished the previous step."""
    record = yield from engine.wait(None, None, engine.pin(step.id))
    total = sum(engine.scenario.contingents[m].personnel.modelled for m in engine.active)
    engine.log(
        step, "end", f"{step.action}: {total:,} personnel in {len(engine.active)} contingents",
        outcome="done", record=record,
    )
    return "done"


HANDLERS = {"act": act, "request": request, "choose": choose, "decide": decide, "operate": operate, "join": join, "approve": approve, "move": move}
