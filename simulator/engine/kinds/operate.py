"""'operate': the deployed force takes its sites under guard and holds them for a drawn time."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from simulator.engine.kinds.base import StepKind

if TYPE_CHECKING:
    from simulator.engine.core import Engine
    from simulator.files.validation import Checker
    from simulator.model.scenario import Scenario
    from simulator.model.treaty import Step


class Operate(StepKind):
    """The operation: each contingent still taking part guards its sites until the step's duration ends."""

    name = "operate"
    timed_by_history = True
    outcomes = ("done",)

    def check_scenario(self, step: Step, scenario: Scenario, check: Checker) -> None:
        """A collective operation needs a duration (the scenario's, or the treaty's default)."""
        if not step.per_contingent and scenario.duration_of(step) is None:
            check.error(("durations",), f"no duration for step {step.id!r}", f"add durations: {{{step.id}: hours}}")

    def process(self, engine: Engine, step: Step, member: str | None) -> Iterator:
        """Log each contingent's guarded sites, wait the operation's duration, log its end."""
        for name in engine.active:
            sites = engine.scenario.contingents[name].sites
            if sites:
                engine.log(step, "guard", f"takes under guard: {', '.join(sites)}", member=name,
                           actor=(name, engine.member_zone[name]))
        record = yield from engine.take_time(step)
        engine.log(step, "end", "operation's main tasks done", outcome="done", record=record)
        return "done"
