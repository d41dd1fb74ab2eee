"""Loading an instructor's inject file and checking it against one scenario (see simulator.model.injects)."""

from __future__ import annotations

from pathlib import Path

from simulator.base.timeutil import fmt, hours_between, local
from simulator.checks.treaty import load_treaty
from simulator.files.validation import Checker, validate_model
from simulator.files.yamlio import load_yaml
from simulator.model.injects import AircraftGrounded, InjectFile, Injects, MemberObjects, deployment_move
from simulator.model.scenario import Scenario


def load_injects(path: str | Path, scenario: Scenario) -> Injects:
    """Read an inject file and check it against ``scenario``; UserError with file:line on a mistake."""
    loaded = load_yaml(path)
    data = validate_model(InjectFile, loaded, "start from lessons/kazakhstan-2022-injects.yaml")
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
