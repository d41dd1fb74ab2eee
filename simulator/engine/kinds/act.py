"""'act': one actor does one thing, taking a drawn duration (or until the record's time)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from simulator.engine.kinds.base import StepKind

if TYPE_CHECKING:
    from simulator.engine.core import Engine
    from simulator.files.validation import Checker
    from simulator.model.scenario import Scenario
    from simulator.model.treaty import Step


class Act(StepKind):
    """One actor does one thing; a per-contingent step may take each contingent its own time."""

    name = "act"
    timed_by_history = True
    outcomes = ("done",)
    contingent_durations = True

    def check_scenario(self, step: Step, scenario: Scenario, check: Checker) -> None:
        """A duration: the scenario's (or the treaty's default), or for each contingent its own."""
        if not step.per_contingent:
            if scenario.duration_of(step) is None:
                check.error(("durations",), f"no duration for step {step.id!r}", f"add durations: {{{step.id}: hours}}")
            return
        for name in scenario.contingents:
            if scenario.duration_of(step, name) is None:
                check.error(("contingents", name), f"no duration for step {step.id!r}",
                            f"add durations.{step.id} or contingents.{name}.durations.{step.id}")

    def process(self, engine: Engine, step: Step, member: str | None) -> Iterator:
        """Wait the step's duration, then log its end."""
        record = yield from engine.take_time(step, member)
        engine.log(step, "end", step.action, member, outcome="done", record=record)
        return "done"
