"""'join': all contingents still taking part have finished the previous step.

The engine holds a join until every contingent reached it (or left the operation); the
step itself only counts the force and logs it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from simulator.engine.kinds.base import StepKind

if TYPE_CHECKING:
    from simulator.engine.core import Engine
    from simulator.model.treaty import Step


class Join(StepKind):
    """The contingents come together: the force in place, counted."""

    name = "join"
    outcomes = ("done",)

    def process(self, engine: Engine, step: Step, member: str | None) -> Iterator:
        """Log the personnel and contingents taking part (at the record's time in replay)."""
        record = yield from engine.wait(None, None, engine.pin(step.id))
        total = sum(engine.scenario.contingents[m].personnel.modelled for m in engine.active)
        engine.log(
            step, "end", f"{step.action}: {total:,} personnel in {len(engine.active)} contingents",
            outcome="done", record=record,
        )
        return "done"
