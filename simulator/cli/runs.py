"""`treaty-sim run`: one run of a scenario or variant, its outputs written and its milestones printed."""

from __future__ import annotations

import math
import shlex
import time
from pathlib import Path

import click
from rich import box
from rich.table import Table

from simulator.base.errors import Stopped, UserError
from simulator.base.limits import DEFAULT_WALL_S, ENV_VAR
from simulator.cli.common import (
    HELP,
    MAX_SEED,
    MODE,
    PathArg,
    err,
    force_option,
    out,
    plain,
    print_stalls,
    report_crash,
    report_stop,
    wall_clock,
)


def _milestone_table(result) -> Table:
    origin = result.scenario.origin
    table = Table(
        title="Milestones against the record (sources: milestones.csv)", title_justify="left", box=box.SIMPLE_HEAD
    )
    for column, justify in (("Milestone", "left"), ("Record", "left"), ("Simulated", "left"), ("Δ h", "right"),
                            ("On record", "center")):
        table.add_column(column, justify=justify)
    for m in result.milestones:
        delta = "" if m.delta_h is None else f"{m.delta_h:+.1f}"
        mark = "[green]yes[/]" if m.on_record else "[red]no[/]"
        table.add_row(plain(m.label), plain(m.record), m.simulated_text(origin), delta, mark)
    return table


ROUTINE = ("start", "departure", "arrival")


def _print_events(result) -> None:
    """One line an event: local time, actor, what happened, [legal basis; sources]."""
    origin = result.scenario.origin
    out.print("[bold]Event log[/] (sorties after each contingent's first are in events.csv)")
    for event in result.events:
        if event.event in ROUTINE:
            continue
        record = ", record" if event.pinned else ""
        out.print(
            f"  {event.when(origin)}  [bold]{plain(event.actor)}[/]: {plain(event.action)} "
            f"[dim]\\[{plain(event.basis)}; {plain(' '.join(event.sources))}{record}][/]",
            highlight=False,
        )


def _time_limit(ctx, param, value):
    if value is not None and math.isnan(value):
        raise click.BadParameter("must be a number of seconds")
    return value


@click.command(context_settings=HELP)
@click.argument("scenario", type=PathArg(path_type=Path))
@click.option("--mode", "-m", type=MODE, default="replay", show_default=True,
              help="replay pins the record's dates and checks them; predictive draws every duration.")
@click.option("--seed", "-s", type=click.IntRange(min=0, max=MAX_SEED), default=None,
              help="Seed for predictive mode  [default: the scenario's seed]")
@click.option("--out", "-o", "out_dir", type=PathArg(path_type=Path), default=None,
              help="Output folder  [default: outputs/<scenario>/, or outputs/<scenario>-predictive-seed<N>/]")
@click.option("--events", "show_events", is_flag=True,
              help="Also print the event log, step by step (individual sorties left out).")
@click.option("--time-limit", type=click.FloatRange(min=0, min_open=True), default=DEFAULT_WALL_S,
              show_default=True, envvar=ENV_VAR, show_envvar=True, callback=_time_limit,
              help="Wall-clock seconds the simulation may take before it is stopped (exit code 4).")
@click.option("--quiet", "-q", is_flag=True, help="Print only the output folder.")
@click.option("--inject", "inject", type=click.Path(path_type=Path), default=None,
              help="An instructor's inject file: events added at given times (see docs/teaching.md).")
@force_option
def run(scenario: Path, mode: str, seed: int | None, out_dir: Path | None, show_events: bool,
        time_limit: float, quiet: bool, inject: Path | None):
    """Run a SCENARIO (or variant) file; write events, milestones, timeline charts and a summary.

    Example:  treaty-sim run scenarios/kazakhstan-2022.yaml --mode predictive --seed 7
    """
    # deferred to when the command runs; light: the chart process forks before the heavy imports
    from simulator.render.charts.worker import ChartWorker

    with ChartWorker.started() as charts:  # imports matplotlib while the files are checked and the engine runs
        _run(charts, scenario, mode, seed, out_dir, show_events, time_limit, quiet, inject)


def _run(charts, scenario: Path, mode: str, seed: int | None, out_dir: Path | None, show_events: bool,
         time_limit: float, quiet: bool, inject: Path | None) -> None:
    # deferred to when the command runs: `treaty-sim --help` and the other commands load none of it
    from simulator.checks.variant import load_case
    from simulator.engine.crash import EngineCrash
    from simulator.engine.guard import Limits, RunStopped
    from simulator.files.writing import contained, safe_output_dir
    from simulator.render.charts.timeline_data import timeline_data
    from simulator.render.run_files import write_run
    from simulator.run import run as run_scenario

    loaded = load_case(scenario)
    if mode == "replay" and seed is not None:
        err.print("note: --seed has no effect in replay mode, which draws nothing at random", highlight=False)
    used_seed = loaded.seed if seed is None else seed
    if out_dir is None:
        name = loaded.scenario if mode == "replay" else f"{loaded.scenario}-predictive-seed{used_seed}"
        out_dir = contained(Path("outputs"), name)
    out_dir = safe_output_dir(out_dir)
    again = ["treaty-sim", "run", str(scenario), "--mode", mode] + (["--seed", str(used_seed)] if mode == "predictive" else [])
    again = shlex.join(again)  # the command that reproduces this run, for a crash report
    started = time.monotonic()
    try:
        result = run_scenario(loaded, mode=mode, seed=seed, limits=Limits(wall_s=time_limit), injects=inject)
    except RunStopped as stop:
        report_stop(stop, loaded, out_dir)
    except EngineCrash as crash:
        report_crash(crash, loaded, scenario, out_dir, again)
    try:
        left = max(time_limit - (time.monotonic() - started), 1e-3)
        with wall_clock(left, f"run {loaded.scenario}: the wall-clock limit of {time_limit:g} s (--time-limit or "
                              f"{ENV_VAR}) was reached while drawing and writing the outputs; none was written"):
            # the limit covers the whole command: charts and files too
            charts.send(timeline_data(result))
            paths = write_run(result, out_dir, timeline=charts.receive)  # the chart is drawn while the rest is written
    except (UserError, Stopped):
        raise
    except Exception as exc:  # a bug while rendering or writing the outputs
        crash = EngineCrash(exc, loaded.scenario, mode, result.seed, stage="outputs", events=result.events)
        report_crash(crash, loaded, scenario, out_dir, again)
    if quiet:
        out.print(plain(str(out_dir)), highlight=False)
        print_stalls(err, result)
        return
    suffix = f", seed {result.seed}" if result.mode == "predictive" else ""
    out.print(f"[bold]{plain(loaded.title)}[/] — {result.mode}{suffix}")
    for note in result.notes:
        out.print(f"[magenta]inject:[/] {plain(note)}", highlight=False)
    if show_events:
        _print_events(result)
    out.print(_milestone_table(result))
    out.print(f"Outcome: {plain(result.outcome_text())}", highlight=False)
    if result.matches_record is not None:
        verdict = "[green]matches[/]" if result.matches_record else "[red]differs from[/]"
        out.print(f"Outcome class {verdict} the record ({result.scenario.recorded.outcome})", highlight=False)
    print_stalls(out, result)
    for violation in result.violations:
        out.print(f"[yellow]record vs procedure:[/] {plain(violation.message())}", highlight=False)
    out.print(f"Wrote {len(paths)} files to {plain(str(out_dir))}/: " + ", ".join(p.name for p in paths), highlight=False)
