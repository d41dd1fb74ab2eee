"""`treaty-sim cases`: every case side by side, across treaties, aligned on the request."""

from __future__ import annotations

from pathlib import Path

import click
from rich import box
from rich.table import Table

from simulator.base.errors import UserError
from simulator.base.text import csv_text
from simulator.cli.common import HELP, force_option, out, plain, say


def _scenario_files(given: tuple[Path, ...]) -> list[Path]:
    """The files named, else ./scenarios/*.yaml, else (no such folder here) the shipped cases."""
    if given:
        return list(given)
    if not Path("scenarios").is_dir():
        from simulator.files.library import shipped_scenarios  # deferred: only when there is no ./scenarios

        return shipped_scenarios()
    found = sorted(p for p in Path("scenarios").glob("*.yaml"))
    if not found:
        raise UserError.single("no scenario files given and none in ./scenarios",
                               hint="name the files, e.g. treaty-sim cases scenarios/*.yaml")
    return found


def stages_csv(stages) -> str:
    rows = [s.row() for s in stages]
    return csv_text(rows, list(rows[0]))


def stages_table(stages) -> Table:
    """The cases aligned on the request, for the terminal."""
    table = Table(title="Cases aligned on the request (days)", title_justify="left", box=box.SIMPLE_HEAD)
    for column in ("case", "treaty", "basis", "→ decision", "→ forces", "outcome", "record"):
        table.add_column(column, justify="right" if column.startswith("→") else "left")
    for case in stages:
        row = case.row()
        table.add_row(plain(case.scenario), plain(case.treaty), plain(case.basis), row["request_to_decision_days"],
                      row["request_to_forces_days"], plain(case.outcome), plain(case.recorded))
    return table


def write_stages(stages, out_dir: Path, stem: str = "cases") -> list[Path]:
    """<stem>.csv, <stem>.png and <stem>.svg: the table and the chart of cases aligned on the request."""
    # deferred to when the command runs: `treaty-sim --help` and the other commands load none of it
    from simulator.files.writing import write_files
    from simulator.render.charts.cases import cases_figure
    from simulator.render.charts.output import chart_files

    figure = cases_figure(stages)
    return write_files(out_dir, {
        f"{stem}.csv": stages_csv(stages),
        **chart_files(stem, figure),
    }, "cases")


@click.command(context_settings=HELP)
@click.argument("scenarios", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "-o", "out_dir", type=click.Path(path_type=Path), default=Path("outputs/cases"), show_default=True,
              help="Folder for cases.csv and the chart.")
@force_option
def cases(scenarios: tuple[Path, ...], out_dir: Path):
    """Replay SCENARIOS (default: every file in ./scenarios, or the shipped cases if there is no
    such folder) and set them side by side, across
    treaties, aligned on the request: days to the first collective decision and to the first
    forces, and each outcome class against the record. Writes cases.csv, cases.png and cases.svg.
    """
    # deferred to when the command runs: `treaty-sim --help` and the other commands load none of it
    from simulator.analysis.stages import key_stages
    from simulator.files.writing import safe_output_dir
    from simulator.run import run

    stages = [key_stages(run(path)) for path in _scenario_files(scenarios)]
    out.print(stages_table(stages))
    written = write_stages(stages, safe_output_dir(out_dir))
    say(out, "Wrote {} to {}/", ", ".join(p.name for p in written), out_dir)


@click.command(context_settings=HELP)
@click.argument("folder", type=click.Path(path_type=Path))
def examples(folder: Path):
    """Copy the shipped case library (scenarios/, its variants, lessons/ and their schemas/) into FOLDER, to edit.

    Example:  treaty-sim examples my-cases && treaty-sim run my-cases/scenarios/kazakhstan-2022.yaml
    """
    # deferred to when the command runs: `treaty-sim --help` and the other commands load none of it
    from simulator.files.library import copy_library

    copied = copy_library(folder)
    say(out, f"Copied {len(copied)} files to {{}}/: scenarios/, scenarios/variants/, lessons/, schemas/", folder)
