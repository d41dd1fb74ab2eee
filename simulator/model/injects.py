"""Instructor injects: events an instructor adds at given times to a run, a report or a lesson.

An inject file is YAML, checked like a scenario (errors as file:line: field):

    title: The airport falls
    injects:
      - {at: 2022-01-06T08:00+06:00, kind: airport_seized, hours: 12, where: Almaty airport}
      - {at: 2022-01-06T02:00+06:00, kind: member_objects, member: Belarus}
      - {at: 2022-01-06T12:00+06:00, kind: aircraft_grounded, aircraft: 50, hours: 24}

Each inject logs an ``inject`` event by the Instructor at its time and changes the run:
``member_objects`` sets the member's answer in the body that decides next (a scenario change);
``aircraft_grounded`` keeps that many aircraft of a move's pool on the ground from its time
(the next ones to come free), for ``hours`` or to the end; ``airport_seized`` stops landings of a
move step in the host state from its time for ``hours``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field

from simulator.base.timeutil import fmt, hours_between, local
from simulator.model.fields import Name, Strict
from simulator.model.scenario import Instant, Scenario

KINDS = ("airport_seized", "member_objects", "aircraft_grounded")


class _Inject(Strict):
    at: Instant
    note: str = Field("", description="what the instructor tells the class")


class AirportSeized(_Inject):
    """The host's airport is seized: no landings of the move step until it is retaken."""

    kind: Literal["airport_seized"]
    hours: float = Field(strict=True, gt=0, le=24 * 365, description="hours until the airport is retaken")
    step: str | None = Field(None, description="move step whose landings stop; default: the deployment airlift")
    where: str = ""


class MemberObjects(_Inject):
    """A member objects in the body that decides next (or in ``body``): consensus fails."""

    kind: Literal["member_objects"]
    member: str
    body: str | None = Field(None, description="deciding body id; default: the next body to decide after `at`")


class AircraftGrounded(_Inject):
    """Aircraft of a move's pool are grounded: the next ones to come free stay on the ground."""

    kind: Literal["aircraft_grounded"]
    aircraft: int = Field(strict=True, gt=0, le=10_000)
    hours: float | None = Field(None, strict=True, gt=0, le=24 * 365, description="how long; default: to the end of the run")
    step: str | None = Field(None, description="move step whose aircraft pool is hit; default: the deployment airlift")


Inject = Annotated[AirportSeized | MemberObjects | AircraftGrounded, Field(discriminator="kind")]


class InjectFile(Strict):
    title: Name = ""
    injects: list[Inject] = Field(min_length=1, max_length=100)


@dataclass
class Injects:
    """Injects loaded from a file and checked against one scenario."""

    file: str
    title: str
    items: list
    lines: list[int | None] = field(default_factory=list)

    def where(self, index: int) -> str:
        line = self.lines[index] if index < len(self.lines) else None
        return f"{Path(self.file).name}:{line}" if line else Path(self.file).name


def deployment_move(scenario: Scenario, treaty) -> str | None:
    """The first deployment-phase move step that the scenario flies (has an aircraft pool for)."""
    return next((s.id for s in treaty.procedure.steps
                 if s.kind == "move" and s.phase == "deployment" and s.id in scenario.air), None)


def describe(item) -> str:
    """The inject in words, as the event log shows it."""
    if isinstance(item, AirportSeized):
        place = item.where or "the host's airport"
        text = f"{place} is seized: no landings for {item.hours:g} h"
    elif isinstance(item, MemberObjects):
        text = f"{item.member} objects" + (f" in {item.body}" if item.body else "")
    else:
        span = f"for {item.hours:g} h" if item.hours else "until the end"
        text = f"{item.aircraft} aircraft grounded {span}"
    return text + (f" ({item.note})" if item.note else "")


def inject_summary(injects: Injects, scenario: Scenario) -> list[dict]:
    """Plain rows (time, kind, text, where in the file) for reports and lessons."""
    return [{"when": fmt(local(item.at, scenario.timezone)), "hours": hours_between(scenario.origin, item.at),
             "kind": item.kind, "text": describe(item), "where": injects.where(i)}
            for i, item in enumerate(injects.items)]
