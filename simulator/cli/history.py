"""The commands that learn from the record: calibrate, and fidelity's --leave-one-out (called from there)."""

from __future__ import annotations

from pathlib import Path

import click
from rich import box
from rich.markup import escape
from rich.table import Table

from simulator.cli.common import HELP, force_option, out


@click.command(context_settings=HELP)
@click.argument("treaty")
@click.option("--out", "-o", "out_file", type=click.Path(path_type=Path), default=None,
              help="File to write  [default: <treaty>.durations.yaml beside the treaty file, which the treaty loader reads]")
@force_option
def calibrate(treaty: str, out_file: Path | None):
    """Fit each step's duration of a TREATY (e.g. nato) to the record's intervals of its shipped cases.

    An interval runs from the recorded instant a step started (the origin, or the recorded end of
    the step before) to its own recorded end, in the case's replay. Each step's lognormal, with the
    cases and intervals used, is written to <treaty>.durations.yaml; a case with no durations of its
    own then takes its predictive times from it. A step no case dates gets the treaty's pooled
    intervals. Check the fit with `treaty-sim fidelity --leave-one-out TREATY`.

    Example:  treaty-sim calibrate nato
    """
    # deferred to when the command runs: `treaty-sim --help` and the other commands load none of it
    from simulator.checks.treaty import durations_path
    from simulator.experiments.calibration import calibrate as fit
    from simulator.files.writing import write_atomic

    calibration = fit(treaty)
    table = Table(title=f"{calibration.treaty.name}: step durations from {len(calibration.history.cases)} cases",
                  title_justify="left", box=box.SIMPLE_HEAD)
    for column, justify in (("Step", "left"), ("Intervals on record (h)", "left"), ("Fit", "left"),
                            ("90% range (h)", "right")):
        table.add_column(column, justify=justify)
    for step_id, step in calibration.history.steps.items():
        seen = ", ".join(f"{i.hours:g}" for i in step.intervals) or f"[dim]none: {escape(step.note)}[/]"
        table.add_row(step_id, seen, step.duration.describe(), _range(step.duration, calibration.history.pace))
    out.print(table)
    history = calibration.history
    used = sum(len(step.intervals) for step in history.steps.values())
    pace = (f"a case's pace spreads by a factor of {2.718281828 ** history.pace:.2f} (sigma {history.pace:g}), "
            "shared by all its learned steps" if history.pace else
            "no case dates two steps that others date too, so no shared pace is learned (sigma 0)")
    out.print(f"{used} intervals from {len(history.cases)} cases; {pace}; the 90% range includes it", highlight=False)
    path = write_atomic(out_file if out_file is not None else durations_path(treaty),
                        calibration.yaml_text(), "calibrate")
    out.print(f"Wrote {escape(str(path))}", highlight=False)


def _range(duration, pace: float) -> str:
    # deferred with the command: the fit's arithmetic lives with the fit
    from simulator.analysis.calibration import total_sigma

    if duration.kind != "lognormal":
        return ""
    median, sigma = duration.params[0], total_sigma(duration, pace)
    # 1.645: the normal's 95th percentile, so median·e^(±1.645σ) holds 90% of draws
    return f"{median * 2.718281828 ** (-1.645 * sigma):.3g}–{median * 2.718281828 ** (1.645 * sigma):.3g}"


def leave_one_out_command(treaty: str, n: int, seed: int | None, workers: int, out_dir: Path | None, quiet: bool):
    """`treaty-sim fidelity --leave-one-out TREATY`: print and write each case predicted without it."""
    # deferred to when the command runs: `treaty-sim --help` and the other commands load none of it
    from simulator.experiments.calibration import leave_one_out
    from simulator.files.writing import safe_output_dir, write_files
    from simulator.render.calibration import leave_one_out_csv, summary_line, width_text

    report = leave_one_out(treaty, n=n, seed=1 if seed is None else seed, workers=workers)
    if out_dir is None:
        out_dir = Path("outputs") / f"{report.treaty}-leave-one-out-n{report.n}-seed{report.seed}"
    out_dir = safe_output_dir(out_dir)
    paths = write_files(out_dir, {"leave-one-out.csv": leave_one_out_csv(report)}, "fidelity")
    if quiet:
        out.print(str(out_dir), highlight=False)
        return
    table = Table(title=f"Leave-one-out: each case predicted from the others' history ({report.n} runs, "
                        f"seed {report.seed})", title_justify="left", box=box.SIMPLE_HEAD)
    for column, justify in (("Case", "left"), ("Learned from", "right"), ("Milestones inside 90%", "right"),
                            ("Median width", "right")):
        table.add_column(column, justify=justify)
    for case in report.cases:
        inside = sum(c.inside for c in case.checks)
        table.add_row(case.case, f"{len(case.learned_from)} cases", f"{inside} of {len(case.checks)}",
                      width_text(case.checks))
    out.print(table)
    for case, why in report.skipped:
        out.print(f"{escape(case)}: not predicted ({escape(why)})", highlight=False)
    out.print(summary_line(report), highlight=False)
    out.print(f"Wrote {len(paths)} file to {escape(str(out_dir))}/: leave-one-out.csv", highlight=False)
