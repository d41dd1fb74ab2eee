"""Milestone distributions of many runs: one row a record entry, its histogram over the runs drawn
as a ridge on a shared date axis, the record's date or window shaded behind it."""

from __future__ import annotations

import matplotlib.dates as mdates
import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from simulator.base.timeutil import zone
from simulator.render.charts.dates import date_axis

RECORD, NEAR = "#f2b233", "#fff3c4"
COLOURS = ("#3b6ea8", "#c0392b", "#2e8b57", "#8e44ad", "#d35400", "#555555")
MIN_WIDTH_H = 0.75  # so that an exact instant stays visible
BINS = 40
HEIGHT = 0.85  # of a row, for the tallest bin


def milestone_axes(origin, rows, extra_height: float):
    """(figure, axes, x) for one row a milestone: the record bands of ``rows`` drawn, and ``x(hours)``
    giving the date number of hours after ``origin`` (a number or an array)."""
    start = mdates.date2num(origin)

    def x(hours):
        return start + np.asarray(hours, dtype=float) / 24.0

    figure = Figure(figsize=(13, max(3.5, 0.42 * len(rows) + extra_height)), layout="constrained")
    ax = figure.add_subplot()
    record_bands(ax, rows, x)
    return figure, ax, x


def record_bands(ax, stats, x) -> None:
    """Per row: record ± 1 day (light) and the record's date or window (dark)."""
    for y, m in enumerate(stats):
        start, end = m.window_start_h, m.window_end_h
        middle, width = (start + end) / 2, max(end - start, MIN_WIDTH_H)
        for low, high, colour in ((start - 24, end + 24, NEAR), (middle - width / 2, middle + width / 2, RECORD)):
            ax.broken_barh([(x(low), (high - low) / 24)], (y - 0.45, 0.9), facecolors=colour, linewidth=0, zorder=0)


def ridge(ax, y: float, hours: np.ndarray, x, colour: str, offset: float = 0.0) -> None:
    """The histogram of ``hours`` (NaN: not reached, left out) as a filled ridge above row ``y``."""
    values = hours[~np.isnan(hours)]
    if values.size == 0:
        return
    low, high = np.percentile(values, [0.5, 99.5])
    if high - low < 1e-6:
        low, high = low - 0.5, high + 0.5
    counts, edges = np.histogram(values, bins=BINS, range=(low, high))
    top = y + 0.45 - offset
    heights = counts / max(counts.max(), 1) * HEIGHT
    xs = np.repeat(x(edges), 2)[1:-1]
    ys = top - np.repeat(heights, 2)
    ax.fill_between(xs, top, ys, color=colour, alpha=0.55, linewidth=0, zorder=2)
    ax.plot([x(float(np.median(values)))], [top - HEIGHT / 2], marker="o", markersize=3.5, color=colour,
            markeredgecolor="black", markeredgewidth=0.4, linestyle="none", zorder=3)


def frame(ax, scenario, stats, labels) -> None:
    """Row labels, a date axis in the scenario's zone, and a grid."""
    ax.set_yticks(range(len(stats)), labels)
    ax.set_ylim(len(stats) - 0.5, -0.5)
    ax.tick_params(axis="y", labelsize=8)
    date_axis(ax, zone(scenario.timezone), day_format="%d\n%b")
    ax.grid(axis="x", which="major", color="0.88")
    ax.set_xlabel(f"Date ({scenario.timezone})")


def distributions_figure(result) -> Figure:
    """One row a milestone: histogram of its simulated time over the runs that reached it, the median
    (dot), the record's window and ± 1 day shaded, and the shares on record and reached."""
    scenario, stats = result.scenario, result.stats
    figure, ax, x = milestone_axes(scenario.origin, stats, 1.8)
    for y, m in enumerate(stats):
        ridge(ax, y, m.simulated_h, x, COLOURS[0])
        ax.text(1.005, y, f"{m.share_on_record:.0%} · {m.share_reached:.0%}", transform=ax.get_yaxis_transform(),
                va="center", fontsize=7)
    if not stats:
        ax.text(0.5, 0.5, "the scenario has no record entries", transform=ax.transAxes, ha="center")
    frame(ax, scenario, stats, [m.label for m in stats])
    ax.text(1.005, -0.6, "on record ·\nreached", transform=ax.get_yaxis_transform(), va="bottom", fontsize=7)
    fork = "" if result.fork_h is None else "; forked from the record"
    ax.set_title(f"{scenario.title}\n{result.n:,} predictive runs, seed {result.seed}{fork}: "
                 "distribution of each milestone's simulated time", loc="left", fontsize=10)
    handles = [Patch(color=NEAR, label="record ± 1 day"), Patch(color=RECORD, label="record date or window"),
               Patch(color=COLOURS[0], alpha=0.55, label="runs (histogram)"),
               Line2D([], [], marker="o", color=COLOURS[0], markeredgecolor="black", linestyle="none", label="median")]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.09), ncol=4, fontsize=8, frameon=False)
    return figure
