"""A treaty's predictive defaults learned from its shipped cases (`treaty-sim calibrate`), and how well
they predict a case left out of the fit (`treaty-sim fidelity --leave-one-out`).

A step's interval in a case is read from the case's replay: from the instant the step started,
when that instant is on the record (the origin, or the recorded end of the step before), to its
own recorded end. Only collective steps whose kind takes a learned duration are fitted.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from simulator.analysis.calibration import (
    MilestoneCheck,
    case_pace,
    fit_pooled,
    fit_step,
    interval_90,
    median_width_h,
    pooled_sigma,
    share_inside,
)
from simulator.analysis.milestones import milestones
from simulator.base.distributions import Duration
from simulator.base.errors import UserError
from simulator.checks.scenario import load_scenario
from simulator.checks.treaty import load_treaty
from simulator.engine.kinds import kind_named
from simulator.experiments.replications import Job, Progress, check_settings, replicate
from simulator.files.library import shipped_scenarios
from simulator.model.history import History, Interval, StepHistory, with_history
from simulator.model.scenario import Scenario
from simulator.model.treaty import Treaty
from simulator.run import run


def shipped_cases(treaty: str, folder: Path | None = None) -> list[Scenario]:
    """The cases of ``treaty`` in ``folder`` (default: the shipped case library, installed or not), by file name."""
    paths = shipped_scenarios() if folder is None else sorted(Path(folder).glob("*.yaml"))
    cases = [load_scenario(path) for path in paths]
    return [case for case in cases if case.treaty == treaty]


def case_intervals(scenario: Scenario) -> list[tuple[str, Interval]]:
    """(step id, interval) of every learnable step whose start and end are both on the case's record."""
    result = run(scenario, mode="replay")
    treaty = result.treaty
    ends = {}  # step -> record entry dating its end
    for entry in scenario.record:
        if entry.event is None and entry.member is None:
            ends.setdefault(entry.step, entry.id)
    pinned_end: dict[float, str] = {0.0: "origin"}
    starts: dict[str, float] = {}
    found = []
    for event in result.events:
        if event.member:
            continue
        if event.event == "start":
            starts.setdefault(event.step, event.hours)
        elif event.event == "end" and event.pinned and event.step in ends:
            step = treaty.step(event.step)
            began = starts.get(event.step)
            start = pinned_end.get(round(began, 6)) if began is not None else None
            if start is not None and kind_named(step.kind).timed_by_history and not step.per_contingent:
                found.append((event.step, Interval(case=scenario.scenario, hours=round(event.hours - began, 2),
                                                   start=start, end=ends[event.step])))
            pinned_end.setdefault(round(event.hours, 6), ends[event.step])
            ends.pop(event.step)
    return found


@dataclass(frozen=True)
class Calibration:
    """A treaty's learned durations (the durations file's content) and the cases they came from."""

    treaty: Treaty
    history: History

    def fitted(self) -> dict[str, StepHistory]:
        """The steps with intervals on record."""
        return {step: fit for step, fit in self.history.steps.items() if fit.intervals}

    def yaml_text(self) -> str:
        """The durations file: one block a step, each with its cases and intervals."""
        steps = {}
        for step_id, fit in self.history.steps.items():
            block = {"duration": _written(fit.duration), "intervals": [i.model_dump() for i in fit.intervals]}
            if fit.note:
                block["note"] = fit.note
            steps[step_id] = block
        data = {"treaty": self.history.treaty, "cases": self.history.cases, "pace": self.history.pace,
                "pooled": _written(self.history.pooled), "steps": steps}
        head = (f"# {self.treaty.name}: step durations learned from the record of its shipped cases.\n"
                f"# Written by `treaty-sim calibrate {self.treaty.treaty}`; do not edit by hand (run it again).\n"
                "# A case with no durations of its own takes its steps' times from here.\n")
        return head + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110, default_flow_style=None)


def _written(duration: Duration) -> dict | float:
    if duration.kind == "lognormal":
        median, sigma = duration.params
        return {"lognormal": {"median": median, "sigma": sigma}}
    if duration.kind == "fixed":
        return duration.params[0]
    if duration.kind == "uniform":
        return list(duration.params)
    return {"triangular": list(duration.params)}


def calibrate(treaty: str, cases: list[Scenario] | None = None, leave_out: str | None = None) -> Calibration:
    """Fit every learnable step of ``treaty`` to the intervals of its cases (default: the shipped ones).

    ``leave_out`` names a case not to learn from (for leave-one-out).
    """
    loaded = load_treaty(treaty)
    cases = shipped_cases(loaded.treaty) if cases is None else cases
    used = [case for case in cases if case.scenario != leave_out]
    intervals: dict[str, list[Interval]] = {}
    for case in used:
        for step_id, interval in case_intervals(case):
            intervals.setdefault(step_id, []).append(interval)
    by_step = {step: [i.hours for i in found] for step, found in intervals.items()}
    spread = pooled_sigma(by_step)
    pace = min(case_pace({step: {i.case: i.hours for i in found} for step, found in intervals.items()}), spread)
    pooled = fit_pooled(by_step, spread, pace)
    steps = {}
    for step in loaded.procedure.steps:
        if step.per_contingent or not kind_named(step.kind).timed_by_history:
            continue
        if step.id in intervals:
            steps[step.id] = StepHistory(duration=fit_step(by_step[step.id], spread, pace), intervals=intervals[step.id])
        elif step.duration_h is not None:
            steps[step.id] = StepHistory(duration=step.duration_h, note="no case dates it: the treaty file's duration_h")
        else:
            steps[step.id] = StepHistory(duration=pooled, note="no case dates it: the treaty's pooled intervals")
    history = History(treaty=loaded.treaty, cases=[c.scenario for c in used], pooled=pooled, pace=pace, steps=steps)
    return Calibration(loaded, history)


# A left-out case's own horizon was chosen knowing its dates; a prediction must not be cut off by it.
PREDICTION_HORIZON_DAYS = 3650


def without_own_durations(scenario: Scenario) -> Scenario:
    """The case as if it had no timing of its own: no durations, bodies that meet when history says,
    and the longest horizon a scenario may have (so a slow predicted run is late, not 'never')."""
    bodies = {name: body.model_copy(update={"convene_h": None}) for name, body in scenario.bodies.items()}
    return scenario.model_copy(update={"durations": {}, "bodies": bodies, "horizon_days": PREDICTION_HORIZON_DAYS})


@dataclass(frozen=True)
class CaseOut:
    """One case predicted from defaults fitted without it."""

    case: str
    checks: list[MilestoneCheck]
    learned_from: list[str]


@dataclass(frozen=True)
class LeaveOneOut:
    """Each shipped case of a treaty predicted from the other cases' history."""

    treaty: str
    n: int
    seed: int
    cases: list[CaseOut] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (case, why)

    @property
    def checks(self) -> list[MilestoneCheck]:
        return [c for case in self.cases for c in case.checks]

    @property
    def share_inside(self) -> float | None:
        """Share of record milestones inside the predicted 90% interval."""
        return share_inside(self.checks)

    @property
    def median_width_h(self) -> float | None:
        """Median width of the predicted 90% intervals, hours."""
        return median_width_h(self.checks)


def leave_one_out(treaty: str, n: int = 200, seed: int = 1, workers: int = 1, cases: list[Scenario] | None = None,
                  progress: Progress | None = None) -> LeaveOneOut:
    """Predict each case of ``treaty`` (``n`` predictive runs, one ``seed``) from defaults fitted without it."""
    check_settings(n, workers, seed=seed)
    loaded = load_treaty(treaty)
    cases = shipped_cases(loaded.treaty) if cases is None else cases
    if not cases:
        raise UserError.single(f"no shipped case of treaty {loaded.treaty!r} to leave out",
                               hint="add cases to scenarios/, or pick another treaty")
    report = LeaveOneOut(loaded.treaty, n, seed)
    for case in cases:
        others = [c for c in cases if c.scenario != case.scenario]
        if not others:
            report.skipped.append((case.scenario, "the only case of its treaty: nothing to learn from without it"))
            continue
        calibration = calibrate(loaded.treaty, others)
        predicted = without_own_durations(case)
        job = Job(predicted, with_history(loaded, calibration.history), seed)
        hours = [[] for _ in predicted.record]
        for _, rows in replicate([job], n, workers=workers, progress=progress):
            for row in rows:
                for k, h in enumerate(row.hours):
                    hours[k].append(h)
        checks = [MilestoneCheck(case.scenario, m.id, (m.window_start_h, m.window_end_h), interval_90(hours[k]))
                  for k, m in enumerate(milestones(predicted, []))]
        report.cases.append(CaseOut(case.scenario, checks, [c.scenario for c in others]))
    return report


def finite(hours: float) -> bool:
    """A predicted bound a run reached (not 'never')."""
    return math.isfinite(hours)
