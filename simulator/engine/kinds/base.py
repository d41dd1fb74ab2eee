"""The base class of step kinds: what every kind module provides (see simulator.engine.kinds)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from simulator.engine.core import Engine
    from simulator.engine.events import Event
    from simulator.files.validation import Checker
    from simulator.model.scenario import RecordEntry, Scenario
    from simulator.model.treaty import Step, Treaty


@dataclass(frozen=True)
class Trace:
    """What one step (and contingent) had logged when a run ended, for saying what it waits for."""

    events: list[Event]  # its events since it last started
    last: Event | None  # its latest event other than a start (from an earlier pass, if none since)

    def done(self) -> str:
        """' (last: <action>, at hour <h>)', or '' when nothing happened yet."""
        last = self.last
        return f" (last: {last.action}, at hour {last.hours:.1f})" if last is not None else ""


class StepKind:
    """A kind of procedure step (what a treaty file writes as a step's ``kind:``) and all about it.

    The engine, the checks of treaty and scenario files, reachability, stall diagnostics and
    the exports ask a step's kind; none of them tests a kind's name. A subclass provides:

    ``name``
        The word treaty files write as ``kind:``.
    ``outcomes``
        The outcomes a step of this kind can end with: what its ``next:`` and ``establishes:``
        may name. A kind whose outcomes depend on the step or the treaty overrides
        :meth:`outcomes_of` instead.
    :meth:`process`
        The step's SimPy process, for one contingent when the step runs per contingent: a
        generator that yields SimPy events, logs through ``engine.log`` or ``engine.emitter``
        and returns the outcome, which selects the next steps.

    and, where the defaults do not fit, sets or overrides:

    ``per_contingent``
        True when every step of this kind must run once per contingent.
    ``fields``
        The kind's own fields of a treaty-file step (``options``, ``default``); steps of other
        kinds must leave them unset.
    :meth:`check_step`
        Its rules for a treaty file's step, reported through the checker with their location.
    :meth:`possible_outcomes`
        The outcomes runs of one scenario can reach (default: every outcome), for ``check``
        and for the scenario's coverage check.
    :meth:`check_scenario` and :meth:`scaffold_fields`
        What a step of this kind that runs of the scenario reach needs from the scenario, and
        the placeholder values a new case's scaffold gives it.
    ``contingent_durations``
        True when a contingent's own ``durations:`` may time a per-contingent step of this kind.
    ``timed_by_history``
        True when a collective step of this kind takes the treaty's learned duration
        (``history_h``) in a case with no durations of its own, so `treaty-sim calibrate` fits it.
    ``record_events``
        The ``event:`` values a scenario's record entry may pin in such a step (each one of
        the scenario format's EVENT_KEYS); an entry without ``event:`` dates the step's end.
    :meth:`record_outcomes` and :meth:`check_record`
        The outcomes a record entry may show, and the rules on which member it names.
    ``event_fields``
        The optional fields of :class:`~simulator.engine.events.Event` its process fills,
        for exports and charts (which read fields, never the ``action`` text).
    :meth:`waiting_for` and :meth:`who_waits`
        What an unfinished step waits for when a run ends, and who is waiting.

    A kind module imports the engine only for type checking (:meth:`process` receives the
    engine) and no other kind module.
    """

    name: ClassVar[str]
    outcomes: ClassVar[tuple[str, ...]] = ()
    per_contingent: ClassVar[bool] = False
    fields: ClassVar[tuple[str, ...]] = ()
    contingent_durations: ClassVar[bool] = False
    timed_by_history: ClassVar[bool] = False
    record_events: ClassVar[tuple[str, ...]] = ()
    event_fields: ClassVar[tuple[str, ...]] = ()

    def __repr__(self) -> str:
        return f"<step kind {self.name!r}>"

    # ---- the treaty file ----------------------------------------------------------------
    def outcomes_of(self, step: Step, treaty: Treaty) -> tuple[str, ...]:
        """The outcomes ``step`` can end with (the keys its ``next`` and ``establishes`` may use)."""
        return self.outcomes

    def check_step(self, step: Step, treaty: Treaty, check: Checker, loc: tuple) -> None:
        """Report what is wrong with ``step`` for this kind (``loc``: the step's place in the file)."""
        if self.per_contingent and not step.per_contingent:
            check.error(loc + ("per_contingent",), f"a {self.name!r} step runs per contingent", "set per_contingent: true")

    # ---- a scenario ---------------------------------------------------------------------
    def possible_outcomes(self, step: Step, treaty: Treaty, scenario: Scenario) -> tuple[str, ...]:
        """The outcomes ``step`` can have in runs of ``scenario`` (any mode, any seed).

        Asked before :meth:`check_scenario`: the scenario may lack what the step needs.
        """
        return self.outcomes_of(step, treaty)

    def check_scenario(self, step: Step, scenario: Scenario, check: Checker) -> None:
        """Report what ``scenario`` lacks for running ``step`` (a step its runs can reach)."""

    def scaffold_fields(self, step: Step, treaty: Treaty) -> dict[str, dict]:
        """What a new case's scaffold (`treaty-sim new`) gives a step of this kind that its runs reach:
        scenario field -> entries, e.g. ``{"choices": {step.id: option}}``; values to be corrected."""
        return {}

    def record_outcomes(self, step: Step, treaty: Treaty, event: str | None) -> tuple[str, ...]:
        """The outcomes a record entry of ``step`` (pinning ``event``, None: its end) may show."""
        return self.outcomes_of(step, treaty)

    def check_record(self, step: Step, entry: RecordEntry, scenario: Scenario, check: Checker, loc: tuple) -> None:
        """Report a record entry of ``step`` that names the wrong member, or none where one is needed."""
        if step.per_contingent and entry.member is None:
            check.error(loc + ("member",), f"step {step.id!r} runs per contingent; say which member",
                        f"add member: with one of {', '.join(scenario.contingents) or 'the contingents'}")
        elif entry.member is not None:
            if not step.per_contingent:
                check.error(loc + ("member",), f"step {step.id!r} is collective", "remove member")
            else:
                check.known(loc + ("member",), entry.member, list(scenario.contingents), "contingent")

    # ---- a run --------------------------------------------------------------------------
    def process(self, engine: Engine, step: Step, member: str | None) -> Iterator:
        """The SimPy process of ``step`` (for ``member``'s contingent when per contingent); returns the outcome."""
        raise NotImplementedError(f"step kind {self.name!r} has no process")

    def waiting_for(self, engine: Engine, step: Step, member: str | None, trace: Trace) -> str:
        """What ``step`` (for ``member``) still waits for when the run ends unfinished."""
        return f"waits for its duration to end{trace.done()}"

    def who_waits(self, engine: Engine, step: Step, member: str | None) -> str:
        """Who acts in an unfinished ``step``, as the diagnostic names them."""
        return engine.actor(step, member)[0]
