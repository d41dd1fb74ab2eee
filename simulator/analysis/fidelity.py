"""Fidelity: how often predictive runs reproduce the record's dates and outcome.

``fidelity(scenario, n, seed)`` runs replications 0..n-1 of predictive mode with one seed and
keeps, per record entry, only the simulated hour of each replication (NaN when the run never
reached it) and, per run, its outcome class. Shares are over all n replications, so a
milestone that is not reached counts against both shares.

Definitions (hours after the scenario's origin; a date in the record is its whole local day):
- *on record*: the simulated time lies inside the record's date or window, as in replay;
- *within ±1 day*: it lies in [window start − 24 h, window end + 24 h]. Every run on record is
  also within ±1 day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

import numpy as np

from simulator.errors import UserError
from simulator.outcomes import OUTCOME_CLASSES
from simulator.scenario import Scenario, load_scenario
from simulator.timeutil import at_hours, fmt, local
from simulator.analysis.milestones import TOLERANCE_H, RecordedMilestone

WITHIN_H = 24.0  # "±1 day of the record"
TARGET_SHARE = 0.8  # a milestone is reproduced when this share of runs is within ±1 day
MAX_REPLICATIONS = 100_000

Progress = Callable[[int, int], None]


@dataclass(frozen=True, eq=False)
class MilestoneFidelity(RecordedMilestone):
    """One record entry against the n predictive replications."""

    simulated_h: np.ndarray  # one value a replication; NaN where the milestone was not reached

    @property
    def n(self) -> int:
        """Number of replications."""
        return len(self.simulated_h)

    @property
    def reached(self) -> np.ndarray:
        """Per replication: did the milestone happen?"""
        return ~np.isnan(self.simulated_h)

    def _share(self, low: float, high: float) -> float:
        if self.n == 0:
            return 0.0
        with np.errstate(invalid="ignore"):  # NaN (not reached) compares False
            inside = (self.simulated_h >= low) & (self.simulated_h <= high)
        return float(np.count_nonzero(inside)) / self.n

    @property
    def share_reached(self) -> float:
        """Share of replications in which the milestone happened at all."""
        return float(np.count_nonzero(self.reached)) / self.n if self.n else 0.0

    @property
    def share_on_record(self) -> float:
        """Share of replications whose simulated time is inside the record's date or window."""
        return self._share(self.window_start_h - TOLERANCE_H, self.window_end_h + TOLERANCE_H)

    @property
    def share_within_day(self) -> float:
        """Share of replications within [window start − 24 h, window end + 24 h]."""
        return self._share(self.window_start_h - WITHIN_H - TOLERANCE_H, self.window_end_h + WITHIN_H + TOLERANCE_H)

    def quantiles_h(self) -> tuple[float, float, float] | None:
        """(5th percentile, median, 95th percentile) in hours over the runs that reached it."""
        values = self.simulated_h[self.reached]
        if values.size == 0:
            return None
        p5, p50, p95 = np.percentile(values, [5, 50, 95])
        return float(p5), float(p50), float(p95)

    def local_text(self, origin: datetime, hours: float) -> str:
        """An hour after the origin as local time in the milestone's zone."""
        return fmt(local(at_hours(origin, hours), self.zone))


@dataclass(frozen=True, eq=False)
class FidelityReport:
    """n predictive replications of a scenario set against its record and its recorded outcome."""

    scenario: Scenario
    n: int
    seed: int
    milestones: list[MilestoneFidelity]
    outcomes: dict[str, int]  # outcome class -> replications, every class listed

    @property
    def recorded_outcome(self) -> str | None:
        """The record's outcome class, or None when the scenario has no ``recorded`` block."""
        return self.scenario.recorded.outcome if self.scenario.recorded else None

    @property
    def match_rate(self) -> float | None:
        """Share of replications whose outcome class is the record's; None without ``recorded``."""
        recorded = self.recorded_outcome
        return None if recorded is None else self.outcomes.get(recorded, 0) / self.n

    def reproduced(self, share: float = TARGET_SHARE) -> list[MilestoneFidelity]:
        """Milestones within ±1 day of the record in at least ``share`` of the replications."""
        return [m for m in self.milestones if m.share_within_day >= share]

    def chart(self):
        """The fidelity chart as a matplotlib Figure."""
        from simulator.charts.fidelity import fidelity_figure

        return fidelity_figure(self)

    def write(self, out_dir: str | Path) -> list[Path]:
        """Write fidelity.csv, fidelity-outcomes.csv, fidelity.png, fidelity.svg and fidelity.md."""
        from simulator.fidelity_outputs import write_fidelity

        return write_fidelity(self, Path(out_dir))


def fidelity(
    scenario: Scenario | str | Path,
    n: int = 1000,
    seed: int | None = None,
    progress: Progress | None = None,
    workers: int = 1,
) -> FidelityReport:
    """Run ``n`` predictive replications (0..n-1, one ``seed``) and compare them with the record.

    ``seed`` defaults to the scenario's; ``workers`` local processes share the replications (the
    report is the same whatever their number); ``progress(done, n)`` is called as they finish.
    """
    from simulator.experiments.replications import Job, replicate
    from simulator.analysis.milestones import milestones as record_milestones

    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise UserError.single(f"the number of replications must be at least 1, got {n!r}", hint="use e.g. -n 1000")
    if n > MAX_REPLICATIONS:
        raise UserError.single(f"{n:,} replications is more than {MAX_REPLICATIONS:,}", hint="use a smaller -n")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or seed < 0):
        raise UserError.single(f"the seed must be a whole number of 0 or more, got {seed!r}")
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario)
    seed = scenario.seed if seed is None else seed
    counts = dict.fromkeys(OUTCOME_CLASSES, 0)
    hours = np.full((len(scenario.record), n), np.nan)
    for _, rows in replicate([Job.of(scenario, seed)], n, workers=workers, progress=progress):
        for row in rows:
            hours[:, row.replication] = row.hours
            counts[row.outcome] = counts.get(row.outcome, 0) + 1
    milestones = [
        MilestoneFidelity(**m.recorded_fields(), simulated_h=hours[row])
        for row, m in enumerate(record_milestones(scenario, []))
    ]
    return FidelityReport(scenario=scenario, n=n, seed=seed, milestones=milestones, outcomes=counts)
