"""Run a scenario: the Python entry point behind `treaty-sim run`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from simulator.analysis import outcome as run_outcome
from simulator.analysis.milestones import Milestone, milestones
from simulator.base.errors import UserError
from simulator.checks.injects import load_injects
from simulator.checks.treaty import load_sources, load_treaty
from simulator.checks.variant import VariantScenario, load_case
from simulator.engine.core import Engine, Mode
from simulator.engine.crash import EngineCrash
from simulator.engine.events import Event
from simulator.engine.guard import Limits, RunStopped, Tripped
from simulator.engine.setups import prepare
from simulator.engine.stalls import Stall, find_stalls
from simulator.engine.state import Decision, OutcomeMark, Violation
from simulator.model.scenario import Scenario
from simulator.model.treaty import Treaty
from simulator.network.graph import build_network

MODES = ("replay", "predictive")


class Row(NamedTuple):
    """What one replication leaves behind."""

    replication: int
    outcome: str
    decided_by: str  # the step that decided the outcome class ('' when nothing did)
    decided_h: float  # when it did, hours after the origin (NaN when nothing did)
    personnel: int  # personnel that reached the host state
    hours: tuple[float, ...]  # per record entry, hours after the origin; NaN when not reached


@dataclass
class RunResult:
    """Everything one run produced: the event log, milestones against the record, and how it ended."""

    scenario: Scenario
    treaty: Treaty
    mode: Mode
    seed: int
    events: list[Event]
    milestones: list[Milestone]
    violations: list[Violation]
    decisions: list[Decision]
    marks: list[OutcomeMark] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what an instructor's injects changed
    stalls: list[Stall] = field(default_factory=list)  # what each unfinished step waits for

    @property
    def finished(self) -> bool:
        """False when a step was still waiting at the horizon (see ``stalls``)."""
        return not self.stalls

    def stall_messages(self) -> list[str]:
        """One line per unfinished step: the step, its body or member, what it waits for, the simulated time."""
        return [s.message(self.scenario.origin, self.scenario.timezone) for s in self.stalls]

    @property
    def personnel_deployed(self) -> int:
        """Personnel that reached the host state (events carry the change in personnel there)."""
        return run_outcome.personnel_deployed(self.treaty, self.events)

    @property
    def outcome_mark(self) -> OutcomeMark:
        """The event that decided the run's outcome class: the most consequential one established
        (the rule: simulator.analysis.outcome.outcome_mark)."""
        return run_outcome.outcome_mark(self.treaty, self.events, self.marks)

    @property
    def outcome(self) -> str:
        """The outcome class (see simulator.model.outcomes.OUTCOME_CLASSES) this run established."""
        return self.outcome_mark.outcome

    @property
    def matches_record(self) -> bool | None:
        """Whether the outcome class is the record's (None when the scenario gives none)."""
        recorded = self.scenario.recorded
        return None if recorded is None else recorded.outcome == self.outcome

    def outcome_text(self) -> str:
        """One sentence on how the run ended and which step and actor decided it."""
        mark = self.outcome_mark
        text = mark.outcome
        blocked = next((d for d in self.decisions if d.outcome == "blocked"), None)
        if mark.outcome == "deployed" and self.personnel_deployed:
            text += f": {self.personnel_deployed:,} personnel reached {self.scenario.request.by}"
        elif blocked is not None and mark.step == blocked.step:
            text += f": {blocked.by} {blocked.reason or 'objected'} in the {blocked.body} ({blocked.step}); no forces deployed"
        elif mark.step:
            end = next((e for e in self.events if e.step == mark.step and e.event == "end"), None)
            text += f": {mark.actor} ({mark.step})" + (f" {end.action}" if end is not None else "")
        approvals = {s.id for s in self.treaty.procedure.steps if s.kind == "approve"}
        refused = sorted({e.member for e in self.events if e.step in approvals and e.outcome == "refused"})
        if refused:
            text += f"; no contingent from {', '.join(refused)} (national approval failed)"
        running = [s for s in self.stalls if s.since_h is not None]  # not a join still waiting: it never started
        if running:
            text += "; still running at the horizon: " + ", ".join(s.step + (f"/{s.member}" if s.member else "") for s in running)
        return text

    def sources(self) -> dict[str, dict]:
        """Source keys the case may cite: its treaty's registry and its own (key -> title and URLs)."""
        return self.scenario.source_registry(load_sources(self.scenario.treaty))

    def chart(self):
        """The timeline as a matplotlib Figure (Gantt by actor and phase, record dates marked)."""
        # deferred: matplotlib; render sits above run
        from simulator.render.charts.timeline import timeline_figure
        from simulator.render.charts.timeline_data import timeline_data

        return timeline_figure(timeline_data(self))

    def write(self, out_dir: str | Path) -> list[Path]:
        """Write events, milestones, charts and summary into ``out_dir``; returns the paths."""
        from simulator.render.run_files import write_run  # render sits above run (pyproject's ignore_imports)

        return write_run(self, Path(out_dir))


def run(
    scenario: Scenario | str | Path,
    mode: Mode = "replay",
    seed: int | None = None,
    replication: int = 0,
    injects=None,
    pin_until: float | None = None,
    limits: Limits | None = None,
) -> RunResult:
    """Run ``scenario`` (a loaded Scenario, or the path of a scenario or variant file) in replay or predictive mode.

    Replay pins the record's dates and checks them against the procedure; predictive draws
    every duration from the scenario's distributions with ``seed`` (default: the scenario's).
    ``injects`` (an inject file's path, or loaded ``Injects``) adds an instructor's events.
    ``pin_until`` (hours after the origin; default: a variant's ``fork_at``) pins only the record
    entries up to then, in either mode: the record up to that time, the model after it.
    ``limits`` bound the run in wall-clock time and events (default: Limits.from_env()).

    A run still waiting at the horizon is a result: ``result.stalls`` says what waits for
    what. A run that a guard had to stop raises RunStopped; a bug in the engine raises
    EngineCrash with the scenario, seed, step and simulated time needed to reproduce it.
    """
    if mode not in MODES:
        raise UserError.single(f"unknown mode {mode!r}", hint="use replay or predictive")
    if not isinstance(scenario, Scenario):
        scenario = load_case(scenario)
    if pin_until is None and isinstance(scenario, VariantScenario):
        pin_until = scenario.fork_h
    limits = Limits.from_env() if limits is None else limits
    treaty = load_treaty(scenario.treaty)
    seed = scenario.seed if seed is None else seed
    setups, notes = [], []
    if injects is not None:
        if not hasattr(injects, "items"):
            injects = load_injects(injects, scenario)
        unchanged = scenario
        scenario, setups, notes = prepare(unchanged, treaty, injects,
                                          lambda: run(unchanged, mode=mode, seed=seed, replication=replication))
    engine = None

    def crash(exc: Exception, stage: str) -> EngineCrash:
        step, member = engine.state.crashed_in if engine is not None and stage == "engine" else ("", "")
        return EngineCrash(exc, scenario.scenario, mode, seed, replication, step, member,
                           engine.env.now if engine else None, stage, engine.state.events if engine else [])

    try:
        engine = Engine(scenario, treaty, build_network(treaty), mode, seed, replication, pin_until)
        for setup in setups:
            setup(engine)
        state = engine.run(limits)
    except Tripped as trip:
        now = engine.env.now
        raise RunStopped(trip.reason, trip.detail, now, scenario.scenario, mode, seed,
                         find_stalls(engine, now, "when the run was stopped"), engine.state.events) from None
    except (UserError, RunStopped):
        raise
    except Exception as exc:  # a bug: keep what is needed to reproduce it
        raise crash(exc, "engine") from exc
    try:
        # At the horizon if events were still due, else when the last one in the log happened.
        due = engine.env.peek() < float("inf")
        ended = scenario.horizon_h if due else (state.events[-1].hours if state.events else 0.0)
        why = "at the horizon" if due else "with nothing left to happen"
        return RunResult(
            scenario=scenario,
            treaty=treaty,
            mode=mode,
            seed=seed,
            events=state.events,
            milestones=milestones(scenario, state.events),
            violations=state.violations,
            decisions=state.decisions,
            marks=state.marks,
            notes=notes,
            stalls=find_stalls(engine, ended, why),
        )
    except Exception as exc:
        raise crash(exc, "analysis") from exc
