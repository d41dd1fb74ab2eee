"""A treaty's durations learned from its history: what `treaty-sim calibrate` writes as <treaty>.durations.yaml.

Each step's fit cites the cases and the record's intervals it came from; a step no case dates
gets the treaty's pooled intervals, marked as such. A case with no ``durations:`` of its own
then takes its steps' times from here (simulator.model.scenario.Scenario.duration_of).
"""

from __future__ import annotations

from pydantic import Field

from simulator.base.distributions import Duration
from simulator.model.fields import Strict
from simulator.model.treaty import Treaty


class Interval(Strict):
    """One step's time in one shipped case: from the recorded instant it started to its recorded end."""

    case: str
    hours: float = Field(ge=0)
    start: str = Field(description="what the step started from: the origin, or the record entry ending the step before")
    end: str = Field(description="the record entry dating the step's end")


class StepHistory(Strict):
    duration: Duration
    intervals: list[Interval] = Field(default_factory=list, description="empty: no case dates it (the pooled fit)")
    note: str = ""


class History(Strict):
    """The durations file of one treaty."""

    treaty: str
    cases: list[str] = Field(description="the shipped cases whose record was used")
    pooled: Duration = Field(description="all intervals of all steps: the time of a step no case dates")
    pace: float = Field(0.0, ge=0, le=3, description="log-spread of a case's pace, shared by all its learned steps; "
                        "each step's own sigma is what is left of its spread")
    steps: dict[str, StepHistory] = Field(default_factory=dict)


def with_history(treaty: Treaty, history: History) -> Treaty:
    """The treaty with each history-timed step's learned duration (its own fit, else the pooled one)."""
    steps = []
    for step in treaty.procedure.steps:
        learned = history.steps.get(step.id)
        steps.append(step.model_copy(update={"history_h": learned.duration if learned else None}))
    procedure = treaty.procedure.model_copy(update={"steps": steps})
    return treaty.model_copy(update={"procedure": procedure, "history_pace": history.pace})
