"""Parameter sweeps: every combination of named parameter values, n replications each.

Like Mesa's ``batch_run``: one table with one row a combination (its parameter values, outcome
shares and each milestone's median and 90% interval), and a long table with one row a
combination and replication. Every combination runs replications 0..n-1 with the same seed, so
combinations differ by their parameters, not by their random draws.
"""

from __future__ import annotations

import itertools
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from simulator.base.errors import UserError
from simulator.base.limits import MAX_COMBINATIONS, check_runs
from simulator.checks.variant import build, load_draft
from simulator.experiments.montecarlo import Tally, result_of
from simulator.experiments.params import Param, check_unique, parse_param
from simulator.experiments.replications import Job, Progress, check_settings, replicate
from simulator.files.writing import OutputSet, safe_output_dir
from simulator.model.scenario import Scenario
from simulator.render.experiments.sweep import SWEEP_FILES, LongWriter, write_sweep


def derive(draft, extra: dict, params: list[Param], values) -> Scenario:
    """The case with each parameter set to its value, validated like a scenario file."""
    changed = draft.copy()
    for param, value in zip(params, values, strict=True):
        param.apply(changed, value)
    return build(changed, extra or None)


@dataclass(eq=False)
class SweepResult:
    """A grid of parameter values and the Monte Carlo summary of each combination."""

    params: list[Param]
    combinations: list[tuple]
    results: list  # MonteCarloResult per combination
    n: int
    seed: int
    streamed_to: Path | None = None  # the folder sweep-replications.csv was streamed to, if any

    @property
    def table(self):
        """One row a combination: parameter values, replications, share of each outcome class, and per
        milestone the share of runs reaching it and the median, 5th and 95th percentile in hours."""
        import pandas as pd  # deferred: only the DataFrame views need pandas

        rows = []
        for values, result in zip(self.combinations, self.results, strict=True):
            row = {p.name: v for p, v in zip(self.params, values, strict=True)}
            row["replications"] = self.n
            for name, count in result.counts.items():
                row[f"share_{name}"] = count / self.n
            for m in result.stats:
                q = m.quantiles_h() or (np.nan, np.nan, np.nan)
                row[f"{m.id}_reached"] = m.share_reached
                row[f"{m.id}_median_hours"], row[f"{m.id}_p5_hours"], row[f"{m.id}_p95_hours"] = q[1], q[0], q[2]
            rows.append(row)
        return pd.DataFrame(rows)

    @property
    def replications(self):
        """One row a combination and replication (the parameter values, then replications.csv's columns)."""
        import pandas as pd  # deferred: only the DataFrame views need pandas

        frames = []
        for values, result in zip(self.combinations, self.results, strict=True):
            frame = result.replications
            for position, (param, value) in enumerate(zip(self.params, values, strict=True)):
                frame.insert(position, param.name, [value] * len(frame))
            frames.append(frame)
        return pd.concat(frames, ignore_index=True)

    def moved(self, count: int = 3) -> list[str]:
        """Ids of the milestones whose median moves most across the combinations."""
        spread = []
        for index, m in enumerate(self.results[0].stats):
            medians = [r.stats[index].quantiles_h() for r in self.results]
            values = [q[1] for q in medians if q is not None]
            spread.append((-(max(values) - min(values)) if values else 0.0, index, m.id))
        return [record_id for gap, _, record_id in sorted(spread)[:count] if gap < 0]

    def write(self, out_dir: str | Path) -> list[Path]:
        """Write sweep.csv, sweep-replications.csv and sweep.md, replaced together (nothing to do in the
        folder the sweep itself wrote them to)."""
        return write_sweep(self, Path(out_dir))


def grid_size(params: list[Param]) -> int:
    """Combinations of the parameters' values, counted without building them."""
    size = 1
    for param in params:
        size *= len(param.values)
    return size


def check_grid(params: list[Param], n: int) -> None:
    """UserError for a grid or a number of runs above the documented limits, before anything is built."""
    check_unique(params)
    size = grid_size(params)
    if size > MAX_COMBINATIONS:
        raise UserError.single(f"{size:,} combinations is more than the limit of {MAX_COMBINATIONS:,}",
                               hint="give fewer values")
    check_runs(size * n, f"{size:,} combinations × {n:,} replications", "give fewer values or a smaller -n")


def sweep(
    case: str | Path,
    params: list[Param | str],
    n: int = 100,
    seed: int | None = None,
    workers: int = 1,
    backend: str = "local",
    scheduler=None,
    progress: Progress | None = None,
    out: str | Path | None = None,
    milestones: list[str] | None = None,
) -> SweepResult:
    """Run every combination of the parameters' values (``PATH=V1,V2`` or Param) on a scenario or
    variant file, n predictive replications each with one seed. With ``out``, every output is
    written there (sweep-replications.csv streamed as replications finish), replacing the previous
    ones together at the end; ``milestones`` (record ids) are those sweep.md shows."""
    check_settings(n, workers, backend, scheduler, seed)
    params = [p if isinstance(p, Param) else parse_param(p) for p in params]
    if not params:
        raise UserError.single("a sweep needs at least one --param", hint="e.g. --param air.airlift.aircraft=40,75,110")
    check_grid(params, n)
    combinations = list(itertools.product(*(p.values for p in params)))
    draft, extra = load_draft(case)
    scenarios = [derive(draft, extra, params, values) for values in combinations]
    ids = [entry.id for entry in scenarios[0].record]
    unknown = [m for m in milestones or () if m not in ids]
    if unknown:
        raise UserError.single(f"unknown milestone {unknown[0]!r}", hint="use a record id: " + ", ".join(ids))
    jobs = [Job.of(s, seed) for s in scenarios]
    tallies = [Tally(s, n) for s in scenarios]
    if out is None:
        with closing(replicate(jobs, n, workers, backend, scheduler, progress)) as chunks:
            for index, rows in chunks:
                tallies[index].add(rows)
        return SweepResult(params, combinations, [result_of(t, jobs[0].seed) for t in tallies], n, jobs[0].seed)
    out = safe_output_dir(Path(out))
    # the folder is locked and checked before the first run; nothing replaces its files until all are ready
    with OutputSet(out, "sweep", SWEEP_FILES) as outputs:
        with outputs.stream("sweep-replications.csv") as handle, \
                closing(replicate(jobs, n, workers, backend, scheduler, progress)) as chunks:
            writer = LongWriter(handle, params, scenarios[0])
            for index, rows in chunks:
                writer.write(combinations[index], rows)
                tallies[index].add(rows)
        result = SweepResult(params, combinations, [result_of(t, jobs[0].seed) for t in tallies], n, jobs[0].seed, out)
        write_sweep(result, out, milestones, outputs)
    return result
