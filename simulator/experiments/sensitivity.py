"""Global sensitivity of one milestone to named parameters, with SALib (Sobol' or Morris).

SALib draws the parameter points (Sobol': N·(D+2) points without second-order terms; Morris: N
trajectories of D+1 points); each point is a scenario with those values, run for ``replications``
predictive replications with one seed (the same draws at every point). The output at a point is
the mean simulated time of the milestone in hours; a run that never reaches it counts as reaching
it at the horizon (reported as ``censored``). SALib then estimates the indices, with bootstrap
confidence intervals.
"""

from __future__ import annotations

import importlib.util
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from simulator.base.errors import UserError
from simulator.base.limits import MAX_POINTS, check_runs
from simulator.checks.variant import build, load_draft
from simulator.experiments.params import Param, check_unique, parse_param
from simulator.experiments.replications import Job, Progress, check_settings, replicate
from simulator.experiments.sweep import derive
from simulator.render.experiments.sensitivity import write_sensitivity

METHODS = ("sobol", "morris")


@dataclass(eq=False)
class SensitivityResult:
    """SALib's indices for one milestone, and the points they came from."""

    method: str
    milestone: str
    label: str
    params: list[Param]
    points: np.ndarray  # one row a point, one column a parameter (after rounding whole-number parameters)
    outputs: np.ndarray  # mean hours of the milestone at each point
    censored: np.ndarray  # share of runs at each point that never reached it
    indices: dict
    n: int
    replications: int
    seed: int
    scenario: object

    @property
    def table(self):
        """One row a parameter: Sobol' S1, S1_conf, ST, ST_conf, or Morris mu, mu_star, mu_star_conf, sigma."""
        import pandas as pd  # deferred: only the DataFrame views need pandas

        keys = ("S1", "S1_conf", "ST", "ST_conf") if self.method == "sobol" else ("mu", "mu_star", "mu_star_conf", "sigma")
        rows = [{"parameter": p.name, "low": p.low, "high": p.high,
                 **{k: float(np.asarray(self.indices[k])[i]) for k in keys}} for i, p in enumerate(self.params)]
        return pd.DataFrame(rows)

    @property
    def samples(self):
        """One row a point: the parameter values, the mean hours of the milestone and the censored share."""
        import pandas as pd  # deferred: only the DataFrame views need pandas

        frame = pd.DataFrame(self.points, columns=[p.name for p in self.params])
        frame[f"{self.milestone}_mean_hours"] = self.outputs
        frame["censored"] = self.censored
        return frame

    def chart(self):
        """A bar chart of the indices, largest first, with their confidence intervals (matplotlib Figure)."""
        from simulator.render.charts.sensitivity import sensitivity_figure  # deferred: matplotlib

        return sensitivity_figure(self)

    def write(self, out_dir: str | Path) -> list[Path]:
        """Write sensitivity.csv, sensitivity-samples.csv, sensitivity.png, sensitivity.svg and sensitivity.md."""
        return write_sensitivity(self, Path(out_dir))


def point_count(method: str, n: int, parameters: int) -> int:
    """How many points SALib draws, known before drawing them."""
    return n * (parameters + (2 if method == "sobol" else 1))


def check_points(method: str, n: int, parameters: int, replications: int) -> None:
    """UserError for more points, or more runs, than the documented limits, before any is drawn."""
    points = point_count(method, n, parameters)
    if points > MAX_POINTS:
        raise UserError.single(f"-n {n:,} with {parameters} parameter(s) is {points:,} {method} points, more than "
                               f"the limit of {MAX_POINTS:,}", hint="use a smaller -n")
    check_runs(points * replications, f"{points:,} points × {replications:,} runs", "use a smaller -n or --runs")


def sample(problem: dict, method: str, n: int, seed: int) -> np.ndarray:
    """SALib's points for ``problem``."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SALib prefers N a power of two; any N gives valid indices
        if method == "sobol":
            from SALib.sample import sobol  # deferred: SALib takes seconds to import

            return sobol.sample(problem, n, calc_second_order=False, seed=seed)
        from SALib.sample import morris  # deferred: SALib takes seconds to import

        return morris.sample(problem, n, num_levels=4, seed=seed)


def analyse(problem: dict, method: str, points: np.ndarray, outputs: np.ndarray, seed: int) -> dict:
    """SALib's indices for the outputs at the points."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if method == "sobol":
            from SALib.analyze import sobol  # deferred: SALib takes seconds to import

            return dict(sobol.analyze(problem, outputs, calc_second_order=False, seed=seed))
        from SALib.analyze import morris  # deferred: SALib takes seconds to import

        return dict(morris.analyze(problem, points, outputs, num_levels=4, seed=seed))


def sensitivity(
    case: str | Path,
    milestone: str,
    params: list[Param | str],
    method: str = "sobol",
    n: int = 64,
    replications: int = 20,
    seed: int | None = None,
    workers: int = 1,
    backend: str = "local",
    scheduler=None,
    progress: Progress | None = None,
) -> SensitivityResult:
    """Sensitivity of ``milestone`` (a record id) to parameters given as ``PATH=LOW:HIGH`` (or ``PATH*=``
    for a scale factor), by Sobol' indices or Morris elementary effects, from SALib.

    ``n`` is SALib's base sample size; each point runs ``replications`` predictive replications.
    """
    if method not in METHODS:
        raise UserError.single(f"unknown method {method!r}", hint="use sobol or morris")
    if importlib.util.find_spec("SALib") is None:  # an optional extra: the default install stays lean
        raise UserError.single("treaty-sim sensitivity needs SALib, which is not installed",
                               hint="pip install 'treaty-sim[sensitivity]'")
    check_settings(replications, workers, backend, scheduler, seed)
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise UserError.single(f"the base sample size must be at least 2, got {n!r}", hint="use e.g. -n 64")
    params = [p if isinstance(p, Param) else parse_param(p, ranged=True) for p in params]
    if not params:
        raise UserError.single("sensitivity needs at least one --param", hint="e.g. --param air.airlift.aircraft=30:110")
    if any(p.low is None for p in params):
        raise UserError.single("each --param needs a range LOW:HIGH", hint="e.g. --param air.airlift.aircraft=30:110")
    check_unique(params)
    check_points(method, n, len(params), replications)
    draft, extra = load_draft(case)
    ids = [e.get("id") for e in draft.data.get("record") or [] if isinstance(e, dict)]
    if milestone not in ids:
        raise UserError.single(f"unknown milestone {milestone!r}", draft.file, f"use a record id: {', '.join(map(str, ids))}")
    problem = {"num_vars": len(params), "names": [p.name for p in params], "bounds": [[p.low, p.high] for p in params]}
    seed_used = build(draft.copy(), extra or None).seed if seed is None else seed
    points = sample(problem, method, n, seed_used)
    whole = [p.is_integer(draft) for p in params]
    points = np.array([[round(v) if w else v for v, w in zip(row, whole, strict=True)] for row in points], dtype=float)
    scenarios = [derive(draft, extra, params, [int(v) if w else float(v) for v, w in zip(row, whole, strict=True)])
                 for row in points]
    jobs = [Job.of(s, seed_used) for s in scenarios]
    row = ids.index(milestone)
    horizon = scenarios[0].horizon_h
    sums = np.zeros(len(jobs))
    censored = np.zeros(len(jobs))
    for index, rows in replicate(jobs, replications, workers, backend, scheduler, progress):
        hours = np.array([r.hours[row] for r in rows])
        censored[index] += np.count_nonzero(np.isnan(hours))
        sums[index] += np.where(np.isnan(hours), horizon, hours).sum()
    outputs = sums / replications
    indices = analyse(problem, method, points, outputs, seed_used)
    label = scenarios[0].record[row].label
    return SensitivityResult(method, milestone, label, params, points, outputs, censored / replications, indices, n,
                             replications, jobs[0].seed, scenarios[0])
