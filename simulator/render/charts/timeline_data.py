"""What the timeline chart draws, as plain data; no matplotlib here, so the data can be made before it is loaded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from simulator.analysis.milestones import Milestone


def spans(result) -> list[tuple[str, str, str, float, float]]:
    """(row, step, phase, start h, end h) for every step that started, from the event log."""
    steps = {s.id: s for s in result.treaty.procedure.steps}
    opened: dict[tuple[str, str], tuple[str, float]] = {}
    found = []
    for event in result.events:
        key = (event.step, event.member)
        if event.event == "start":
            opened[key] = (event.actor, event.hours)
        elif event.event == "end" and key in opened:
            actor, start = opened.pop(key)
            found.append((actor, event.step, steps[event.step].phase, start, event.hours))
    horizon = max((e.hours for e in result.events), default=0.0)
    for (step, _member), (actor, start) in opened.items():
        found.append((actor, step, steps[step].phase, start, horizon))
    return found


@dataclass(frozen=True)
class TimelineData:
    """What the timeline draws, as plain data: small enough to hand to a chart process."""

    title: str
    timezone: str
    origin: datetime
    bars: list[tuple[str, str, str, float, float]]
    milestones: list[Milestone]


def timeline_data(result) -> TimelineData:
    label = result.mode + (f", seed {result.seed}" if result.mode == "predictive" else "")
    scenario = result.scenario
    return TimelineData(f"{scenario.title} — {label}", scenario.timezone, scenario.origin, spans(result),
                        list(result.milestones))
