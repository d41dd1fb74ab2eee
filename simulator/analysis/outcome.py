"""The outcome of a run: which class it established, decided by which step, and the forces it put in place.

Pure functions of the treaty, the run's events and the outcome marks its steps left; ``RunResult``
and the replication workers both use them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from simulator.engine.events import Event
from simulator.engine.state import OutcomeMark
from simulator.model.outcomes import OUTCOME_CLASSES
from simulator.model.treaty import Treaty


def arrivals(treaty: Treaty, events: Iterable[Event]) -> Iterator[Event]:
    """The events that bring personnel into the host state: a deployment step's positive change in personnel."""
    deploying = {s.id for s in treaty.procedure.steps if s.phase == "deployment"}
    return (e for e in events if e.personnel and e.personnel > 0 and e.step in deploying)


def personnel_deployed(treaty: Treaty, events: Iterable[Event]) -> int:
    """Personnel that reached the host state (events carry the change in personnel there)."""
    return sum(e.personnel for e in arrivals(treaty, events))


def outcome_mark(treaty: Treaty, events: Iterable[Event], marks: Iterable[OutcomeMark]) -> OutcomeMark:
    """The event that decided the run's outcome class: the most consequential one established.

    Forces reaching the host state establish ``deployed``; other classes come from the steps
    whose outcomes the treaty marks (e.g. a blocked council decision: ``declined``). With no
    mark at all the organisation was seized but took no collective action.
    """
    marks = list(marks)
    arrival = next(arrivals(treaty, events), None)
    if arrival is not None:
        marks.append(OutcomeMark("deployed", arrival.step, arrival.actor, arrival.hours))
    if not marks:
        return OutcomeMark("no_action", "", "", 0.0)
    return min(marks, key=lambda m: (OUTCOME_CLASSES.index(m.outcome), m.hours))
