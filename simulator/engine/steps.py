"""Step handlers: how each kind of procedure step unfolds in simulated time.

Each handler is a SimPy generator ``handler(engine, step, member) -> outcome``; the outcome
selects the next steps in the decision network.
"""

from __future__ import annotations

from collections.abc import Iterator

from simulator.engine.approval import approve
from simulator.engine.choices import choose, request
from simulator.engine.core import Engine
from simulator.engine.council import assist, decide
from simulator.engine.movement import move
from simulator.model.treaty import Step


def act(engine: Engine, step: Step, member: str | None) -> Iterator:
    """One actor does one thing, taking a drawn duration or until the record's time."""
    record = yield from engine.take_time(step, member)
    engine.log(step, "end", step.action, member, outcome="done", record=record)
    return "done"


def operate(engine: Engine, step: Step, member: str | None) -> Iterator:
    """The deployed force takes its sites under guard and holds them."""
    for name in engine.active:
        sites = engine.scenario.contingents[name].sites
        if sites:
            engine.log(step, "guard", f"takes under guard: {', '.join(sites)}", member=name,
                       actor=(name, engine.member_zone[name]))
    record = yield from engine.take_time(step)
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


HANDLERS = {"act": act, "request": request, "choose": choose, "assist": assist, "decide": decide, "operate": operate, "join": join, "approve": approve, "move": move}
