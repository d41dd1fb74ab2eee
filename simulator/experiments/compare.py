"""Comparing scenarios and variants: milestone by milestone (matched by record id) and by outcome.

In replay mode each case is replayed once (a variant with ``fork_at`` keeps the record up to its
fork) and the differences are plain. In Monte Carlo mode every case runs replications 0..n-1 with
the same seed: common random numbers, so replication r of two cases shares every draw of the
actors and steps they have in common, and the paired difference (case − first case) in
replication r comes from the change, not from noise. Its median and 90% interval (5th–95th
percentile over the replications where both cases reach the milestone) are reported.

A case's difference is always measured against the first case run with the same fork as that
case (the first case is run again with that fork when its own differs), so that both keep the
same part of the record and differ only by the change.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from simulator.analysis.milestones import describe_record
from simulator.base.errors import UserError
from simulator.base.timeutil import at_hours, fmt, local
from simulator.checks.variant import VariantScenario, load_case
from simulator.experiments.montecarlo import Tally, result_of
from simulator.experiments.replications import Job, Progress, check_settings, replicate
from simulator.model.outcomes import OUTCOME_CLASSES
from simulator.model.scenario import Scenario
from simulator.render.experiments.compare import write_comparison
from simulator.run import run

MODES = ("replay", "montecarlo")
MAX_CASES = 8


@dataclass(eq=False)
class Comparison:
    """Two or more cases side by side. ``runs`` (replay) or ``results`` (Monte Carlo) hold each case's."""

    mode: str
    cases: list[Scenario]
    names: list[str]
    seed: int
    n: int
    runs: list | None = None  # RunResult per case (replay)
    results: list | None = None  # MonteCarloResult per case (Monte Carlo)
    references: list | None = None  # per case: the first case's run(s) with that case's fork

    def _milestones(self, outcome, record_id: str) -> np.ndarray | None:
        if self.mode == "replay":
            found = next((m for m in outcome.milestones if m.id == record_id), None)
            if found is None:
                return None
            return np.array([np.nan if found.simulated_h is None else found.simulated_h])
        found = next((m for m in outcome.stats if m.id == record_id), None)
        return None if found is None else found.simulated_h

    @property
    def ids(self) -> list[str]:
        """Record ids of all cases: the first case's order, then ids only later cases have."""
        ids: list[str] = []
        for case in self.cases:
            ids += [e.id for e in case.record if e.id not in ids]
        return ids

    def hours(self, case: int, record_id: str) -> np.ndarray | None:
        """Simulated hours of a milestone in one case: one value (replay) or one a replication; None if absent."""
        return self._milestones((self.runs or self.results)[case], record_id)

    def differences(self, case: int, record_id: str) -> np.ndarray | None:
        """Paired differences case − first case (run with the case's fork), in hours, over the runs
        where both reach the milestone."""
        a = self._milestones(self.references[case], record_id)
        b = self.hours(case, record_id)
        if a is None or b is None:
            return None
        both = ~np.isnan(a) & ~np.isnan(b)
        return (b - a)[both]

    def entry(self, record_id: str):
        """The record entry (of the first case that has it)."""
        for case in self.cases:
            for e in case.record:
                if e.id == record_id:
                    return case, e
        raise KeyError(record_id)

    def local_text(self, record_id: str, hours: float) -> str:
        """``hours`` after the origin as local time in the zone of record entry ``record_id``."""
        case, entry = self.entry(record_id)
        return fmt(local(at_hours(case.origin, hours), entry.tz or case.timezone))

    @property
    def table(self):
        """One row a milestone: the record, each case's simulated time (median in Monte Carlo mode)
        and, for every case after the first, the difference from the first in hours (median and
        5th/95th percentile of the paired differences in Monte Carlo mode)."""
        import pandas as pd  # deferred: only the DataFrame views need pandas

        rows = []
        for record_id in self.ids:
            case, entry = self.entry(record_id)
            row = {"id": record_id, "label": entry.label, "record": describe_record(entry, entry.tz or case.timezone)}
            for k, name in enumerate(self.names):
                values = self.hours(k, record_id)
                reached = values[~np.isnan(values)] if values is not None else np.array([])
                median = float(np.median(reached)) if reached.size else np.nan
                row[f"{name}_hours"] = median
                row[name] = "" if np.isnan(median) else self.local_text(record_id, median)
                if self.mode == "montecarlo":
                    row[f"{name}_reached"] = reached.size / self.n if values is not None else np.nan
                if k == 0:
                    continue
                diffs = self.differences(k, record_id)
                has = diffs is not None and diffs.size > 0
                if self.mode == "replay":
                    row[f"{name}_delta_hours"] = float(diffs[0]) if has else np.nan
                else:
                    p5, p50, p95 = np.percentile(diffs, [5, 50, 95]) if has else (np.nan,) * 3
                    row[f"{name}_delta_median_hours"] = p50
                    row[f"{name}_delta_p5_hours"] = p5
                    row[f"{name}_delta_p95_hours"] = p95
                    row[f"{name}_pairs"] = diffs.size if diffs is not None else 0
            rows.append(row)
        return pd.DataFrame(rows)

    @property
    def outcomes(self):
        """One row a case and outcome class: the share of runs (1 or 0 in replay) with its 95% interval."""
        import pandas as pd  # deferred: only the DataFrame views need pandas

        rows = []
        for k, name in enumerate(self.names):
            if self.mode == "replay":
                run = self.runs[k]
                for outcome in OUTCOME_CLASSES:
                    hit = float(run.outcome == outcome)
                    rows.append({"case": name, "outcome": outcome, "replications": 1, "share": hit,
                                 "ci_low": np.nan, "ci_high": np.nan})
            else:
                frame = self.results[k].outcomes
                for row in frame.itertuples():
                    rows.append({"case": name, "outcome": row.outcome, "replications": self.n, "share": row.share,
                                 "ci_low": row.ci_low, "ci_high": row.ci_high})
        return pd.DataFrame(rows)

    def charts(self):
        """(overlaid timelines, differences) as matplotlib Figures."""
        from simulator.render.charts.compare import differences_figure, timelines_figure  # deferred: matplotlib

        return timelines_figure(self), differences_figure(self)

    def write(self, out_dir: str | Path) -> list[Path]:
        """Write compare.csv, compare-outcomes.csv, the two charts (PNG and SVG) and compare.md."""
        return write_comparison(self, Path(out_dir))


def compare(
    cases: list[Scenario | str | Path],
    mode: str = "replay",
    n: int = 1000,
    seed: int | None = None,
    workers: int = 1,
    backend: str = "local",
    scheduler=None,
    progress: Progress | None = None,
) -> Comparison:
    """Compare two or more scenarios or variants (loaded, or paths), in replay or Monte Carlo mode.

    Monte Carlo mode runs replications 0..n-1 of every case with one seed (default: the first
    case's), so paired differences share their random draws.
    """
    if mode not in MODES:
        raise UserError.single(f"unknown mode {mode!r}", hint="use replay or montecarlo")
    if not 2 <= len(cases) <= MAX_CASES:
        raise UserError.single(f"compare needs 2 to {MAX_CASES} scenarios or variants, got {len(cases)}",
                               hint="name a case and a variant of it, e.g. treaty-sim compare scenarios/kazakhstan-2022.yaml "
                                    "scenarios/variants/kz-half-aircraft.yaml")
    if mode == "montecarlo":
        check_settings(n, workers, backend, scheduler, seed)
    loaded = [c if isinstance(c, Scenario) else load_case(c) for c in cases]
    names = unique_names([c.scenario for c in loaded])
    seed = loaded[0].seed if seed is None else seed
    forks = [fork_of(c, mode) for c in loaded]
    extra = list(dict.fromkeys(f for f in forks[1:] if f != forks[0]))  # the first case again, with these forks
    if mode == "replay":
        runs = [run(c) for c in loaded]
        again = {f: run(loaded[0], pin_until=f) for f in extra}
        references = [runs[0] if f == forks[0] else again[f] for f in forks]
        return Comparison(mode, loaded, names, seed, 1, runs=runs, references=references)
    jobs = [Job.of(c, seed) for c in loaded] + [replace(Job.of(loaded[0], seed), pin_until=f) for f in extra]
    tallies = [Tally(job.scenario, n) for job in jobs]
    for index, rows in replicate(jobs, n, workers, backend, scheduler, progress):
        tallies[index].add(rows)
    results = [result_of(t, seed) for t in tallies]
    again = dict(zip(extra, results[len(loaded):], strict=True))
    references = [results[0] if f == forks[0] else again[f] for f in forks]
    return Comparison(mode, loaded, names, seed, n, results=results[: len(loaded)], references=references)


def fork_of(scenario: Scenario, mode: str) -> float:
    """Hours up to which a case's runs pin the record: its fork, or all (replay) or none (predictive)."""
    if isinstance(scenario, VariantScenario) and scenario.fork_h is not None:
        return scenario.fork_h
    return math.inf if mode == "replay" else -math.inf


def unique_names(names: list[str]) -> list[str]:
    """Case names for columns: scenario ids, numbered when one is given twice."""
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name}#{seen[name]}")
    return unique
