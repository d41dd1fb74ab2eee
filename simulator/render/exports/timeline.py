"""A run as a timeline for people: one entry a step (from its start to its end), one a notable
moment (a vote, a decree, a first flight, an objection), and the procedure's phases as eras.

Shared by the TimelineJS3 and vis-timeline exports; each entry keeps its actor (the group), its
legal basis, its sources and, when the record dates it, the record's date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from simulator.base.timeutil import at_hours, fmt, local
from simulator.engine.events import Event

# A member's answer in a council, as the timeline words it, by the answer event's outcome.
ANSWERED = {"consent": "consents", "object": "objects", "abstain": "abstains", "absent": "does not take part or sign"}
MOMENTS = ("session", "decision", "decree", "first_departure", "first_arrival", "handover", "guard")
FLIGHTS = ("first_departure", "departure")


@dataclass
class Entry:
    """One thing on the timeline: a step from start to end (``end_h`` None: a moment)."""

    id: str
    group: str
    phase: str
    start_h: float
    end_h: float | None
    headline: str
    label: str
    lines: list[str] = field(default_factory=list)
    basis: str = ""
    sources: tuple[str, ...] = ()
    record: str = ""
    running: bool = False


@dataclass(frozen=True)
class Phase:
    """A phase of the procedure (request, decision, …) from its first step's start to its last step's end."""

    name: str
    start_h: float
    end_h: float


def slug(*parts: str) -> str:
    """An id safe in URLs and HTML: lower case, digits and '-'."""
    return re.sub(r"[^a-z0-9]+", "-", "-".join(p for p in parts if p).lower()).strip("-")


def when(result, hours: float) -> str:
    """Local time in the scenario's zone, e.g. 2022-01-06 03:30 UTC+6."""
    return fmt(local(at_hours(result.scenario.origin, hours), result.scenario.timezone))


def timeline(result) -> tuple[list[Entry], list[Phase]]:
    """The entries of a run (in order of their start) and its phases."""
    steps = {s.id: s for s in result.treaty.procedure.steps}
    records = _records(result)
    opened: dict[tuple[str, str], list[Event]] = {}
    convened: dict[tuple[str, str], list[Event]] = {}  # a session is convened just before its step starts
    spans: list[tuple[Event, list[Event]]] = []
    moments: list[Event] = []
    for event in result.events:
        key = (event.step, event.member)
        if event.event == "start":
            opened[key] = convened.pop(key, [])
            spans.append((event, opened[key]))
            continue
        if event.event == "convene":
            convened.setdefault(key, []).append(event)
        elif key in opened:
            opened[key].append(event)
        if event.event == "end":
            opened.pop(key, None)
        elif event.event in MOMENTS or (event.event == "answer" and event.outcome != "consent"):
            moments.append(event)
    entries = [_span(result, steps[start.step], start, events, records) for start, events in spans]
    entries += [_moment(result, steps[e.step], e, records) for e in moments]
    entries.sort(key=lambda e: (e.start_h, e.end_h is None, e.id))
    return entries, _phases(entries)


def _records(result) -> dict[tuple, str]:
    """(step, member, event, hours) of each reached record entry -> what the record says."""
    kinds = {r.id: r.event or "end" for r in result.scenario.record}
    found = {}
    for m in result.milestones:
        if m.reached:
            verdict = "on the record's date" if m.on_record else f"{m.delta_h:+.1f} h from the record's time"
            found[(m.step, m.member, kinds[m.id], round(m.simulated_h, 6))] = f"{m.label}: {m.record} ({verdict})"
    return found


def _span(result, step, start: Event, events: list[Event], records) -> Entry:
    end = next((e for e in events if e.event == "end"), None)
    last = end or start
    who = start.member if step.per_contingent else ""
    entry = Entry(
        id=slug("step", step.id, who), group=start.actor, phase=step.phase, start_h=start.hours,
        end_h=None if end is None else end.hours, headline=step.label + (f" — {who}" if who else ""),
        label=step.label, basis=last.basis, sources=last.sources, running=end is None,
    )
    convened = [e for e in events if e.event == "convene"]
    if convened:
        entry.lines.append(f"Convened by {convened[0].actor}.")
    answers = [e for e in events if e.event == "answer"]
    if answers:
        entry.lines.append("Answers: " + ", ".join(f"{a.actor} {ANSWERED.get(a.outcome, a.outcome)}" for a in answers) + ".")
    flights = sum(1 for e in events if e.event in FLIGHTS and e.sortie is not None)  # aircraft, not convoys or ships
    if flights:
        entry.lines.append(f"{flights} sortie{'s' if flights > 1 else ''}.")
    if end is None:
        entry.lines.append("Still running at the end of the simulated period.")
    else:
        entry.lines.append(f"{end.actor}: {end.action}.")
        if end.outcome not in ("", "done"):
            entry.lines.append(f"Outcome: {end.outcome}.")
        entry.lines.append(f"From {when(result, start.hours)} to {when(result, end.hours)} ({end.hours - start.hours:.1f} h).")
        entry.record = records.get((end.step, end.member, "end", round(end.hours, 6)), "")
    return entry


def _moment(result, step, event: Event, records) -> Entry:
    kind = event.event.replace("_", " ").replace("arrival", "landing")
    label = f"{kind} {event.attempt}" if event.attempt else kind
    if event.event == "answer":
        label = ANSWERED.get(event.outcome, event.outcome)
    entry = Entry(
        id=slug("event", str(event.seq)), group=event.actor, phase=step.phase, start_h=event.hours, end_h=None,
        headline=f"{event.actor}: {event.action}", label=label, basis=event.basis, sources=event.sources,
    )
    entry.lines.append(f"{step.label}{f' ({event.member})' if event.member and event.member != event.actor else ''}: {kind}"
                       + (f", outcome {event.outcome}" if event.outcome else "") + f", {when(result, event.hours)}.")
    entry.record = records.get((event.step, event.member, event.event, round(event.hours, 6)), "")
    return entry


def _phases(entries: list[Entry]) -> list[Phase]:
    bounds: dict[str, list[float]] = {}
    for e in entries:
        end = e.start_h if e.end_h is None else e.end_h
        lo, hi = bounds.setdefault(e.phase, [e.start_h, end])
        bounds[e.phase] = [min(lo, e.start_h), max(hi, end)]
    return sorted((Phase(name, lo, hi) for name, (lo, hi) in bounds.items()), key=lambda p: (p.start_h, p.end_h))
