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
from typing import Annotated, Callable, Literal, Union

from pydantic import Field

from simulator.events import Event
from simulator.models import Strict
from simulator.scenario.model import Instant, Scenario
from simulator.timeutil import fmt, hours_between, local
from simulator.validation import Checker, validate_model
from simulator.yamlio import load_yaml

KINDS = ("airport_seized", "member_objects", "aircraft_grounded")


class _Inject(Strict):
    at: Instant
    note: str = Field("", description="what the instructor tells the class")


class AirportSeized(_Inject):
    """The host's airport is seized: no landings of the move step until it is retaken."""

    kind: Literal["airport_seized"]
    hours: float = Field(gt=0, le=24 * 365, description="hours until the airport is retaken")
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
    aircraft: int = Field(gt=0, le=10_000)
    hours: float | None = Field(None, gt=0, le=24 * 365, description="how long; default: to the end of the run")
    step: str | None = Field(None, description="move step whose aircraft pool is hit; default: the deployment airlift")


Inject = Annotated[Union[AirportSeized, MemberObjects, AircraftGrounded], Field(discriminator="kind")]


class InjectFile(Strict):
    title: str = ""
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


def load_injects(path: str | Path, scenario: Scenario) -> Injects:
    """Read an inject file and check it against ``scenario``; UserError with file:line on a mistake."""
    from simulator.treaties import load_treaty

    loaded = load_yaml(path)
    data = validate_model(InjectFile, loaded)
    treaty = load_treaty(scenario.treaty)
    check = Checker(loaded)
    members = [m.name for m in treaty.active_members(scenario.local_date)]
    deciding = [b.id for b in treaty.bodies if b.rule != "none"]
    for i, item in enumerate(data.injects):
        loc = ("injects", i)
        hours = hours_between(scenario.origin, item.at)
        if not 0 <= hours <= scenario.horizon_h:
            check.error(loc + ("at",), f"{fmt(local(item.at, scenario.timezone))} is outside the scenario's run "
                        f"({fmt(local(scenario.origin, scenario.timezone))} + {scenario.horizon_days:g} days)",
                        "give a time between the scenario's origin and its horizon")
        if isinstance(item, MemberObjects):
            check.known(loc + ("member",), item.member, members, "member")
            if item.body is not None:
                check.known(loc + ("body",), item.body, deciding, "deciding body")
            continue
        step = item.step or deployment_move(scenario, treaty)
        if step is None:
            check.error(loc + ("kind",), f"{item.kind}: this scenario flies no contingent anywhere",
                        "use it with a scenario that has an airlift (air: ...)")
        elif check.known(loc + ("step",), step, list(scenario.air), "move step with an aircraft pool"):
            pool = scenario.air[step].aircraft
            if isinstance(item, AircraftGrounded) and item.aircraft > pool:
                check.error(loc + ("aircraft",), f"{item.aircraft} aircraft, but the pool of {step!r} has {pool}",
                            f"ground at most {pool}")
    check.raise_if_any()
    lines = [loaded.line_of(("injects", i)) for i in range(len(data.injects))]
    return Injects(str(path), data.title, list(data.injects), lines)


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


Setup = Callable[[object], None]


def prepare(scenario: Scenario, injects: Injects, mode: str, seed: int | None,
            replication: int = 0) -> tuple[Scenario, list[Setup], list[str]]:
    """The scenario to run, engine set-ups (timed processes) and notes on what each inject did."""
    from simulator.treaties import load_treaty

    treaty = load_treaty(scenario.treaty)
    setups: list[Setup] = []
    notes: list[str] = []
    baseline = None
    for index, item in enumerate(injects.items):
        at_h = hours_between(scenario.origin, item.at)
        text = f"inject: {describe(item)}"
        setups.append(_logger(at_h, text, f"instructor's inject ({injects.where(index)})"))
        when = fmt(local(item.at, scenario.timezone))
        if isinstance(item, MemberObjects):
            if baseline is None:
                from simulator.run import run

                baseline = run(scenario, mode=mode, seed=seed, replication=replication)
            scenario, note = _objection(scenario, treaty, baseline, item, at_h)
            notes.append(f"{when}: {note}")
        elif isinstance(item, AircraftGrounded):
            step = item.step or deployment_move(scenario, treaty)
            setups.append(_grounding(step, at_h, item.aircraft, item.hours))
            notes.append(f"{when}: {describe(item)}; the next {item.aircraft} aircraft of {step!r} to come free stay on the ground")
        else:
            step = item.step or deployment_move(scenario, treaty)
            setups.append(_closure(step, at_h, item.hours))
            notes.append(f"{when}: {describe(item)}; sorties of {step!r} hold until it is retaken")
    return scenario, setups, notes


def _objection(scenario: Scenario, treaty, baseline, item: MemberObjects, at_h: float) -> tuple[Scenario, str]:
    """Set the member's answer to 'object' in the body that decides after ``at_h`` in the unchanged run."""
    decides = {s.id: s.actor for s in treaty.procedure.steps if s.kind == "decide"}
    ends = [e for e in baseline.events if e.step in decides and e.event == "end"
            and (item.body is None or decides[e.step] == item.body)]
    later = next((e for e in ends if e.hours >= at_h), None)
    if later is None:
        where = f"the {treaty.body(item.body).name}" if item.body else "any council"
        done = f" (it decided at {ends[-1].when(scenario.origin)})" if ends else ""
        return scenario, f"{item.member}'s objection has no effect: no decision of {where} follows it{done}"
    body_id = decides[later.step]
    behaviour = scenario.bodies[body_id]
    answers = dict(behaviour.answers, **{item.member: "object"})
    bodies = dict(scenario.bodies, **{body_id: behaviour.model_copy(update={"answers": answers})})
    name = treaty.body(body_id).name
    return scenario.model_copy(update={"bodies": bodies}), f"{item.member} objects in the {name} ({later.step})"


def _logger(at_h: float, text: str, basis: str) -> Setup:
    def setup(engine) -> None:
        def log():
            yield engine.env.timeout(at_h)
            events = engine.state.events
            events.append(Event(engine.replication, len(events), engine.env.now, "Instructor", engine.scenario.timezone,
                                "inject", "inject", text, basis=basis))

        engine.env.process(log())

    return setup


def _grounding(step: str, at_h: float, count: int, hours: float | None) -> Setup:
    def setup(engine) -> None:
        def ground():
            yield engine.env.timeout(at_h)
            pool = engine.aircraft(step)
            held = [pool.request(priority=-1) for _ in range(count)]  # ahead of every waiting sortie
            if hours is None:
                return
            yield engine.env.timeout(hours)
            for request in held:
                if request.triggered:
                    pool.release(request)
                else:
                    request.cancel()

        engine.env.process(ground())

    return setup


def _closure(step: str, at_h: float, hours: float) -> Setup:
    def setup(engine) -> None:
        engine.closures.setdefault(step, []).append((at_h, at_h + hours))
        engine.closures[step].sort()

    return setup


def inject_summary(injects: Injects, scenario: Scenario) -> list[dict]:
    """Plain rows (time, kind, text, where in the file) for reports and lessons."""
    return [{"when": fmt(local(item.at, scenario.timezone)), "hours": hours_between(scenario.origin, item.at),
             "kind": item.kind, "text": describe(item), "where": injects.where(i)}
            for i, item in enumerate(injects.items)]

