"""Milestones: each dated fact of the record set against the simulated event that matches it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime

from simulator.base.timeutil import at_hours, fmt, hours_between, local, offset_label
from simulator.engine.events import Event
from simulator.model.scenario import RecordEntry, Scenario, record_window

TOLERANCE_H = 1 / 60


@dataclass(frozen=True, eq=False)
class RecordedMilestone:
    """A record entry on the scenario's clock: what it dates, and the date or window the record gives."""

    id: str
    label: str
    step: str
    member: str
    zone: str
    record: str
    sources: tuple[str, ...]
    window_start_h: float
    window_end_h: float

    def recorded_fields(self) -> dict:
        """These fields by name, to build another view of the same entry."""
        return {f.name: getattr(self, f.name) for f in fields(RecordedMilestone)}


@dataclass(frozen=True)
class Milestone(RecordedMilestone):
    """One record entry and where the run put it."""

    assumed_h: float
    exact: bool
    simulated_h: float | None

    @property
    def reached(self) -> bool:
        """Whether the run got to this record entry at all."""
        return self.simulated_h is not None

    @property
    def delta_h(self) -> float | None:
        """Simulated minus the record's (assumed) time in hours; None when not reached."""
        return None if self.simulated_h is None else self.simulated_h - self.assumed_h

    @property
    def on_record(self) -> bool:
        """True when the simulated time falls inside the record's date or window."""
        if self.simulated_h is None:
            return False
        return self.window_start_h - TOLERANCE_H <= self.simulated_h <= self.window_end_h + TOLERANCE_H

    def simulated_text(self, origin: datetime) -> str:
        """The simulated time in the entry's zone, or 'not reached'."""
        if self.simulated_h is None:
            return "not reached"
        return fmt(local(at_hours(origin, self.simulated_h), self.zone))

    def row(self, origin: datetime) -> dict:
        """Plain fields for milestones.csv."""
        delta = self.delta_h
        return {
            "id": self.id,
            "label": self.label,
            "step": self.step,
            "member": self.member,
            "record": self.record,
            "zone": self.zone,
            "sources": " ".join(self.sources),
            "simulated": self.simulated_text(origin),
            "simulated_hours": "" if self.simulated_h is None else f"{self.simulated_h:.4f}",
            "delta_hours": "" if delta is None else f"{delta:+.2f}",
            "on_record": "yes" if self.on_record else "no",
        }


def describe_record(entry: RecordEntry, zone_name: str) -> str:
    """Human text for when the record says something happened."""
    start, end, assumed, exact = record_window(entry, zone_name)
    if exact:
        return fmt(local(start, zone_name))
    if entry.at.date is not None:
        return f"{entry.at.date.isoformat()} (hour unknown)"
    a, b = local(start, zone_name), local(end, zone_name)
    if a.date() == b.date():
        return f"{a:%Y-%m-%d %H:%M}–{b:%H:%M} {offset_label(b)}"
    return f"{a:%Y-%m-%d %H:%M} – {b:%m-%d %H:%M} {offset_label(b)}"


FAILED = ("blocked", "refused")


def matches(event: Event, entry: RecordEntry) -> bool:
    """Whether ``event`` realises record entry ``entry``: the same step, member and event (default: the
    step's end), the entry's attempt if it names one, and its outcome if it names one; an entry that
    names no outcome is realised by any but a blocked or refused one."""
    return (
        event.step == entry.step
        and event.member == (entry.member or "")
        and event.event == (entry.event or "end")
        and (entry.attempt is None or event.attempt == entry.attempt)
        and (event.outcome == entry.outcome if entry.outcome else event.outcome not in FAILED)
    )


def realising_events(record: Sequence[RecordEntry], events: Sequence[Event]) -> list[Event | None]:
    """Per record entry, the first event of the run that realises it (see :func:`matches`), or None."""
    by_place: dict[tuple[str, str, str], list[Event]] = {}
    for event in events:
        by_place.setdefault((event.step, event.member, event.event), []).append(event)
    return [
        next((e for e in by_place.get((entry.step, entry.member or "", entry.event or "end"), ()) if matches(e, entry)), None)
        for entry in record
    ]


def milestones(scenario: Scenario, events: list[Event]) -> list[Milestone]:
    """Every record entry of ``scenario`` with its simulated time in ``events``."""
    rows = []
    origin = scenario.origin
    for entry, hit in zip(scenario.record, realising_events(scenario.record, events), strict=True):
        zone_name = entry.tz or scenario.timezone
        start, end, assumed, exact = record_window(entry, zone_name)
        rows.append(
            Milestone(
                id=entry.id,
                label=entry.label,
                step=entry.step,
                member=entry.member or "",
                zone=zone_name,
                record=describe_record(entry, zone_name),
                sources=tuple(entry.source),
                window_start_h=hours_between(origin, start),
                window_end_h=hours_between(origin, end),
                assumed_h=hours_between(origin, assumed),
                exact=exact,
                simulated_h=None if hit is None else hit.hours,
            )
        )
    return rows
