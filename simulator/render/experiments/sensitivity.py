"""Writing a sensitivity analysis: indices, sample points, the chart and a Markdown summary."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from simulator.files.writing import write_files
from simulator.render.charts.output import chart_files
from simulator.render.experiments.montecarlo import frame_csv


def index_columns(result) -> list[str]:
    return ["S1", "S1_conf", "ST", "ST_conf"] if result.method == "sobol" else ["mu", "mu_star", "mu_star_conf", "sigma"]


def sensitivity_markdown(result) -> str:
    """sensitivity.md: the question, the settings and the indices."""
    method = "Sobol' indices" if result.method == "sobol" else "Morris elementary effects"
    columns = index_columns(result)
    lines = [
        f"# Sensitivity: {result.scenario.title}", "",
        f"- Output: mean simulated time of “{result.label}” (`{result.milestone}`), hours after the origin, over "
        f"{result.replications} predictive replications a point (seed {result.seed}, the same draws at every point)",
        f"- Method: {method} (SALib), base sample size {result.n}, {len(result.points):,} points",
        f"- Runs that never reach the milestone count as reaching it at the horizon: "
        f"{float(np.mean(result.censored)):.1%} of all runs",
        "", "| Parameter | Range | " + " | ".join(columns) + " |", "|---|---|" + "---:|" * len(columns),
    ]
    for row in result.table.to_dict("records"):
        values = " | ".join(f"{row[c]:.3f}" for c in columns)
        lines.append(f"| `{row['parameter']}` | {row['low']:g} – {row['high']:g} | {values} |")
    lines += ["", "Files: sensitivity.csv (this table), sensitivity-samples.csv (each point and its output), "
              "sensitivity.png and sensitivity.svg."]
    return "\n".join(lines) + "\n"


def write_sensitivity(result, out_dir: Path) -> list[Path]:
    """Every sensitivity output into ``out_dir``."""
    figure = result.chart()
    files = {
        "sensitivity.csv": frame_csv(result.table),
        "sensitivity-samples.csv": frame_csv(result.samples),
        **chart_files("sensitivity", figure),
        "sensitivity.md": sensitivity_markdown(result),
    }
    return write_files(out_dir, files, "sensitivity")  # all written, then all renamed into place
