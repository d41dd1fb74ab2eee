"""Fidelity chart: per milestone, the record's window against the predicted 90% interval."""

from __future__ import annotations

import matplotlib.dates as mdates
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from simulator.analysis.fidelity import TARGET_SHARE, WITHIN_H
from simulator.base.timeutil import at_hours, zone
from simulator.render.charts.dates import date_axis

MIN_WIDTH_H = 0.75  # so that an exact instant or a short window stays visible
GOOD, BAD = "#2e7d32", "#c62828"


def fidelity_figure(report) -> Figure:
    """One row a milestone: ±1 day band, record window, predicted 5–95% bar and median."""
    scenario = report.scenario
    origin = scenario.origin
    tz = zone(scenario.timezone)
    rows = report.milestones

    def x(hours: float) -> float:
        return mdates.date2num(at_hours(origin, hours))

    def band(y: float, start_h: float, end_h: float, height: float, **style) -> None:
        middle, width = (start_h + end_h) / 2, max(end_h - start_h, MIN_WIDTH_H)
        ax.broken_barh([(x(middle - width / 2), width / 24.0)], (y - height / 2, height), linewidth=0, **style)

    figure = Figure(figsize=(13, max(3.5, 0.42 * len(rows) + 1.8)), layout="constrained")
    ax = figure.add_subplot()
    for y, m in enumerate(rows):
        band(y, m.window_start_h - WITHIN_H, m.window_end_h + WITHIN_H, 0.8, facecolors="#fff3c4", zorder=0)
        band(y, m.window_start_h, m.window_end_h, 0.8, facecolors="#f2b233", zorder=1)
        quantiles = m.quantiles_h()
        if quantiles is not None:
            p5, p50, p95 = quantiles
            band(y, p5, p95, 0.3, facecolors="#3b6ea8", zorder=2)
            ax.plot([x(p50)], [y], marker="o", markersize=5, color="black", linestyle="none", zorder=3)
        share = m.share_within_day
        ax.text(1.005, y, f"{share:.0%}", transform=ax.get_yaxis_transform(), va="center", fontsize=8,
                color=GOOD if share >= TARGET_SHARE else BAD)
    if rows:
        ax.set_yticks(range(len(rows)), [m.label for m in rows])
        ax.set_ylim(len(rows) - 0.5, -0.5)
    else:
        ax.text(0.5, 0.5, "the scenario has no record entries", transform=ax.transAxes, ha="center")
    date_axis(ax, tz, day_format="%d\n%b")
    ax.grid(axis="x", which="major", color="0.88")
    ax.set_xlabel(f"Date ({scenario.timezone})")
    ax.text(1.005, -0.6, "within\n±1 day", transform=ax.get_yaxis_transform(), va="bottom", fontsize=8)
    rate = report.match_rate
    outcome = (
        f"outcome {report.recorded_outcome} in {rate:.0%}" if rate is not None else "no recorded outcome"
    )
    ax.set_title(
        f"{scenario.title}\nfidelity: {report.n} predictive runs, seed {report.seed}; {outcome}; "
        f"{len(report.reproduced())} of {len(rows)} milestones within ±1 day in ≥ {TARGET_SHARE:.0%} of runs",
        loc="left", fontsize=10,
    )
    handles = [
        Patch(color="#fff3c4", label="record ± 1 day"),
        Patch(color="#f2b233", label="record date or window"),
        Patch(color="#3b6ea8", label="predicted 90% interval"),
        Line2D([], [], marker="o", color="black", linestyle="none", markersize=5, label="predicted median"),
    ]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.09), ncol=4, fontsize=8, frameon=False)
    return figure
