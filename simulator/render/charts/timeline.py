"""Timeline (Gantt) of a run: one row an actor, bars coloured by phase, record dates marked."""

from __future__ import annotations

import matplotlib
import matplotlib.dates as mdates
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from simulator.base.timeutil import at_hours, zone
from simulator.render.charts.dates import date_axis
from simulator.render.charts.timeline_data import TimelineData

PHASE_COLOURS = {
    "request": "#4c72b0",
    "decision": "#8172b2",
    "approval": "#dd8452",
    "deployment": "#55a868",
    "operation": "#64b5cd",
    "withdrawal": "#c44e52",
    "reporting": "#937860",
}
MIN_BAR_H = 1.5  # so that instant steps remain visible


@matplotlib.rc_context({"text.parse_math": False})  # names and titles are text, never TeX
def timeline_figure(data: TimelineData) -> Figure:
    origin = data.origin
    tz = zone(data.timezone)
    bars = data.bars
    rows: list[str] = []
    for actor, *_ in bars:
        if actor not in rows:
            rows.append(actor)
    row_of_step = {}
    for actor, step, *_ in bars:
        row_of_step.setdefault(step, actor)

    def x(hours: float) -> float:
        return mdates.date2num(at_hours(origin, hours))

    height = max(3.5, 0.42 * len(rows) + 1.6)
    figure = Figure(figsize=(13, height), layout="constrained")
    ax = figure.add_subplot()
    # One collection per row and phase: a procedure that loops can start a step thousands of times.
    grouped: dict[tuple[int, str], list[tuple[float, float]]] = {}
    for actor, _step, phase, start, end in bars:
        width = max(end - start, MIN_BAR_H) / 24.0
        grouped.setdefault((rows.index(actor), phase), []).append((x(start), width))
    for (y, phase), ranges in grouped.items():
        ax.broken_barh(ranges, (y - 0.35, 0.7), facecolors=PHASE_COLOURS[phase], edgecolor="white", linewidth=0.4)

    def row_for(milestone) -> int | None:
        actor = milestone.member or row_of_step.get(milestone.step)
        return rows.index(actor) if actor in rows else None

    for m in data.milestones:
        y = row_for(m)
        if y is None:
            continue
        if not m.exact:
            start, end = x(m.window_start_h), x(m.window_end_h)
            ax.broken_barh([(start, end - start)], (y - 0.48, 0.96), facecolors="0.6", alpha=0.3, linewidth=0, zorder=0)
        ax.plot([x(m.assumed_h)], [y], marker="D", markersize=6, markerfacecolor="white",
                markeredgecolor="black", linestyle="none", zorder=5)
        if m.reached:
            ax.plot([x(m.simulated_h)], [y], marker="|", markersize=12, color="black", zorder=6)

    ax.set_yticks(range(len(rows)), rows)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    date_axis(ax, tz, hour_ticks=True)
    ax.grid(axis="x", which="major", color="0.85")
    ax.set_xlabel(f"Date ({data.timezone})")
    ax.set_title(data.title, loc="left", fontsize=11)
    handles = [Patch(color=c, label=p) for p, c in PHASE_COLOURS.items()]
    handles += [
        Line2D([], [], marker="D", markerfacecolor="white", markeredgecolor="black", linestyle="none", label="record date"),
        Patch(color="0.6", alpha=0.25, label="record window"),
        Line2D([], [], marker="|", color="black", markersize=10, linestyle="none", label="simulated milestone"),
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    return figure
