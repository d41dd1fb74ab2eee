"""Writing a comparison: the milestone table, outcome probabilities, two charts and a summary."""

from __future__ import annotations

import math
from pathlib import Path

from simulator.base.text import table_lines
from simulator.base.timeutil import fmt, local
from simulator.checks.variant import VariantScenario
from simulator.files.writing import write_files
from simulator.render.charts.output import chart_files
from simulator.render.experiments.montecarlo import frame_csv, setting_lines


def delta_text(row: dict, name: str, mode: str) -> str:
    """'+12.5 h' (replay) or '+12.5 h (+3.1 … +20.4)' (Monte Carlo), or '' when not in both."""
    if mode == "replay":
        value = row[f"{name}_delta_hours"]
        return "" if math.isnan(value) else f"{value:+.1f} h"
    median = row[f"{name}_delta_median_hours"]
    if math.isnan(median):
        return ""
    low, high = row[f"{name}_delta_p5_hours"], row[f"{name}_delta_p95_hours"]
    return f"{median:+.1f} h ({low:+.1f} … {high:+.1f})"


def rows_for_display(comparison) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the side-by-side milestone table (as text), for the terminal and compare.md."""
    table = comparison.table
    names = comparison.names
    header = ["Milestone", "Record"]
    for k, name in enumerate(names):
        header.append(name if comparison.mode == "replay" else f"{name} (median)")
        if k:
            header.append(f"Δ {name}")
    rows = []
    for row in table.to_dict("records"):
        cells = [row["label"], row["record"]]
        for k, name in enumerate(names):
            cells.append(row[name] or "not reached")
            if k:
                cells.append(delta_text(row, name, comparison.mode))
        rows.append(cells)
    return header, rows


def outcome_lines(comparison) -> list[str]:
    """Per case: its outcome (replay) or the probability of each class reached (Monte Carlo)."""
    lines = []
    frame = comparison.outcomes
    for k, name in enumerate(comparison.names):
        if comparison.mode == "replay":
            lines.append(f"- `{name}`: {comparison.runs[k].outcome_text()}")
            continue
        hits = frame[(frame.case == name) & (frame.share > 0)]
        shares = ", ".join(f"{r.outcome} {r.share:.1%} ({r.ci_low:.1%}–{r.ci_high:.1%})" for r in hits.itertuples())
        lines.append(f"- `{name}`: {shares}")
    return lines


def comparison_markdown(comparison) -> str:
    """compare.md: the cases, outcomes and the side-by-side milestone table."""
    lines = ["# Comparison: " + " vs ".join(f"`{n}`" for n in comparison.names), ""]
    if comparison.mode == "replay":
        lines.append("Replay of each case (a variant with fork_at keeps the record up to its fork, the model after it). "
                     "Δ is the difference from the first case replayed with the same fork.")
    else:
        lines.append(f"{comparison.n:,} predictive replications (0–{comparison.n - 1}) of each case with seed "
                     f"{comparison.seed}: common random numbers, so replication r of every case shares the draws of the "
                     "actors and steps the cases have in common. Δ is the paired difference from the first case run with the "
                     "same fork, median and 90% interval (5th–95th percentile) over the replications where both reach the "
                     "milestone.")
    lines += ["", "## Cases", ""]
    for k, case in enumerate(comparison.cases):
        lines.append(f"- `{comparison.names[k]}`: {case.title}")
        if isinstance(case, VariantScenario) and comparison.results is not None:
            lines += ["  " + line for line in setting_lines(comparison.results[k])[1:]]
        elif isinstance(case, VariantScenario):
            lines.append(f"  - Variant of `{case.base_scenario}`; changes: " + "; ".join(f"`{c}`" for c in case.changes))
            if case.fork_at is not None:
                forked = fmt(local(case.fork_at, case.timezone))
                lines.append(f"  - Forked from the record at {forked}: kept " + (", ".join(case.kept_entries()) or "nothing"))
    lines += ["", "## Outcomes", "", *outcome_lines(comparison), "", "## Milestones", ""]
    header, rows = rows_for_display(comparison)
    lines += table_lines(header, rows)
    lines += ["", "Files: compare.csv (this table, in hours too), compare-outcomes.csv, compare-timelines.png/.svg, "
              "compare-differences.png/.svg."]
    return "\n".join(lines) + "\n"


def write_comparison(comparison, out_dir: Path) -> list[Path]:
    """Every comparison output into ``out_dir``."""
    timelines, differences = comparison.charts()
    files = {
        "compare.csv": frame_csv(comparison.table),
        "compare-outcomes.csv": frame_csv(comparison.outcomes),
        **chart_files("compare-timelines", timelines),
        **chart_files("compare-differences", differences),
        "compare.md": comparison_markdown(comparison),
    }
    return write_files(out_dir, files, "compare")  # all written, then all renamed into place
