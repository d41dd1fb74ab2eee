"""What one run leaves behind besides its events: violations of the record, decisions, outcome marks."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from simulator.engine.events import Event


@dataclass(frozen=True)
class Violation:
    """A place where the record contradicts the procedure: a pinned event came later than recorded."""

    record_id: str
    step: str
    member: str
    recorded_hours: float
    reached_hours: float

    def message(self) -> str:
        late = self.reached_hours - self.recorded_hours
        who = f" ({self.member})" if self.member else ""
        return (
            f"record {self.record_id!r}: step {self.step!r}{who} cannot happen at the recorded time; "
            f"the procedure reaches it {late:.1f} h later"
        )


@dataclass
class Decision:
    """How a collective step ended, for the run's outcome."""

    step: str
    body: str
    outcome: str
    by: str = ""
    hours: float = 0.0
    reason: str = ""


@dataclass(frozen=True)
class OutcomeMark:
    """A step whose outcome established an outcome class for the run (treaty data says which)."""

    outcome: str
    step: str
    actor: str
    hours: float


@dataclass
class RunState:
    """The state of one run as the engine fills it in: its event log and what the analysis needs besides."""

    # While the engine runs, rows of Event's fields (plain tuples, which the cyclic garbage collector
    # stops tracking; a NamedTuple it keeps walking); seal() makes them Events when the run ends.
    events: list[Event] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    marks: list[OutcomeMark] = field(default_factory=list)
    running: set = field(default_factory=set)  # (step id, contingent or None) of every token still running
    # (step id, contingent) of the token whose process raised: where a crash report says the bug struck.
    crashed_in: tuple[str, str] = ("", "")

    def seal(self) -> None:
        """Turn the log's rows into Events, in place (the engine's emitters hold the same list)."""
        self.events[:] = map(_as_event, self.events)


_as_event = partial(tuple.__new__, Event)  # the row's fields in order, without keyword handling
