"""Collective steps: a body deciding by consensus (in session or by silence procedure), and
assistance that each member offers on its own account."""

from __future__ import annotations

from collections.abc import Iterator

from simulator.engine.core import Decision
from simulator.model.treaty import Step

VERBS = {"consent": "consents", "object": "objects", "abstain": "abstains", "absent": "does not take part or sign"}


def _answers(engine, behaviour, forum: list[str]) -> list[tuple[float, int, str, str]]:
    """(delay, order, member, answer) for every member of the forum, earliest first."""
    answers = []
    for order, name in enumerate(forum):
        dist = behaviour.answer_h_by_member.get(name, behaviour.answer_h)
        delay = engine.member_stream(name).draw(dist)
        answers.append((delay, order, name, behaviour.answers.get(name, "consent")))
    return sorted(answers)


def _blocked(engine, step: Step, body, name: str, answer: str, text: str) -> str:
    engine.log(step, "end", text, outcome="blocked")
    engine.state.decisions.append(Decision(step.id, body.name, "blocked", name, engine.env.now, VERBS[answer]))
    return "blocked"


def decide(engine, step: Step, member: str | None) -> Iterator:
    """A body decides by consensus among its forum: each member answers after its own delay.

    An objection blocks; abstention and non-participation block when the body's rule says so.
    Consent binds no member to contribute forces: contributions are approved nationally.
    With the scenario's ``silence_h`` the text circulates instead, and only an objection
    before the deadline (breaking silence) stops it.
    """
    env = engine.env
    body = engine.treaty.body(step.actor)
    behaviour = engine.scenario.bodies[body.id]
    forum = engine.forum(body)
    pin = engine.pin(step.id)
    if behaviour.silence_h is not None:
        return (yield from _silence(engine, step, body, behaviour, forum, pin))
    # A decide step's own entry in durations overrides the body's convene_h (e.g. a second session weeks later).
    convene = engine.scenario.durations.get(step.id, behaviour.convene_h)
    if convene is not None:
        # In replay a dated decision places the session so that answers and drafting end on the date.
        lead = 0.0
        if pin is not None:
            slowest = max(behaviour.answer_h_by_member.get(m, behaviour.answer_h).median() for m in forum)
            lead = slowest + behaviour.drafting_h.median()
        yield from engine.wait(convene, engine.stream(step), pin, lead=lead)
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


def _silence(engine, step: Step, body, behaviour, forum: list[str], pin) -> Iterator:
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


def assist(engine, step: Step, member: str | None) -> Iterator:
    """Each member decides its own assistance, on its own date: an obligation that binds members
    individually, not a collective decision. 'offered' when at least one member offers help."""
    env = engine.env
    offers = engine.scenario.assistance
    names = [m for m in engine.members if m in offers]
    pending = [env.process(_offer(engine, step, name, offers[name])) for name in names]
    if pending:
        yield env.all_of(pending)
    given = [name for name in names if offers[name].offer]
    text = f"{len(given)} of the {len(names)} members named offered assistance" + (f": {', '.join(given)}" if given else "")
    engine.log(step, "end", text, outcome="offered" if given else "none")
    return "offered" if given else "none"


def _offer(engine, step: Step, name: str, offer) -> Iterator:
    stream = engine.member_stream(name)
    record = yield from engine.wait(offer.delay_h, stream, engine.pin(step.id, name, "offer"))
    actor = (name, engine.member_zone[name])
    cite = tuple(offer.source)
    if offer.offer:
        engine.log(step, "offer", f"offers {offer.offer}", name, actor=actor, outcome="offered", record=record, cite=cite)
    else:
        why = f" ({offer.reason})" if offer.reason else ""
        engine.log(step, "offer", f"offers nothing{why}", name, actor=actor, outcome="none", record=record, cite=cite)
