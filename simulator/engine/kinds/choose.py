"""'choose': an actor takes one of the options the treaty allows (the scenario says which, or how likely)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from simulator.engine.kinds.base import StepKind

if TYPE_CHECKING:
    from simulator.engine.core import Engine
    from simulator.files.validation import Checker
    from simulator.model.scenario import Scenario
    from simulator.model.treaty import Step, Treaty


class Choose(StepKind):
    """A choice among the step's ``options``; ``default`` is taken when the scenario names none."""

    name = "choose"
    timed_by_history = True
    fields = ("options", "default")

    def outcomes_of(self, step: Step, treaty: Treaty) -> tuple[str, ...]:
        """Each option is an outcome."""
        return tuple(step.options)

    def check_step(self, step: Step, treaty: Treaty, check: Checker, loc: tuple) -> None:
        """Options are needed; a default must be one of them."""
        super().check_step(step, treaty, check, loc)
        if not step.options:
            check.error(loc + ("options",), "a 'choose' step needs options", "add options: {name: meaning}")
        elif step.default is not None:
            check.known(loc + ("default",), step.default, tuple(step.options), "option")

    def possible_outcomes(self, step: Step, treaty: Treaty, scenario: Scenario) -> tuple[str, ...]:
        """The scenario's choice, the options it gives a chance, or the default; else any option."""
        value = scenario.choices.get(step.id, step.default)
        if isinstance(value, dict):
            return tuple(option for option, p in value.items() if p > 0)
        return (value,) if value is not None else tuple(step.options)

    def check_scenario(self, step: Step, scenario: Scenario, check: Checker) -> None:
        """Without a default, the scenario must choose."""
        if step.id not in scenario.choices and step.default is None:
            options = ", ".join(step.options)
            check.error(("choices",), f"step {step.id!r} needs a choice", f"add choices: {{{step.id}: one of {options}}}")

    def scaffold_fields(self, step: Step, treaty: Treaty) -> dict[str, dict]:
        """Without a default, the first option (the record's to be filled in)."""
        return {} if step.default is not None else {"choices": {step.id: next(iter(step.options))}}

    def process(self, engine: Engine, step: Step, member: str | None) -> Iterator:
        """Take the step's drawn time, then log the option taken."""
        option = engine.choice(step)
        record = yield from engine.take_time(step)
        engine.log(step, "end", f"{step.action}: {step.options[option]}", outcome=option, record=record)
        return option
