"""Steps whose outcome is a choice: the request (whether, to whom, under which article) and
'choose' steps (an actor picks one of the options the treaty allows)."""

from __future__ import annotations

from collections.abc import Iterator

from simulator.model.treaty import Step
from simulator.network.admissibility import admissibility


def request(engine, step: Step, member: str | None) -> Iterator:
    """The affected state's request; its outcome opens the branch the treaty gives it."""
    outcome, text = admissibility(engine.scenario, engine.treaty, engine.members)
    record = yield from engine.take_time(step)
    cite = tuple(engine.scenario.request.source) or None
    engine.log(step, "end", text, outcome=outcome, record=record, cite=cite)
    return outcome


def choose(engine, step: Step, member: str | None) -> Iterator:
    """An actor takes one of the step's options, after the step's drawn duration."""
    option = engine.choice(step)
    record = yield from engine.take_time(step)
    engine.log(step, "end", f"{step.action}: {step.options[option]}", outcome=option, record=record)
    return option
