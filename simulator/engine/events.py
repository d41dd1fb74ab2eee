"""The event log: one record an event (written as CSV and JSON Lines by simulator.render.event_log)."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from simulator.base.timeutil import at_hours, fmt, local, offset_label


class Event(NamedTuple):
    """Something an actor did at a simulated time (hours after the scenario's origin).

    ``personnel`` is the change in personnel in the host state that the event brings
    (+ for a landing or arrival, - for a departure home), empty otherwise. A movement's
    departures and arrivals say what carried whom: ``carrier`` (air, road or sea), ``load``
    (personnel aboard) and, for an aircraft sortie, ``sortie`` (its number, from 1) of
    ``sorties`` (the leg's count); these are for exports and charts, not written to
    events.csv. A named tuple: cheap to create by the hundred thousand and immutable. (The
    cyclic garbage collector walks named tuples, unlike plain ones: the engine logs plain rows
    and makes them Events when the run ends, see simulator.engine.state.RunState.)
    """

    replication: int
    seq: int
    hours: float
    actor: str
    zone: str
    step: str
    event: str
    action: str
    member: str = ""
    outcome: str = ""
    personnel: int | None = None
    attempt: int | None = None
    basis: str = ""
    sources: tuple[str, ...] = ()
    pinned: bool = False
    sortie: int | None = None
    sorties: int | None = None
    load: int | None = None
    carrier: str = ""

    def row(self, origin: datetime) -> dict:
        """Plain fields for writers: calendar times in UTC and in the actor's zone."""
        instant = at_hours(origin, self.hours)
        here = local(instant, self.zone)
        return {
            "replication": self.replication,
            "seq": self.seq,
            "hours": f"{self.hours:.4f}",
            "utc": instant.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "local": here.strftime("%Y-%m-%dT%H:%M:%S") + here.strftime("%z")[:3] + ":" + here.strftime("%z")[3:],
            "zone": f"{self.zone} ({offset_label(here)})",
            "actor": self.actor,
            "member": self.member,
            "step": self.step,
            "event": self.event,
            "action": self.action,
            "outcome": self.outcome,
            "personnel": "" if self.personnel is None else self.personnel,
            "attempt": "" if self.attempt is None else self.attempt,
            "basis": self.basis,
            "sources": " ".join(self.sources),
            "pinned": "yes" if self.pinned else "no",
        }

    def when(self, origin: datetime) -> str:
        """Local time of the event in the actor's zone, e.g. '2022-01-06 03:15 UTC+6'."""
        return fmt(local(at_hours(origin, self.hours), self.zone))
