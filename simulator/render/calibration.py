"""What `treaty-sim fidelity --leave-one-out` prints and writes: one CSV row a milestone, and a summary line."""

from __future__ import annotations

import math

from simulator.analysis.calibration import MilestoneCheck, median_width_h, unbounded
from simulator.base.text import csv_text

FIELDS = ("case", "milestone", "record_start_h", "record_end_h", "p5_h", "p95_h", "inside")
TARGET = (0.80, 0.95)  # calibrated: neither overconfident nor uselessly wide


def _hours(value: float) -> str:
    return "never" if math.isinf(value) else f"{value:.1f}"


def leave_one_out_csv(report) -> str:
    """leave-one-out.csv: per milestone, the record's window and the predicted 90% interval (hours after origin)."""
    rows = [{"case": c.case, "milestone": c.milestone, "record_start_h": f"{c.window_h[0]:.1f}",
             "record_end_h": f"{c.window_h[1]:.1f}", "p5_h": _hours(c.interval_h[0]), "p95_h": _hours(c.interval_h[1]),
             "inside": "yes" if c.inside else "no"} for c in report.checks]
    return csv_text(rows, FIELDS)


def width_text(checks: list[MilestoneCheck]) -> str:
    """The median width of the predicted 90% intervals, in days."""
    width = median_width_h(checks)
    if width is None:
        return "—"
    return "unbounded" if math.isinf(width) else f"{width / 24:.1f} days"


def summary_line(report) -> str:
    """e.g. 'nato: 33 of 40 record milestones (82%) inside the predicted 90% interval; median width 3.1 days'."""
    checks = report.checks
    if not checks:
        return f"{report.treaty}: no case could be predicted from the others"
    inside = sum(c.inside for c in checks)
    share = inside / len(checks)
    low, high = TARGET
    verdict = "within" if low <= share <= high else ("below" if share < low else "above")
    open_ended = unbounded(checks)
    return (f"{report.treaty}: {inside} of {len(checks)} record milestones ({share:.0%}) inside the predicted 90% "
            f"interval; median width {width_text(checks)}; {open_ended} intervals unbounded (more than 5% of runs "
            f"never reach the milestone) ({verdict} the {low:.0%}–{high:.0%} target)")
