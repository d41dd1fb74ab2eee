"""Fitting a treaty's step durations to the record's intervals, and scoring predictions of left-out cases.

A step's intervals (hours, one a case) are fitted as a lognormal: the median is the geometric
mean; the spread pools the step's own scatter with the treaty's (two pseudo-intervals of the
pooled spread), widened for a new case by sqrt(1 + 1/n). Few intervals per step are the rule,
so the pooled spread carries most fits. A step no case dates gets every interval of the treaty.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from simulator.base.distributions import Duration

MIN_H = 0.5  # the record's hours are rarely finer; a zero interval would have no logarithm
PRIOR_SIGMA = 1.0  # the spread when the record gives no scatter at all: a factor e either way (an assumption)
PSEUDO = 2  # intervals' worth of weight of the pooled spread in each step's fit
MAX_SIGMA = 3.0


def _logs(hours: list[float]) -> list[float]:
    return [math.log(max(h, MIN_H)) for h in hours]


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


def pooled_sigma(by_step: dict[str, list[float]]) -> float:
    """The within-step spread of log-intervals over the steps dated by two or more cases."""
    squares, freedom = 0.0, 0
    for hours in by_step.values():
        if len(hours) >= 2:
            logs = _logs(hours)
            mean = _mean(logs)
            squares += sum((x - mean) ** 2 for x in logs)
            freedom += len(logs) - 1
    return math.sqrt(squares / freedom) if freedom and squares > 0 else PRIOR_SIGMA


def case_pace(by_step_case: dict[str, dict[str, float]]) -> float:
    """The log-spread of a whole case's pace: how far a case's steps are fast or slow together.

    Each case's residuals (log-interval minus its step's mean, over steps two or more cases date)
    covary within the case by the pace's variance; estimated as the mean product of a case's
    pairs of residuals. 0 when no case has two such steps (nothing to learn it from).
    """
    residuals: dict[str, list[float]] = {}
    for by_case in by_step_case.values():
        if len(by_case) >= 2:
            mean = _mean(_logs(list(by_case.values())))
            for case, hours in by_case.items():
                residuals.setdefault(case, []).append(_logs([hours])[0] - mean)
    products = [a * b for r in residuals.values() for i, a in enumerate(r) for b in r[i + 1:]]
    return round(math.sqrt(max(_mean(products), 0.0)), 3) if products else 0.0


def fit_step(hours: list[float], pooled: float, pace: float = 0.0) -> Duration:
    """The lognormal of one step's intervals, its spread shrunk towards ``pooled``, less the case's ``pace``."""
    logs = _logs(hours)
    mean = _mean(logs)
    squares = sum((x - mean) ** 2 for x in logs)
    sigma = math.sqrt((squares + PSEUDO * pooled**2) / (len(logs) - 1 + PSEUDO))
    return _lognormal(math.exp(mean), sigma * math.sqrt(1 + 1 / len(logs)), pace)


def fit_pooled(by_step: dict[str, list[float]], pooled: float, pace: float = 0.0) -> Duration:
    """A step no case dates: all the treaty's intervals, at least as spread as its steps are."""
    logs = _logs([h for hours in by_step.values() for h in hours])
    if not logs:
        return _lognormal(24.0, PRIOR_SIGMA)
    mean = _mean(logs)
    spread = math.sqrt(_mean([(x - mean) ** 2 for x in logs])) if len(logs) > 1 else PRIOR_SIGMA
    return _lognormal(math.exp(mean), max(spread, pooled) * math.sqrt(1 + 1 / len(logs)), pace)


def total_sigma(duration: Duration, pace: float) -> float:
    """A learned lognormal's whole spread for one case: its own and the case's pace together."""
    return math.hypot(duration.params[1], pace)


def _lognormal(median: float, sigma: float, pace: float = 0.0) -> Duration:
    own = math.sqrt(max(sigma**2 - pace**2, 0.0))  # the pace carries the part of the spread a case's steps share
    return Duration("lognormal", (round(median, 2), round(min(max(own, 0.05), MAX_SIGMA), 3)))


@dataclass(frozen=True)
class MilestoneCheck:
    """One record milestone of a left-out case against its predicted 90% interval."""

    case: str
    milestone: str
    window_h: tuple[float, float]  # the record's date or window, hours after the origin
    interval_h: tuple[float, float]  # 5th and 95th percentile of the runs (inf: not reached)

    @property
    def inside(self) -> bool:
        """Does the record's date or window meet the predicted 90% interval?"""
        low, high = self.interval_h
        return self.window_h[1] >= low and self.window_h[0] <= high

    @property
    def width_h(self) -> float:
        return self.interval_h[1] - self.interval_h[0]


def interval_90(simulated_h) -> tuple[float, float]:
    """5th and 95th percentile of the runs' hours; a run that never reached the milestone counts as later than all."""
    values = sorted(math.inf if math.isnan(h) else h for h in simulated_h)
    return _percentile(values, 0.05), _percentile(values, 0.95)


def _percentile(values: list[float], q: float) -> float:
    position = q * (len(values) - 1)
    low, high = math.floor(position), math.ceil(position)
    if values[high] == math.inf:
        return math.inf if position > low or values[low] == math.inf else values[low]
    return values[low] + (values[high] - values[low]) * (position - low)


def share_inside(checks: list[MilestoneCheck]) -> float | None:
    """Share of milestones whose record meets the predicted 90% interval; None without milestones."""
    return sum(c.inside for c in checks) / len(checks) if checks else None


def median_width_h(checks: list[MilestoneCheck]) -> float | None:
    """Median width of the predicted 90% intervals; an interval whose end more than 5% of runs never
    reach (within the horizon) is unbounded, and counts as wider than all."""
    widths = sorted(c.width_h for c in checks)
    if not widths:
        return None
    middle = len(widths) // 2
    if len(widths) % 2:
        return widths[middle]
    low, high = widths[middle - 1], widths[middle]
    return math.inf if math.isinf(high) else (low + high) / 2


def unbounded(checks: list[MilestoneCheck]) -> int:
    """How many predicted intervals have no end: more than 5% of runs never reach the milestone."""
    return sum(math.isinf(c.interval_h[1]) for c in checks)
