"""Writing a fidelity report: CSV tables, the chart and a short Markdown summary, each atomically."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from simulator.analysis.fidelity import TARGET_SHARE
from simulator.base.text import cell, csv_text
from simulator.files.writing import write_files
from simulator.render.charts.output import chart_files
from simulator.render.experiments.montecarlo import interval_text as milestone_interval

if TYPE_CHECKING:  # the report is built by the experiments layer, above this one
    from simulator.experiments.fidelity import FidelityReport

DEFINITIONS = (
    "*Within ±1 day*: the simulated time lies between 24 h before the start of the record's date or "
    "window and 24 h after its end. *On record*: it lies inside the record's date (the whole local day) "
    "or window. Shares are over all replications; a milestone a run never reaches counts as neither."
)


def _quantile_cells(report: FidelityReport, m) -> dict:
    quantiles = m.quantiles_h()
    cells = {}
    for name, index in (("median", 1), ("p5", 0), ("p95", 2)):
        hours = None if quantiles is None else quantiles[index]
        cells[name] = "" if hours is None else m.local_text(report.scenario.origin, hours)
        cells[f"{name}_hours"] = "" if hours is None else f"{hours:.2f}"
    return cells


def milestones_csv(report: FidelityReport) -> str:
    """fidelity.csv: one row a record entry."""
    rows = []
    for m in report.milestones:
        rows.append({
            "id": m.id, "label": m.label, "step": m.step, "member": m.member, "zone": m.zone,
            "record": m.record, "sources": " ".join(m.sources),
            "window_start_hours": f"{m.window_start_h:.2f}", "window_end_hours": f"{m.window_end_h:.2f}",
            "replications": report.n, "share_reached": f"{m.share_reached:.4f}",
            **_quantile_cells(report, m),
            "share_within_1_day": f"{m.share_within_day:.4f}", "share_on_record": f"{m.share_on_record:.4f}",
        })
    fields = [
        "id", "label", "step", "member", "zone", "record", "sources", "window_start_hours", "window_end_hours",
        "replications", "share_reached", "median", "median_hours", "p5", "p5_hours", "p95", "p95_hours",
        "share_within_1_day", "share_on_record",
    ]
    return csv_text(rows, fields)


def outcomes_csv(report: FidelityReport) -> str:
    """fidelity-outcomes.csv: replications per outcome class; ``recorded`` marks the record's class."""
    recorded = report.recorded_outcome
    rows = [
        {"outcome": name, "replications": count, "share": f"{count / report.n:.4f}",
         "recorded": "" if recorded is None else ("yes" if name == recorded else "no")}
        for name, count in report.outcomes.items()
    ]
    return csv_text(rows, ["outcome", "replications", "share", "recorded"])


def outcome_text(report: FidelityReport) -> str:
    """One sentence: how the runs ended against the record's outcome class."""
    counts = ", ".join(f"{name} {count}" for name, count in report.outcomes.items() if count)
    recorded = report.recorded_outcome
    if recorded is None:
        return f"outcomes of {report.n} runs: {counts}; the scenario has no recorded outcome, so no match rate"
    matched = report.outcomes.get(recorded, 0)
    sources = " ".join(report.scenario.recorded.source)
    return (
        f"the record's outcome {recorded} ({sources}) in {matched} of {report.n} runs "
        f"({matched / report.n:.1%}); all outcomes: {counts}"
    )


def interval_text(report: FidelityReport, m) -> tuple[str, str]:
    """(median, 5–95% interval) as local times in the milestone's zone, or ('not reached', '')."""
    return milestone_interval(report.scenario.origin, m)


def fidelity_markdown(report: FidelityReport) -> str:
    """fidelity.md: the settings, the outcome match and the milestone table."""
    scenario = report.scenario
    reproduced = report.reproduced()
    lines = [
        f"# Fidelity: {scenario.title}",
        "",
        f"- Scenario: `{scenario.scenario}`; {report.n} predictive replications (0–{report.n - 1}), seed {report.seed}",
        f"- Outcome: {outcome_text(report)}",
        f"- Milestones within ±1 day of the record in at least {TARGET_SHARE:.0%} of runs: "
        f"{len(reproduced)} of {len(report.milestones)}",
        "",
        DEFINITIONS,
        "",
        "| Milestone | Record | Predicted median | 90% interval (5–95%) | Within ±1 day | On record | Reached |",
        "|---|---|---|---|---:|---:|---:|",
    ]
    for m in report.milestones:
        median, interval = interval_text(report, m)
        lines.append(
            f"| {cell(m.label)} | {cell(m.record)} ({m.zone}) | {median} | {interval} | {m.share_within_day:.1%} | "
            f"{m.share_on_record:.1%} | {m.share_reached:.1%} |"
        )
    lines += ["", "Files: fidelity.csv (this table), fidelity-outcomes.csv, fidelity.png and fidelity.svg."]
    return "\n".join(lines) + "\n"


def write_fidelity(report: FidelityReport, out_dir: Path) -> list[Path]:
    """All fidelity outputs into ``out_dir``."""
    figure = report.chart()
    files = {
        "fidelity.csv": milestones_csv(report),
        "fidelity-outcomes.csv": outcomes_csv(report),
        **chart_files("fidelity", figure),
        "fidelity.md": fidelity_markdown(report),
    }
    return write_files(out_dir, files, "fidelity")  # all written, then all renamed into place
