"""Fidelity of one milestone: how often predictive runs reproduce a record entry's date.

``simulator.experiments.fidelity.fidelity(scenario, n, seed)`` runs replications 0..n-1 of predictive mode with one seed and
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

import numpy as np

from simulator.analysis.milestones import TOLERANCE_H, RecordedMilestone, milestones
from simulator.base.timeutil import at_hours, fmt, local
from simulator.model.scenario import Scenario

WITHIN_H = 24.0  # "±1 day of the record"
TARGET_SHARE = 0.8  # a milestone is reproduced when this share of runs is within ±1 day


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


def milestone_fidelity(scenario: Scenario, hours: np.ndarray) -> list[MilestoneFidelity]:
    """Per record entry of ``scenario`` (row k of ``hours``, one column a replication), its record and window
    with the simulated hours of every replication."""
    return [MilestoneFidelity(**m.recorded_fields(), simulated_h=hours[k]) for k, m in enumerate(milestones(scenario, []))]
