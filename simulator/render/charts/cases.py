"""Cases side by side, aligned on the request: how long to the first decision and the first forces."""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import ScalarFormatter

TREATY_COLOURS = {"csto": "#c44e52", "nato": "#4c72b0", "eu": "#dd8452"}


def cases_figure(stages: list) -> Figure:
    """One row a case; markers at the first decision and first forces, in days after the request."""
    height = max(3.0, 0.45 * len(stages) + 1.8)
    figure = Figure(figsize=(12, height), layout="constrained")
    ax = figure.subplots()
    for row, case in enumerate(stages):
        colour = TREATY_COLOURS.get(case.treaty, "0.4")
        decision, forces = case.after_request(case.decision_h), case.after_request(case.forces_h)
        end = max([d for d in (decision, forces) if d is not None], default=None)
        if case.request_h is not None:
            ax.plot([0, end or 0], [row, row], color=colour, linewidth=2, alpha=0.5)
            ax.plot([0], [row], marker="o", color=colour, markersize=6)
        if decision is not None:
            ax.plot([decision], [row], marker="D", color=colour, markersize=7)
        if forces is not None:
            ax.plot([forces], [row], marker="^", color=colour, markersize=9)
        differs = case.recorded and case.outcome != case.recorded
        ax.text(1.01, row, case.outcome + (f" (record: {case.recorded})" if differs else ""),
                transform=ax.get_yaxis_transform(), va="center", fontsize=8)
    ax.set_yticks(range(len(stages)), [f"{c.title}\n[{c.treaty.upper()}: {c.basis}]" for c in stages], fontsize=8)
    ax.set_ylim(len(stages) - 0.5, -0.5)
    ax.set_xscale("symlog", linthresh=1)
    longest = max((d for c in stages for d in (c.after_request(c.decision_h), c.after_request(c.forces_h)) if d), default=1)
    ax.set_xlim(0, longest * 1.5)
    ax.xaxis.set_major_formatter(ScalarFormatter())
    ax.set_xlabel("days after the request (linear to 1 day, logarithmic beyond)")
    ax.grid(axis="x", color="0.88")
    ax.set_title("Request → first collective decision → first forces, every case aligned on its request", loc="left")
    legend = [
        Line2D([], [], marker="o", color="0.3", linestyle="none", label="request"),
        Line2D([], [], marker="D", color="0.3", linestyle="none", label="first adopted decision"),
        Line2D([], [], marker="^", color="0.3", linestyle="none", label="first forces deployed"),
    ] + [Line2D([], [], color=c, linewidth=3, label=t.upper()) for t, c in TREATY_COLOURS.items()]
    figure.legend(handles=legend, loc="outside lower center", ncols=len(legend), fontsize=8, frameon=False)
    return figure
