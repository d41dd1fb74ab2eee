"""Writing a sweep: the table (one row a combination), the long table and a Markdown summary."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from simulator.base.text import CsvWriter, table_lines
from simulator.base.timeutil import at_hours, local
from simulator.files.writing import OutputSet
from simulator.model.outcomes import OUTCOME_CLASSES
from simulator.render.experiments.montecarlo import (
    frame_csv,
    replication_cells,
    replication_header,
    tally_rows,
    write_streamed,
)
from simulator.run import Row

if TYPE_CHECKING:
    from simulator.experiments.params import Param
    from simulator.model.scenario import Scenario


class LongWriter:
    """sweep-replications.csv, written as rows arrive: parameter values, then a replication's row."""

    def __init__(self, handle, params: list[Param], scenario: Scenario):
        self.writer = CsvWriter(handle)
        self.writer.writerow([p.name for p in params] + replication_header(scenario))

    def write(self, values: tuple, rows: list[Row]) -> None:
        self.writer.writerows(list(values) + replication_cells(r) for r in rows)


def long_csv(result) -> str:
    """sweep-replications.csv rebuilt from a result (the same bytes as the streamed file)."""
    buffer = io.StringIO()
    writer = LongWriter(buffer, result.params, result.results[0].scenario)
    for values, combination in zip(result.combinations, result.results, strict=True):
        writer.write(values, tally_rows(combination.tally))
    return buffer.getvalue()


def display_rows(result, milestones: list[str] | None = None) -> tuple[list[str], list[list[str]]]:
    """Header and rows for the terminal and sweep.md: parameter values, outcome shares, and the
    median (local time, with the 90% interval in hours) of the chosen milestones (default: those the
    sweep moves most)."""
    chosen = milestones or result.moved()
    seen = [o for o in OUTCOME_CLASSES if any(r.counts[o] for r in result.results)]
    header = [p.name for p in result.params] + [f"P({o})" for o in seen]
    labels = {m.id: m for m in result.results[0].stats}
    header += [f"{record_id} (median, 90%)" for record_id in chosen]
    rows = []
    for values, combination in zip(result.combinations, result.results, strict=True):
        cells = [str(v) for v in values] + [f"{combination.counts[o] / result.n:.0%}" for o in seen]
        stats = {m.id: m for m in combination.stats}
        for record_id in chosen:
            m = stats[record_id]
            q = m.quantiles_h()
            if q is None:
                cells.append("not reached")
                continue
            when = local(at_hours(combination.scenario.origin, q[1]), labels[record_id].zone)
            cells.append(f"{when:%m-%d %H:%M} ({q[0] - q[1]:+.0f}/{q[2] - q[1]:+.0f} h)")
        rows.append(cells)
    return header, rows


def sweep_markdown(result, milestones: list[str] | None = None) -> str:
    """sweep.md: what was swept and the table of combinations."""
    scenario = result.results[0].scenario
    header, rows = display_rows(result, milestones)
    lines = [
        f"# Sweep: {scenario.title}", "",
        f"- Scenario `{scenario.scenario}`; {len(result.combinations)} combinations of "
        + ", ".join(f"`{p.name}`" for p in result.params)
        + f"; {result.n:,} predictive replications (0–{result.n - 1}) each, seed {result.seed} "
        "(the same draws for every combination)",
        "- Milestones: median local time, and the 5th and 95th percentile in hours from it; all milestones are in sweep.csv",
        "", *table_lines(header, rows),
    ]
    lines += ["", "Files: sweep.csv (one row a combination), sweep-replications.csv (one row a combination and replication)."]
    return "\n".join(lines) + "\n"


SWEEP_FILES = ("sweep.csv", "sweep-replications.csv", "sweep.md")


def write_sweep(result, out_dir: Path, milestones: list[str] | None = None, outputs: OutputSet | None = None) -> list[Path]:
    """sweep.csv, sweep-replications.csv and sweep.md into ``out_dir``, replaced together; ``outputs`` is
    the set sweep-replications.csv was streamed into during the sweep (else it is rebuilt)."""

    def write_rest(outputs: OutputSet) -> list[Path]:
        outputs.add("sweep.csv", frame_csv(result.table))
        outputs.add("sweep.md", sweep_markdown(result, milestones))
        paths = outputs.commit()  # all written, then all renamed together
        return sorted(paths, key=lambda p: SWEEP_FILES.index(p.name))

    return write_streamed(result, out_dir, "sweep", SWEEP_FILES,
                          ("sweep-replications.csv", lambda: long_csv(result)), write_rest, outputs)
