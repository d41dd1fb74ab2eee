"""Fidelity: n predictive replications of a scenario against its record and its recorded outcome
(definitions in simulator.analysis.fidelity)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from simulator.analysis.fidelity import TARGET_SHARE, MilestoneFidelity, milestone_fidelity
from simulator.base.errors import UserError
from simulator.checks.scenario import load_scenario
from simulator.experiments.replications import Job, Progress, check_settings, replicate
from simulator.model.outcomes import OUTCOME_CLASSES
from simulator.model.scenario import Scenario
from simulator.render.fidelity import write_fidelity


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
        from simulator.render.charts.fidelity import fidelity_figure  # deferred: matplotlib

        return fidelity_figure(self)

    def write(self, out_dir: str | Path) -> list[Path]:
        """Write fidelity.csv, fidelity-outcomes.csv, fidelity.png, fidelity.svg and fidelity.md."""
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
    check_settings(n, workers)
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
    return FidelityReport(scenario=scenario, n=n, seed=seed, milestones=milestone_fidelity(scenario, hours), outcomes=counts)
