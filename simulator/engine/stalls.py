"""Why a run did not finish: the steps still waiting, who they wait for, since when.

Derived after the run from the engine's state and the event log, so the step handlers need
no bookkeeping of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from simulator.base.timeutil import at_hours, fmt, local


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
        since = "" if self.since_h is None else f"; running since hour {self.since_h:.1f} ({_when(origin, self.since_h, zone_name)})"
        return (f"step {self.step!r} ({self.actor}): {self.waiting_for}{since}; still waiting {self.ended}, "
                f"simulated hour {self.at_h:.1f} ({_when(origin, self.at_h, zone_name)})")


def _when(origin: datetime, hours: float, zone_name: str) -> str:
    return fmt(local(at_hours(origin, hours), zone_name))


def find_stalls(engine, at_h: float, ended: str = "at the horizon") -> list[Stall]:
    """Every step still running, and every join still waiting for contingents, at ``at_h``."""
    started: dict[tuple[str, str], float] = {}
    answered: dict[tuple[str, str], set[str]] = {}
    last: dict[tuple[str, str], object] = {}
    landed: dict[tuple[str, str], int] = {}
    for event in engine.state.events:
        key = (event.step, event.member)
        if event.event == "start":
            started[key], answered[key], landed[key] = event.hours, set(), 0
            continue
        last[key] = event
        if event.event == "answer":
            answered.setdefault((event.step, ""), set()).add(event.actor)
        elif event.event in ("arrival", "first_arrival"):
            landed[key] = landed.get(key, 0) + 1
    stalls = []
    for step_id, member in sorted(engine.state.running, key=lambda k: (k[0], k[1] or "")):
        step = engine.treaty.step(step_id)
        key = (step_id, member or "")
        actor = engine.actor(step, member)[0]
        if step.kind == "approve":
            actor = f"{actor}, {_approval_stage(engine, member, engine.state.events)}"
        stalls.append(Stall(step_id, step.kind, actor, member or "", started.get(key), at_h,
                            _waiting_for(engine, step, key, answered, last, landed), ended))
    for join_id, arrived in sorted(engine._joins.items()):
        if join_id in engine._joined:
            continue
        missing = [m for m in engine.active if m not in arrived]
        step = engine.treaty.step(join_id)
        stalls.append(Stall(join_id, step.kind, engine.actor(step, None)[0], "", None, at_h,
                            f"waits for the contingents of {', '.join(missing)}", ended))
    return stalls


def _waiting_for(engine, step, key, answered, last, landed) -> str:
    if step.kind == "decide":
        body = engine.treaty.body(step.actor)
        missing = [m for m in engine.members if m not in answered.get(key, set())]
        if missing:
            return f"waits for the answer{'s' if len(missing) > 1 else ''} of {', '.join(missing)}"
        return f"all members answered; waits for the {body.name}'s text to be adopted"
    previous = last.get(key)
    done = f" (last: {previous.action}, at hour {previous.hours:.1f})" if previous is not None else ""
    if step.kind == "approve":
        return f"waits for the contingent's approval{done}"
    if step.kind == "move":
        return f"waits for its sorties or convoy ({landed.get(key, 0)} landed so far){done}"
    return f"waits for its duration to end{done}"


def _approval_stage(engine, member: str, events) -> str:
    """The approval stage a contingent is in: the first one its events do not show as done."""
    from simulator.model.scenario import ParliamentStage

    done = [e for e in events if e.member == member and e.event in ("decision", "decree", "session")]
    for stage in engine.scenario.contingents[member].approval:
        if isinstance(stage, ParliamentStage):
            if not any(e.event == "session" and e.outcome in ("approved", "rejected") for e in done):
                return stage.name
            continue
        event = "decree" if stage.stage == "decree" else "decision"
        if not any(e.event == event for e in done):
            return f"{stage.by} (decree)" if stage.stage == "decree" else "government"
    return "approval"
