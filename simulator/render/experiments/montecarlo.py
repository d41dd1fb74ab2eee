"""Writing a Monte Carlo result: CSV tables, the distributions chart and a Markdown summary."""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from simulator.base.text import CsvWriter, cell, csv_cell
from simulator.base.timeutil import at_hours, fmt, local
from simulator.checks.variant import VariantScenario
from simulator.files.writing import OutputSet
from simulator.model.outcomes import OUTCOME_CLASSES
from simulator.model.scenario import Scenario
from simulator.render.charts.output import chart_files
from simulator.run import Row

FLOAT = "%.4f"


def _hours(value: float) -> str:
    return "" if math.isnan(value) else f"{value:.4f}"


def replication_header(scenario: Scenario) -> list[str]:
    """The columns of a replication's row: its outcome, what decided it, personnel, then each record entry's hour."""
    return ["replication", "outcome", "decided_by", "decided_hours", "personnel_deployed"] + [e.id for e in scenario.record]


def replication_cells(r: Row) -> list:
    """A replication's row under :func:`replication_header` (hours with 4 decimals, empty when not reached)."""
    return [r.replication, r.outcome, r.decided_by, _hours(r.decided_h), r.personnel] + [_hours(h) for h in r.hours]


class ReplicationWriter:
    """replications.csv, one row a replication, written as rows arrive (in replication order)."""

    def __init__(self, handle: TextIO, scenario: Scenario):
        self.writer = CsvWriter(handle)
        self.writer.writerow(replication_header(scenario))

    def write(self, rows: list[Row]) -> None:
        self.writer.writerows(replication_cells(r) for r in rows)


def tally_rows(tally) -> list[Row]:
    """The rows a tally was made of, rebuilt."""
    return [Row(r, OUTCOME_CLASSES[tally.outcome[r]], tally.steps[tally.decided[r]], float(tally.decided_h[r]),
                int(tally.personnel[r]), tuple(float(h) for h in tally.hours[:, r])) for r in range(tally.n)]


def replications_csv(result) -> str:
    """The text of replications.csv, rebuilt from a result (the same bytes as the streamed file)."""
    buffer = io.StringIO()
    ReplicationWriter(buffer, result.scenario).write(tally_rows(result.tally))
    return buffer.getvalue()


def frame_csv(frame) -> str:
    """A DataFrame as CSV: no index, floats with 4 decimals, NaN empty, text cells through csv_cell."""
    text_columns = [c for c in frame.columns if frame[c].dtype == object]
    if text_columns:
        frame = frame.copy()
        for column in text_columns:
            frame[column] = frame[column].map(csv_cell)
    frame = frame.rename(columns=csv_cell)
    return frame.to_csv(index=False, float_format=FLOAT, lineterminator="\n")


def interval_text(origin, m) -> tuple[str, str]:
    """(median, 5–95% interval) as local times in the milestone's zone, or ('not reached', '')."""
    quantiles = m.quantiles_h()
    if quantiles is None:
        return "not reached", ""
    p5, p50, p95 = (fmt(local(at_hours(origin, h), m.zone)) for h in quantiles)
    # "2022-01-06 08:19 UTC+6" -> "01-06 08:19"; the end's date only when it differs
    end = p95[11:16] if p95[:10] == p5[:10] else p95[5:16]
    return p50, f"{p5[5:16]}–{end}"


def setting_lines(result) -> list[str]:
    """What was run: the scenario (and variant), n, seed and fork."""
    scenario = result.scenario
    lines = [f"- Scenario `{scenario.scenario}`: {result.n:,} predictive replications (0–{result.n - 1}), seed {result.seed}"]
    if isinstance(scenario, VariantScenario):
        changes = "; ".join(f"`{c}`" for c in scenario.changes) or "none"
        lines.append(f"- Variant of `{scenario.base_scenario}` ({scenario.base_file}); changes: {changes}")
        if scenario.fork_at is not None:
            forked = fmt(local(scenario.fork_at, scenario.timezone))
            kept = ", ".join(scenario.kept_entries()) or "none"
            lines.append(f"- Forked from the record at {forked}: the record entries dated up to then are kept "
                         f"({kept}); everything after is drawn")
    return lines


def montecarlo_markdown(result) -> str:
    """summary.md: settings, outcome probabilities with intervals, milestone distributions."""
    scenario = result.scenario
    lines = [f"# Monte Carlo: {scenario.title}", "", *setting_lines(result), "", "## Outcomes", "",
             "| Outcome | Runs | Probability | 95% interval | Decided (median) |", "|---|---:|---:|---|---|"]
    for row in result.outcomes.itertuples():
        mark = " (the record's)" if row.recorded == "yes" else ""
        lines.append(f"| {row.outcome}{mark} | {row.replications:,} | {row.share:.1%} | {row.ci_low:.1%}–{row.ci_high:.1%} "
                     f"| {row.decided_median} |")
    lines += ["", "## Milestones", "",
              "Local time of each record entry's zone; the 90% interval runs from the 5th to the 95th percentile "
              "of the runs that reached it. *On record*: inside the record's date or window.", "",
              "| Milestone | Record | Median | 90% interval | On record | Reached |", "|---|---|---|---|---:|---:|"]
    for m in result.stats:
        median, interval = interval_text(scenario.origin, m)
        lines.append(f"| {cell(m.label)} | {cell(m.record)} | {median} | {interval} | {m.share_on_record:.1%} | "
                     f"{m.share_reached:.1%} |")
    lines += ["", "Files: replications.csv (one row a run), outcomes.csv, milestones.csv, distributions.png and "
              "distributions.svg."]
    return "\n".join(lines) + "\n"


MONTECARLO_FILES = ("replications.csv", "outcomes.csv", "milestones.csv", "distributions.png", "distributions.svg",
                    "summary.md")


def already_written(result, out_dir: Path, names) -> list[Path] | None:
    """The paths of ``names`` when the run itself wrote them all to ``out_dir`` (its ``out``), else None."""
    paths = [Path(out_dir) / name for name in names]
    if result.streamed_to is None or Path(result.streamed_to).resolve() != Path(out_dir).resolve():
        return None
    return paths if all(p.is_file() for p in paths) else None


def write_streamed(result, out_dir: Path, command: str, names, streamed: tuple[str, Callable[[], bytes | str]],
                   write_rest: Callable[[OutputSet], list[Path]], outputs: OutputSet | None) -> list[Path]:
    """The files of an experiment whose one large file (``streamed``: its name, and how to rebuild it)
    is written during the run into ``outputs``; without them, the run's own files in ``out_dir`` if it
    wrote them all there, else a new set with that file rebuilt. ``write_rest`` adds the others and commits."""
    if outputs is not None:
        return write_rest(outputs)
    done = already_written(result, out_dir, names)
    if done is not None:
        return done
    name, rebuild = streamed
    with OutputSet(out_dir, command, names) as outputs:
        outputs.add(name, rebuild())
        return write_rest(outputs)


def write_montecarlo(result, out_dir: Path, outputs: OutputSet | None = None) -> list[Path]:
    """Every Monte Carlo output into ``out_dir``, replaced together; ``outputs`` is the set replications.csv
    was streamed into during the run (else it is rebuilt from the tally)."""

    def write_rest(outputs: OutputSet) -> list[Path]:
        figure = result.chart()
        outputs.add("outcomes.csv", frame_csv(result.outcomes))
        outputs.add("milestones.csv", frame_csv(result.milestones))
        for name, data in chart_files("distributions", figure).items():
            outputs.add(name, data)
        outputs.add("summary.md", montecarlo_markdown(result))
        return outputs.commit()  # all written, then all renamed together

    return write_streamed(result, out_dir, "montecarlo", MONTECARLO_FILES,
                          ("replications.csv", lambda: replications_csv(result)), write_rest, outputs)
