"""'request': the affected state's request; its outcome opens the branch the treaty gives it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from simulator.engine.kinds.base import StepKind
from simulator.network.admissibility import admissibility

if TYPE_CHECKING:
    from simulator.engine.core import Engine
    from simulator.model.scenario import Scenario
    from simulator.model.treaty import Step, Treaty

# Besides the invoked article's route, a request can end with one of these.
REQUEST_OUTCOMES = ("none", "bilateral", "informal", "out_of_scope", "between_members")


class Request(StepKind):
    """Whether a request reaches the organisation, and under which article: the treaty's rules decide."""

    name = "request"
    timed_by_history = True

    def outcomes_of(self, step: Step, treaty: Treaty) -> tuple[str, ...]:
        """The fixed outcomes, then every article's route."""
        routes = tuple(dict.fromkeys(a.route for a in treaty.articles if a.route))
        return REQUEST_OUTCOMES + routes

    def possible_outcomes(self, step: Step, treaty: Treaty, scenario: Scenario) -> tuple[str, ...]:
        """The one outcome the treaty's rules give this scenario's request."""
        members = [m.name for m in treaty.active_members(scenario.local_date)]
        return (admissibility(scenario, treaty, members)[0],)

    def process(self, engine: Engine, step: Step, member: str | None) -> Iterator:
        """Take the step's time, then log what became of the request (citing the scenario's sources)."""
        outcome, text = admissibility(engine.scenario, engine.treaty, engine.members)
        record = yield from engine.take_time(step)
        cite = tuple(engine.scenario.request.source) or None
        engine.log(step, "end", text, outcome=outcome, record=record, cite=cite)
        return outcome
