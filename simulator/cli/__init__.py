"""The `treaty-sim` command line."""

from __future__ import annotations

import json
import math
import os
import shlex
import sys
import traceback
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import click
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from simulator.base.errors import UserError
from simulator.base.version import __version__
from simulator.engine.guard import DEFAULT_WALL_S, ENV_VAR

# Text from scenario files is printed with escape(): a '[' in a label is text, not markup.
out = Console(emoji=False)
err = Console(stderr=True, emoji=False)
HELP = {"help_option_names": ["-h", "--help"]}

# Exit codes: 0 the command did its work (a run may still have stalled: it says so),
# 2 a mistake in the input or the command line, 3 a bug in treaty-sim (crash report written),
# 4 a run stopped by a guard (wall-clock limit, runaway event log, zero-time loop).
EXIT_USER, EXIT_BUG, EXIT_STOPPED = 2, 3, 4
MAX_SEED = 2**63 - 1


@click.group(context_settings=HELP)
@click.version_option(__version__, prog_name="treaty-sim")
def app():
    """Simulate how a collective-security treaty is activated: request, consultations,
    council decision, national approvals, deployment, operation and withdrawal.

    Start with:  treaty-sim run scenarios/kazakhstan-2022.yaml

    Exit codes: 0 done, 2 a mistake in an input file or option, 3 a bug in treaty-sim
    (a crash report is written), 4 a run stopped by its wall-clock or size guard.
    """


class PathArg(click.Path):
    """click.Path that reports a NUL character in a path as a usage error, not a crash."""

    def convert(self, value, param, ctx):
        try:
            return super().convert(value, param, ctx)
        except ValueError as exc:  # os.stat: "embedded null byte"
            self.fail(f"{str(value)!r} is not a usable path: {exc}", param, ctx)


def _milestone_table(result) -> Table:
    origin = result.scenario.origin
    table = Table(
        title="Milestones against the record (sources: milestones.csv)", title_justify="left", box=box.SIMPLE_HEAD
    )
    for column, justify in (("Milestone", "left"), ("Record", "left"), ("Simulated", "left"), ("Δ h", "right"), ("On record", "center")):
        table.add_column(column, justify=justify)
    for m in result.milestones:
        delta = "" if m.delta_h is None else f"{m.delta_h:+.1f}"
        mark = "[green]yes[/]" if m.on_record else "[red]no[/]"
        table.add_row(escape(m.label), escape(m.record), m.simulated_text(origin), delta, mark)
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
            f"  {event.when(origin)}  [bold]{escape(event.actor)}[/]: {escape(event.action)} "
            f"[dim]\\[{escape(event.basis)}; {escape(' '.join(event.sources))}{record}][/]",
            highlight=False,
        )


def _time_limit(ctx, param, value):
    if value is not None and math.isnan(value):
        raise click.BadParameter("must be a number of seconds")
    return value


@app.command(context_settings=HELP)
@click.argument("scenario", type=PathArg(path_type=Path))
@click.option("--mode", "-m", type=click.Choice(["replay", "predictive"]), default="replay", show_default=True,
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
def run(scenario: Path, mode: str, seed: int | None, out_dir: Path | None, show_events: bool,
        time_limit: float, quiet: bool, inject: Path | None):
    """Run a SCENARIO (or variant) file; write events, milestones, timeline charts and a summary.

    Example:  treaty-sim run scenarios/kazakhstan-2022.yaml --mode predictive --seed 7
    """
    from simulator.checks.variant import load_case
    from simulator.engine.crash import EngineCrash
    from simulator.engine.guard import Limits, RunStopped
    from simulator.files.writing import contained, safe_output_dir
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
    try:
        result = run_scenario(loaded, mode=mode, seed=seed, limits=Limits(wall_s=time_limit), injects=inject)
    except RunStopped as stop:
        _report_stop(stop, loaded, out_dir)
    except EngineCrash as crash:
        _report_crash(crash, loaded, scenario, out_dir, again)
    try:
        paths = result.write(out_dir)
    except UserError:
        raise
    except Exception as exc:  # a bug while rendering or writing the outputs
        crash = EngineCrash(exc, loaded.scenario, mode, result.seed, stage="outputs", events=result.events)
        _report_crash(crash, loaded, scenario, out_dir, again)
    if quiet:
        out.print(escape(str(out_dir)), highlight=False)
        _print_stalls(err, result)
        return
    suffix = f", seed {result.seed}" if result.mode == "predictive" else ""
    out.print(f"[bold]{escape(loaded.title)}[/] — {result.mode}{suffix}")
    for note in result.notes:
        out.print(f"[magenta]inject:[/] {escape(note)}", highlight=False)
    if show_events:
        _print_events(result)
    out.print(_milestone_table(result))
    out.print(f"Outcome: {escape(result.outcome_text())}", highlight=False)
    if result.matches_record is not None:
        verdict = "[green]matches[/]" if result.matches_record else "[red]differs from[/]"
        out.print(f"Outcome class {verdict} the record ({result.scenario.recorded.outcome})", highlight=False)
    _print_stalls(out, result)
    for violation in result.violations:
        out.print(f"[yellow]record vs procedure:[/] {escape(violation.message())}", highlight=False)
    out.print(f"Wrote {len(paths)} files to {escape(str(out_dir))}/: " + ", ".join(p.name for p in paths), highlight=False)


def _print_stalls(console: Console, result) -> None:
    """A run that reached its horizon with steps still waiting is a result; say what waits for what."""
    for line in result.stall_messages():
        console.print(f"[yellow]did not finish:[/] {escape(line)}", highlight=False, soft_wrap=True)


def _report_stop(stop, loaded, out_dir: Path) -> NoReturn:
    """A guard stopped the run: say where it stood, keep the partial event log, exit 4."""
    from simulator.engine.events import to_csv
    from simulator.files.writing import PARTIAL_EVENTS, write_files

    try:
        write_files(out_dir, {PARTIAL_EVENTS: to_csv(stop.events, loaded.origin)})
        kept = f"the {len(stop.events):,} events logged so far are in {out_dir / PARTIAL_EVENTS}"
    except UserError as exc:
        kept = f"the partial event log could not be written: {exc.problems[0]}"
    err.print(f"[bold red]stopped:[/] {escape(loaded.scenario)} ({stop.mode}, seed {stop.seed}) at simulated hour "
              f"{stop.hours:.1f}: {escape(stop.detail)}", highlight=False, soft_wrap=True)
    for stall in stop.stalls:
        err.print(f"  {escape(stall.message(loaded.origin, loaded.timezone))}", highlight=False, soft_wrap=True)
    err.print(f"  {escape(kept)}; no other output was written.", highlight=False, soft_wrap=True)
    raise click.exceptions.Exit(EXIT_STOPPED)


def _report_crash(crash, loaded, scenario: Path, out_dir: Path, again: str) -> NoReturn:
    """A bug: write the crash report and the partial event log, print where they are, exit 3."""
    from simulator.render.crash import write_crash_files

    err.print(f"[bold red]internal error (a bug in treaty-sim):[/] {escape(str(crash))}", highlight=False, soft_wrap=True)
    err.print(f"  scenario {escape(loaded.scenario)}, {crash.mode}, seed {crash.seed}, replication {crash.replication}, "
              f"{escape(crash.where())}", highlight=False, soft_wrap=True)
    try:
        paths = write_crash_files(crash, out_dir, str(scenario), again, loaded.origin)
        err.print(f"  crash report: {escape(str(paths[0]))}", highlight=False, soft_wrap=True)
        if len(paths) > 1:
            err.print(f"  partial event log: {escape(str(paths[1]))} ({len(crash.events):,} events)",
                      highlight=False, soft_wrap=True)
    except Exception as exc:  # nowhere to write: show the traceback here instead
        err.print(f"  (the crash report could not be written: {escape(str(exc))})", highlight=False, soft_wrap=True)
        err.print(crash.traceback_text(), highlight=False, markup=False)
    err.print(f"  to reproduce: {escape(again)}", highlight=False, soft_wrap=True)
    err.print("Please report it with the crash report.", highlight=False)
    raise click.exceptions.Exit(EXIT_BUG)


def _fidelity_table(report) -> Table:
    from simulator.analysis.fidelity import TARGET_SHARE
    from simulator.render.fidelity import interval_text

    table = Table(
        title=f"Fidelity: {report.n} predictive runs, seed {report.seed}; local times (all: fidelity.csv)",
        title_justify="left", box=box.SIMPLE_HEAD,
    )
    for column, justify in (("Milestone", "left"), ("Record", "left"), ("Predicted median", "left"),
                            ("90% interval", "left"), ("±1 day", "right"), ("On record", "right")):
        table.add_column(column, justify=justify)
    for m in report.milestones:
        median, interval = interval_text(report, m)
        within = m.share_within_day
        colour = "green" if within >= TARGET_SHARE else "red"
        table.add_row(m.label, m.record, median, interval, f"[{colour}]{within:.0%}[/]", f"{m.share_on_record:.0%}")
    return table


@app.command(context_settings=HELP)
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option("-n", "--replications", "n", type=int, default=1000, show_default=True,
              help="Number of predictive runs (replications 0..n-1 with one seed).")
@click.option("--seed", "-s", type=click.IntRange(min=0), default=None,
              help="Seed  [default: the scenario's seed]")
@click.option("--out", "-o", "out_dir", type=click.Path(path_type=Path), default=None,
              help="Output folder  [default: outputs/<scenario>-fidelity-n<N>-seed<S>/]")
@click.option("--workers", "-w", type=click.IntRange(min=1), default=1, show_default=True,
              help="Local worker processes; the report is the same whatever their number.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar; print only the output folder.")
def fidelity(scenario: Path, n: int, seed: int | None, out_dir: Path | None, workers: int, quiet: bool):
    """Run a SCENARIO n times in predictive mode and measure how well it reproduces the record.

    Per milestone: the record's date or window, the predicted median and 90% interval, and the
    shares of runs within ±1 day of the record and on the record; plus how often the outcome
    class matches the record's. Writes fidelity.csv, fidelity-outcomes.csv, fidelity.png,
    fidelity.svg and fidelity.md.

    Example:  treaty-sim fidelity scenarios/kazakhstan-2022.yaml -n 1000 --seed 1
    """
    import time

    from simulator.analysis.fidelity import TARGET_SHARE
    from simulator.checks.variant import load_case
    from simulator.experiments.fidelity import fidelity as measure
    from simulator.files.writing import safe_output_dir
    from simulator.render.fidelity import outcome_text

    loaded = load_case(scenario)
    started = time.perf_counter()
    with _progress_bar(n, hidden=quiet or not err.is_terminal) as advance:
        report = measure(loaded, n=n, seed=seed, progress=advance, workers=workers)
    elapsed = time.perf_counter() - started
    if out_dir is None:
        out_dir = Path("outputs") / f"{loaded.scenario}-fidelity-n{report.n}-seed{report.seed}"
    out_dir = safe_output_dir(out_dir)
    paths = report.write(out_dir)
    if quiet:
        out.print(str(out_dir), highlight=False)
        return
    out.print(f"[bold]{loaded.title}[/] — fidelity", highlight=False)
    out.print(_fidelity_table(report))
    out.print(f"Outcome: {outcome_text(report)}", highlight=False)
    out.print(
        f"Milestones within ±1 day of the record in at least {TARGET_SHARE:.0%} of runs: "
        f"{len(report.reproduced())} of {len(report.milestones)}",
        highlight=False,
    )
    out.print(f"Wrote {len(paths)} files to {out_dir}/: " + ", ".join(p.name for p in paths), highlight=False)
    err.print(f"{report.n} runs in {elapsed:.1f} s", highlight=False)


@contextmanager
def _progress_bar(total: int, hidden: bool):
    """A rich progress bar on standard error; yields ``advance(done, total)``."""
    if hidden:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("predictive runs"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task("runs", total=max(total, 1))

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance


@app.command(context_settings=HELP)
@click.argument("files", nargs=-1, required=True, type=PathArg(path_type=Path))
def validate(files: tuple[Path, ...]):
    """Check scenario (or variant) FILES against the schema, the treaty and the record's source keys.

    Exit code 0 when all are valid, 2 otherwise.
    """
    from simulator.checks.variant import load_case

    problems = []
    for file in files:
        try:
            scenario = load_case(file)
        except UserError as exc:
            problems.extend(exc.problems)
            out.print(f"[red]✗[/] {escape(str(file))}", highlight=False)
            continue
        out.print(f"[green]✓[/] {escape(str(file))}: {scenario.scenario} ({escape(scenario.treaty)}), "
                  f"{len(scenario.record)} record entries", highlight=False)
    if problems:
        raise UserError(problems)


@app.command(context_settings=HELP)
@click.argument("treaty")
@click.option("--out", "-o", "out_dir", type=PathArg(path_type=Path), default=Path("outputs"), show_default=True,
              help="Folder for the drawings.")
@click.option("--format", "-f", "formats", type=click.Choice(["png", "svg"]), multiple=True, default=("png", "svg"),
              show_default=True, help="Image format; repeat for several.")
def graph(treaty: str, out_dir: Path, formats: tuple[str, ...]):
    """Draw a TREATY's decision network (e.g. csto): steps, legal bases, conditional edges."""
    from simulator.checks.treaty import load_treaty
    from simulator.files.writing import contained, safe_output_dir, write_atomic
    from simulator.network.graph import build_network
    from simulator.render.charts.network import network_figure
    from simulator.render.charts.output import figure_bytes

    loaded = load_treaty(treaty)
    network = build_network(loaded)
    figure = network_figure(network, f"{loaded.name}: activation procedure")
    out_dir = safe_output_dir(out_dir)
    for fmt in dict.fromkeys(formats):
        path = write_atomic(contained(out_dir, f"{loaded.treaty}-network.{fmt}"), figure_bytes(figure, fmt))
        out.print(f"Wrote {escape(str(path))}", highlight=False)
    out.print(f"{network.number_of_nodes()} steps, {network.number_of_edges()} transitions")


@app.command(context_settings=HELP)
def treaties():
    """List the treaty files shipped with treaty-sim: members, bodies, articles, steps."""
    from simulator.checks.treaty import TREATY_DIR, load_treaty, treaty_names

    table = Table(box=box.SIMPLE_HEAD)
    for column in ("treaty", "name", "members", "bodies", "articles", "steps", "file"):
        table.add_column(column)
    for name in treaty_names():
        treaty = load_treaty(name)
        table.add_row(name, treaty.name, str(len(treaty.members)), str(len(treaty.bodies)),
                      ", ".join(a.id for a in treaty.articles), str(len(treaty.procedure.steps)),
                      str((TREATY_DIR / f"{name}.yaml").relative_to(TREATY_DIR.parent.parent)))
    out.print(table)


@app.command(context_settings=HELP)
@click.argument("target")
def check(target: str):
    """Check a treaty's decision network before any run (TARGET: a treaty name or file, or a scenario).

    Finds steps that cannot be reached, steps with no way out, steps that wait on each other in a
    loop, and paths the treaty forbids (its procedure.forbidden rules). For a scenario, also lists
    the steps its request and choices can reach. Exit code 0 when sound, 1 when something is wrong.
    """
    from simulator.checks.procedure import check_procedure
    from simulator.checks.reachability import reachable_steps
    from simulator.checks.treaty import load_treaty
    from simulator.checks.variant import load_case
    from simulator.files.yamlio import load_yaml
    from simulator.network.graph import build_network

    scenario = None
    top = load_yaml(target).data if target.endswith((".yaml", ".yml")) else None
    if isinstance(top, dict) and ("scenario" in top or "variant" in top):
        scenario = load_case(target)
        treaty = load_treaty(scenario.treaty)
    else:
        treaty = load_treaty(target)
    network = build_network(treaty)
    findings, runs = check_procedure(network, treaty)
    rules = len(treaty.procedure.forbidden)
    out.print(f"[bold]{treaty.name}[/]: {network.number_of_nodes()} steps, {network.number_of_edges()} transitions, "
              f"{runs} distinct runs, {rules} forbidden-path rules", highlight=False)
    if scenario is not None:
        reached = reachable_steps(network, scenario)
        out.print(f"Scenario {scenario.scenario}: its runs can reach {len(reached)} steps: "
                  + ", ".join(s.id for s in reached), highlight=False)
    errors = [f for f in findings if f.severity == "error"]
    for finding in findings:
        colour = "red" if finding.severity == "error" else "yellow"
        out.print(f"[{colour}]{finding.check}:[/] {finding.message}", highlight=False, soft_wrap=True)
    if errors:
        out.print(f"[red]{len(errors)} problem(s) in the procedure[/]")
        raise click.exceptions.Exit(1)
    out.print("[green]✓[/] no unreachable steps, no dead ends, no loops, no forbidden paths")


@app.command(context_settings=HELP)
@click.option("--out", "-o", "output", type=PathArg(path_type=Path), default=None,
              help="Write to this file instead of standard output.")
def schema(output: Path | None):
    """Print the JSON Schema of scenario files (for editor completion and checks)."""
    from simulator.checks.scenario import json_schema
    from simulator.files.writing import write_atomic

    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if output:
        write_atomic(output, text)
        out.print(f"Wrote {escape(str(output))}", highlight=False)
    else:
        sys.stdout.write(text)


# Commands in their own modules register here.
from simulator.cli.cases import cases  # noqa: E402
from simulator.cli.experiments import compare, montecarlo, sensitivity, sweep  # noqa: E402
from simulator.cli.export import export  # noqa: E402
from simulator.cli.teaching import report, teach  # noqa: E402

for command in (cases, compare, export, montecarlo, report, sensitivity, sweep, teach):
    app.add_command(command)


def main(argv: list[str] | None = None) -> int:
    """Console entry point: a user's mistake exits 2 with a message, never a traceback."""
    try:
        # Without standalone mode click returns the code of a click.exceptions.Exit instead of raising it.
        code = app.main(args=argv, prog_name="treaty-sim", standalone_mode=False)
    except UserError as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
        return EXIT_USER
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.Abort:
        err.print("aborted")
        return 130
    except BrokenPipeError:  # e.g. `treaty-sim schema | head`: the reader left, nothing is wrong
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as exc:  # a bug, not a user's mistake
        err.print(f"[bold red]internal error (a bug in treaty-sim):[/] {escape(f'{type(exc).__name__}: {exc}')}",
                  highlight=False)
        err.print("Please report it with the command you ran. Traceback:", highlight=False)
        err.print(traceback.format_exc(), highlight=False, markup=False)
        return EXIT_BUG
    return code if isinstance(code, int) else 0


if __name__ == "__main__":
    sys.exit(main())
