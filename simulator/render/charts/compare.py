"""Comparison charts: every case's milestones on one timeline, and each case's difference from the first."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from simulator.base.timeutil import hours_between
from simulator.checks.scenario import record_window
from simulator.render.charts.montecarlo import COLOURS, NEAR, RECORD, frame, milestone_axes, ridge

MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")


class _Row:
    """What record_bands needs of a milestone: its record window."""

    def __init__(self, start: float, end: float):
        self.window_start_h, self.window_end_h = start, end


def _rows(comparison):
    rows, labels = [], []
    for record_id in comparison.ids:
        case, entry = comparison.entry(record_id)
        start, end, _, _ = record_window(entry, case.timezone)
        rows.append(_Row(hours_between(case.origin, start), hours_between(case.origin, end)))
        labels.append(entry.label)
    return rows, labels


def _title(comparison, what: str) -> str:
    runs = "replay" if comparison.mode == "replay" else f"{comparison.n:,} predictive runs each, seed {comparison.seed}"
    return f"{what}: " + " vs ".join(comparison.names) + f"\n{runs}"


def timelines_figure(comparison) -> Figure:
    """Per milestone, each case's simulated time (replay: a marker; Monte Carlo: a histogram ridge
    and the median), over the record's window."""
    scenario = comparison.cases[0]
    rows, labels = _rows(comparison)
    figure, ax, x = milestone_axes(scenario.origin, rows, 2.0)
    count = len(comparison.names)
    for k in range(count):
        colour = COLOURS[k % len(COLOURS)]
        for y, record_id in enumerate(comparison.ids):
            values = comparison.hours(k, record_id)
            if values is None:
                continue
            if comparison.mode == "montecarlo":
                ridge(ax, y, values, x, colour)
            elif not np.isnan(values[0]):
                offset = (k - (count - 1) / 2) * 0.18
                ax.plot([x(values[0])], [y + offset], marker=MARKERS[k % len(MARKERS)], color=colour,
                        markeredgecolor="black", markeredgewidth=0.4, markersize=6, linestyle="none", zorder=3)
    frame(ax, scenario, rows, labels)
    ax.set_title(_title(comparison, "Milestones"), loc="left", fontsize=10)
    handles = [Patch(color=NEAR, label="record ± 1 day"), Patch(color=RECORD, label="record date or window")]
    for k, name in enumerate(comparison.names):
        colour = COLOURS[k % len(COLOURS)]
        marker = "o" if comparison.mode == "montecarlo" else MARKERS[k % len(MARKERS)]
        handles.append(Line2D([], [], marker=marker, color=colour, markeredgecolor="black", linestyle="none", label=name))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.09), ncol=min(len(handles), 5),
              fontsize=8, frameon=False)
    return figure


def differences_figure(comparison) -> Figure:
    """Per milestone and case after the first: the difference from the first case in hours (replay:
    a bar; Monte Carlo: the median paired difference with its 90% interval)."""
    _, labels = _rows(comparison)
    ids = comparison.ids
    others = range(1, len(comparison.names))
    figure = Figure(figsize=(11, max(3.5, 0.42 * len(ids) + 2.0)), layout="constrained")
    ax = figure.add_subplot()
    height = 0.8 / max(1, len(others))
    for k in others:
        colour = COLOURS[k % len(COLOURS)]
        for y, record_id in enumerate(ids):
            diffs = comparison.differences(k, record_id)
            offset = (k - 1 - (len(others) - 1) / 2) * height
            if diffs is None or diffs.size == 0:
                ax.text(0, y + offset, " not reached in both", va="center", fontsize=6, color="0.45")
                continue
            if comparison.mode == "replay":
                ax.barh(y + offset, diffs[0], height=height * 0.9, color=colour, zorder=2)
            else:
                p5, p50, p95 = np.percentile(diffs, [5, 50, 95])
                ax.errorbar([p50], [y + offset], xerr=[[p50 - p5], [p95 - p50]], fmt="o", color=colour,
                            markersize=4, capsize=2, elinewidth=1.2, zorder=2)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(range(len(ids)), labels)
    ax.set_ylim(len(ids) - 0.5, -0.5)
    ax.tick_params(axis="y", labelsize=8)
    ax.grid(axis="x", color="0.88")
    first = comparison.names[0]
    what = "difference" if comparison.mode == "replay" else "paired difference, median and 90% interval"
    ax.set_xlabel(f"hours later (+) or earlier (−) than {first}: {what}")
    ax.set_title(_title(comparison, f"Difference from {first}"), loc="left", fontsize=10)
    handles = [Patch(color=COLOURS[k % len(COLOURS)], label=comparison.names[k]) for k in others]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.09), ncol=min(len(handles), 4),
              fontsize=8, frameon=False)
    return figure
