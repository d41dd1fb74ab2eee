"""Why a run did not finish: the steps still waiting, who they wait for, since when.

Derived after the run from the engine's state and the event log, so the step kinds need
no bookkeeping of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from simulator.base.timeutil import at_hours, fmt, local
from simulator.engine.kinds import Trace


@dataclass(frozen=True)
class Stall:
    """A step that had not finished when the run ended, and what it was waiting for."""

    step: str
    kind: str
    actor: str  # who acts: the body, member state, chair or force (for approvals: member and stage)
    member: str  # the contingent, for per-contingent steps
    since_h: float | None  # simulated hour the step started (None: a join no contingent reached)
    at_h: float  # simulated hour of this diagnosis
    waiting_for: str
    ended: str = "at the horizon"  # or "with nothing left to happen", or why a guard stopped the run

    def message(self, origin: datetime, zone_name: str) -> str:
        """One line: step, body, what it waits for, since when, and the simulated time now."""
        since = ("" if self.since_h is None
                 else f"; running since hour {self.since_h:.1f} ({_when(origin, self.since_h, zone_name)})")
        return (f"step {self.step!r} ({self.actor}): {self.waiting_for}{since}; still waiting {self.ended}, "
                f"simulated hour {self.at_h:.1f} ({_when(origin, self.at_h, zone_name)})")


def _when(origin: datetime, hours: float, zone_name: str) -> str:
    return fmt(local(at_hours(origin, hours), zone_name))


def find_stalls(engine, at_h: float, ended: str = "at the horizon") -> list[Stall]:
    """Every step still running, and every join still waiting for contingents, at ``at_h``.

    What a running step waits for is its kind's to say (StepKind.waiting_for).
    """
    running = engine.state.running
    joins = engine.waiting_joins()
    if not running and not joins:
        return []
    started: dict[tuple[str, str], float] = {}
    since: dict[tuple[str, str], list] = {}
    last: dict[tuple[str, str], object] = {}
    wanted = {(step_id, member or "") for step_id, member in running}
    for event in engine.state.events:
        key = (event.step, event.member)
        if key not in wanted:
            continue
        if event.event == "start":
            started[key], since[key] = event.hours, []
            continue
        last[key] = event
        since.setdefault(key, []).append(event)
    stalls = []
    for step_id, member in sorted(running, key=lambda k: (k[0], k[1] or "")):
        step = engine.treaty.step(step_id)
        key = (step_id, member or "")
        kind = engine.kinds[step.kind]
        trace = Trace(since.get(key, []), last.get(key))
        stalls.append(Stall(step_id, step.kind, kind.who_waits(engine, step, member), member or "", started.get(key), at_h,
                            kind.waiting_for(engine, step, member, trace), ended))
    for join_id, missing in joins:
        step = engine.treaty.step(join_id)
        stalls.append(Stall(join_id, step.kind, engine.actor(step, None)[0], "", None, at_h,
                            f"waits for the contingents of {', '.join(missing)}", ended))
    return stalls
