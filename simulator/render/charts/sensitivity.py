"""Sensitivity chart: one bar a parameter, largest effect on top, with confidence intervals."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

FIRST, TOTAL = "#3b6ea8", "#f2b233"


def sensitivity_figure(result) -> Figure:
    """Sobol': total (ST) and first-order (S1) indices; Morris: mu* with its interval and sigma."""
    table = result.table
    key = "ST" if result.method == "sobol" else "mu_star"
    table = table.sort_values(key, ascending=True, kind="stable")
    y = np.arange(len(table))
    figure = Figure(figsize=(10, max(3.0, 0.55 * len(table) + 1.8)), layout="constrained")
    ax = figure.add_subplot()
    if result.method == "sobol":
        ax.barh(y + 0.2, table["ST"], height=0.38, xerr=table["ST_conf"], color=TOTAL, label="total effect ST", capsize=2)
        ax.barh(y - 0.2, table["S1"], height=0.38, xerr=table["S1_conf"], color=FIRST, label="first order S1", capsize=2)
        ax.set_xlabel("Sobol' index (share of the output's variance), with 95% confidence interval")
    else:
        ax.barh(y, table["mu_star"], height=0.6, xerr=table["mu_star_conf"], color=FIRST, label="mu* (mean |effect|)",
                capsize=2)
        ax.plot(table["sigma"], y - 0.22, marker="D", color="black", linestyle="none", markersize=4, label="sigma (interaction)")
        ax.set_xlabel(f"Morris elementary effect on {result.milestone} (hours over the range), with 95% interval")
    ax.axvline(0, color="black", linewidth=0.8)
    labels = [f"{row.parameter}\n[{row.low:g}, {row.high:g}]" for row in table.itertuples()]
    ax.set_yticks(y, labels)
    ax.tick_params(axis="y", labelsize=8)
    ax.grid(axis="x", color="0.88")
    method = "Sobol'" if result.method == "sobol" else "Morris"
    ax.set_title(f"{result.scenario.title}\n{method} sensitivity of “{result.label}” ({result.milestone}): "
                 f"{len(result.points):,} points × {result.replications} runs, seed {result.seed}", loc="left", fontsize=10)
    ax.legend(loc="lower right", fontsize=8)
    return figure
