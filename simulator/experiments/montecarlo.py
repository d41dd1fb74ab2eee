"""Monte Carlo: n predictive replications of a scenario or variant, aggregated as they arrive.

``montecarlo(case, n, seed, workers)`` runs replications 0..n-1 with one seed. Each replication
is reduced to one row in its worker (see replications.py); rows arrive in replication order, go
to ``replications.csv`` at once when an output folder is given, and are tallied. The tally keeps
per record entry one float of hours a replication (8 bytes × entries × n: 1.7 MB for the 21
Kazakhstan milestones and n = 10,000), plus the outcome class, deciding step and personnel of each
run, so that quantiles are exact and the DataFrames can be built; event logs are never kept.
"""

from __future__ import annotations

import math
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from statistics import NormalDist

import numpy as np

from simulator.analysis.fidelity import MilestoneFidelity, milestone_fidelity
from simulator.base.timeutil import at_hours, fmt, local
from simulator.checks.variant import VariantScenario, load_case
from simulator.experiments.replications import Job, Progress, check_settings, replicate
from simulator.files.writing import OutputSet, safe_output_dir
from simulator.model.outcomes import OUTCOME_CLASSES
from simulator.model.scenario import Scenario
from simulator.render.experiments.montecarlo import MONTECARLO_FILES, ReplicationWriter, write_montecarlo
from simulator.run import Row

CONFIDENCE = 0.95  # of the intervals on outcome probabilities


class Tally:
    """The replications of one scenario, added in order; memory: a few numbers a replication."""

    def __init__(self, scenario: Scenario, n: int):
        self.scenario = scenario
        self.n = n
        self.count = 0
        self.hours = np.full((len(scenario.record), n), np.nan)
        self.outcome = np.zeros(n, dtype=np.int8)
        self.personnel = np.zeros(n, dtype=np.int64)
        self.decided = np.zeros(n, dtype=np.int16)
        self.decided_h = np.full(n, np.nan)
        self.steps: list[str] = []  # deciding steps, by code

    def add(self, rows: list[Row]) -> None:
        for row in rows:
            r = row.replication
            self.hours[:, r] = row.hours
            self.outcome[r] = OUTCOME_CLASSES.index(row.outcome)
            self.personnel[r] = row.personnel
            if row.decided_by not in self.steps:
                self.steps.append(row.decided_by)
            self.decided[r] = self.steps.index(row.decided_by)
            self.decided_h[r] = row.decided_h
        self.count += len(rows)


def share_interval(count: int, n: int) -> tuple[float, float]:
    """95% Wilson score interval of a share ``count / n``.

    The closed form (as scipy.stats.binomtest(...).proportion_ci(method="wilson") gives it):
    importing scipy.stats would cost seconds on every run.
    """
    z = NormalDist().inv_cdf(0.5 + CONFIDENCE / 2)
    share, z2 = count / n, z * z
    centre = (share + z2 / (2 * n)) / (1 + z2 / n)
    half = z * math.sqrt(share * (1 - share) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(eq=False)
class MonteCarloResult:
    """n predictive replications of one scenario or variant, summarised.

    ``replications``, ``outcomes`` and ``milestones`` are pandas DataFrames; ``stats`` holds the
    per-milestone arrays behind them (one value a replication, NaN where not reached).
    """

    scenario: Scenario
    n: int
    seed: int
    stats: list[MilestoneFidelity]
    counts: dict[str, int]
    tally: Tally = field(repr=False)
    streamed_to: Path | None = None  # the folder replications.csv was streamed to, if any

    @property
    def fork_h(self) -> float | None:
        """Hours after the origin where a variant forks from the record (None: no fork)."""
        return self.scenario.fork_h if isinstance(self.scenario, VariantScenario) else None

    @property
    def replications(self):
        """One row a replication: outcome, deciding step, personnel deployed, hours of each record entry."""
        import pandas as pd  # deferred: only the DataFrame views need pandas

        tally = self.tally
        data = {
            "replication": np.arange(self.n),
            "outcome": [OUTCOME_CLASSES[c] for c in tally.outcome],
            "decided_by": [tally.steps[c] for c in tally.decided],
            "decided_hours": tally.decided_h,
            "personnel_deployed": tally.personnel,
        }
        for m in self.stats:
            data[m.id] = m.simulated_h
        return pd.DataFrame(data)

    @property
    def outcomes(self):
        """One row an outcome class: replications, share and its 95% interval, whether it is the record's,
        and the median time at which the runs that ended in it were decided."""
        import pandas as pd  # deferred: only the DataFrame views need pandas

        recorded = self.scenario.recorded.outcome if self.scenario.recorded else None
        rows = []
        for code, (name, count) in enumerate(self.counts.items()):
            low, high = share_interval(count, self.n)
            decided = self.tally.decided_h[(self.tally.outcome == code) & ~np.isnan(self.tally.decided_h)]
            median = float(np.median(decided)) if decided.size else np.nan
            when = "" if np.isnan(median) else fmt(local(at_hours(self.scenario.origin, median), self.scenario.timezone))
            rows.append({"outcome": name, "replications": count, "share": count / self.n,
                         "ci_low": low, "ci_high": high,
                         "recorded": "" if recorded is None else ("yes" if name == recorded else "no"),
                         "decided_median": when, "decided_median_hours": median})
        return pd.DataFrame(rows)

    @property
    def milestones(self):
        """One row a record entry: the record, the share reached, median and 5th/95th percentiles, shares on record."""
        import pandas as pd  # deferred: only the DataFrame views need pandas

        rows = []
        for m in self.stats:
            q = m.quantiles_h() or (np.nan, np.nan, np.nan)
            local = ["" if np.isnan(h) else m.local_text(self.scenario.origin, h) for h in q]
            rows.append({
                "id": m.id, "label": m.label, "step": m.step, "member": m.member, "zone": m.zone, "record": m.record,
                "window_start_hours": m.window_start_h, "window_end_hours": m.window_end_h,
                "replications": self.n, "share_reached": m.share_reached,
                "median": local[1], "median_hours": q[1], "p5": local[0], "p5_hours": q[0],
                "p95": local[2], "p95_hours": q[2],
                "share_on_record": m.share_on_record, "share_within_1_day": m.share_within_day,
            })
        return pd.DataFrame(rows)

    def chart(self):
        """Histograms of each milestone's simulated time, record windows shaded (a matplotlib Figure)."""
        from simulator.render.charts.montecarlo import distributions_figure  # deferred: matplotlib

        return distributions_figure(self)

    def write(self, out_dir: str | Path) -> list[Path]:
        """Write replications.csv, outcomes.csv, milestones.csv, distributions.png, distributions.svg and
        summary.md, replaced together (nothing to do in the folder the run itself wrote them to)."""
        return write_montecarlo(self, Path(out_dir))


def montecarlo(
    scenario: Scenario | str | Path,
    n: int = 1000,
    seed: int | None = None,
    workers: int = 1,
    backend: str = "local",
    scheduler=None,
    out: str | Path | None = None,
    progress: Progress | None = None,
) -> MonteCarloResult:
    """Run predictive replications 0..n-1 of a scenario or variant (a loaded one or a path).

    ``seed`` defaults to the scenario's. ``workers`` local processes (``backend='local'``) or a
    dask.distributed cluster (``backend='dask'``, ``scheduler`` an address, 'local' or a Client)
    give the same results as one worker. With ``out``, every output is written into that folder
    (replications.csv streamed as replications finish), and they replace its previous ones
    together, at the end (see :meth:`MonteCarloResult.write`).
    """
    check_settings(n, workers, backend, scheduler, seed)
    if not isinstance(scenario, Scenario):
        scenario = load_case(scenario)
    job = Job.of(scenario, seed)
    tally = Tally(scenario, n)
    if out is None:
        with closing(replicate([job], n, workers, backend, scheduler, progress)) as chunks:
            for _, rows in chunks:
                tally.add(rows)
        return result_of(tally, job.seed)
    out = safe_output_dir(Path(out))
    # the folder is locked and checked before the first run; nothing replaces its files until all are ready
    with OutputSet(out, "montecarlo", MONTECARLO_FILES) as outputs:
        with outputs.stream("replications.csv") as handle, \
                closing(replicate([job], n, workers, backend, scheduler, progress)) as chunks:
            writer = ReplicationWriter(handle, scenario)
            for _, rows in chunks:
                writer.write(rows)
                tally.add(rows)
        result = result_of(tally, job.seed, out)
        write_montecarlo(result, out, outputs)
    return result


def result_of(tally: Tally, seed: int, streamed_to: Path | None = None) -> MonteCarloResult:
    """The summary of a complete tally."""
    counts = dict.fromkeys(OUTCOME_CLASSES, 0)
    for code, count in zip(*np.unique(tally.outcome, return_counts=True), strict=True):
        counts[OUTCOME_CLASSES[code]] = int(count)
    stats = milestone_fidelity(tally.scenario, tally.hours)
    return MonteCarloResult(tally.scenario, tally.n, seed, stats, counts, tally, streamed_to)
