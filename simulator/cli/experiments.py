"""The experiment commands of `treaty-sim`, many predictive runs each: fidelity, montecarlo, compare, sweep
and sensitivity."""

from __future__ import annotations

import time
from pathlib import Path

import click
from rich import box
from rich.table import Table

from simulator.cli.cases import stages_table, write_stages
from simulator.cli.common import HELP, err, force_option, out, plain, progress_bar, say


def _progress(total: int, quiet: bool):
    return progress_bar(total, hidden=quiet or not err.is_terminal)


def parallel_options(command):
    """-n, --seed, --workers, --backend, --scheduler, --out and --quiet, shared by the commands."""
    options = [
        click.option("-n", "--replications", "n", type=int, default=1000, show_default=True,
                     help="Predictive replications (0..n-1 with one seed)."),
        click.option("--seed", "-s", type=click.IntRange(min=0), default=None,
                     help="Seed  [default: the scenario's seed]"),
        click.option("--workers", "-w", type=click.IntRange(1, 256), default=1, show_default=True,
                     help="Worker processes (local) or workers of a cluster started with --scheduler local."),
        click.option("--backend", type=click.Choice(["local", "dask"]), default="local", show_default=True,
                     help="local: this machine's processes; dask: a dask.distributed cluster."),
        click.option("--scheduler", default=None, metavar="ADDRESS",
                     help="Dask scheduler address (tcp://host:8786), or 'local' to start a cluster here."),
        click.option("--out", "-o", "out_dir", type=click.Path(path_type=Path), default=None,
                     help="Output folder  [default: under outputs/, named after the inputs, n and seed]"),
        click.option("--quiet", "-q", is_flag=True, help="No progress bar; print only the output folder."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _fidelity_table(report) -> Table:
    # deferred to when the command runs: `treaty-sim --help` and the other commands load none of it
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
        table.add_row(plain(m.label), plain(m.record), median, interval, f"[{colour}]{within:.0%}[/]", f"{m.share_on_record:.0%}")
    return table


@click.command(context_settings=HELP)
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
@click.option("--leave-one-out", "leave_one_out", is_flag=True,
              help="SCENARIO is a treaty: predict each of its shipped cases from defaults fitted without it.")
@force_option
def fidelity(scenario: Path, n: int, seed: int | None, out_dir: Path | None, workers: int, quiet: bool,
             leave_one_out: bool):
    """Run a SCENARIO n times in predictive mode and measure how well it reproduces the record.

    With --leave-one-out TREATY: each shipped case of the treaty, stripped of its own durations, is
    predicted from durations fitted to the other cases (as `treaty-sim calibrate` fits them); prints
    the share of record milestones inside the predicted 90% interval and the median interval width,
    and writes leave-one-out.csv.

    Per milestone: the record's date or window, the predicted median and 90% interval, and the
    shares of runs within ±1 day of the record and on the record; plus how often the outcome
    class matches the record's. Writes fidelity.csv, fidelity-outcomes.csv, fidelity.png,
    fidelity.svg and fidelity.md.

    Example:  treaty-sim fidelity scenarios/kazakhstan-2022.yaml -n 1000 --seed 1
              treaty-sim fidelity --leave-one-out nato
    """
    if leave_one_out:
        from simulator.cli.history import leave_one_out_command  # deferred: the command's implementation

        return leave_one_out_command(str(scenario), n, seed, workers, out_dir, quiet)
    # deferred to when the command runs: `treaty-sim --help` and the other commands load none of it
    from simulator.analysis.fidelity import TARGET_SHARE
    from simulator.checks.variant import load_case
    from simulator.experiments.fidelity import fidelity as measure
    from simulator.files.writing import safe_output_dir
    from simulator.render.fidelity import outcome_text

    loaded = load_case(scenario)
    if out_dir is None:
        out_dir = Path("outputs") / f"{loaded.scenario}-fidelity-n{n}-seed{loaded.seed if seed is None else seed}"
    out_dir = safe_output_dir(out_dir)  # checked, and locked for the command, before the runs
    started = time.perf_counter()
    with _progress(n, quiet) as advance:
        report = measure(loaded, n=n, seed=seed, progress=advance, workers=workers)
    elapsed = time.perf_counter() - started
    paths = report.write(out_dir)
    if quiet:
        say(out, "{}", out_dir)
        return
    say(out, "[bold]{}[/] — fidelity", loaded.title)
    out.print(_fidelity_table(report))
    say(out, "Outcome: {}", outcome_text(report))
    out.print(
        f"Milestones within ±1 day of the record in at least {TARGET_SHARE:.0%} of runs: "
        f"{len(report.reproduced())} of {len(report.milestones)}",
        highlight=False,
    )
    say(out, "Wrote {} files to {}/: {}", len(paths), out_dir, ", ".join(p.name for p in paths))
    err.print(f"{report.n} runs in {elapsed:.1f} s", highlight=False)


def outcome_cell(result, name: str) -> str:
    row = result.outcomes.set_index("outcome").loc[name]
    return f"{row.share:.1%} ({row.ci_low:.1%}–{row.ci_high:.1%})"


@click.command(context_settings=HELP)
@click.argument("scenario", type=click.Path(path_type=Path))
@parallel_options
@force_option
def montecarlo(scenario: Path, n: int, seed, workers: int, backend: str, scheduler, out_dir, quiet: bool):
    """Run a SCENARIO or variant file n times in predictive mode and summarise the runs.

    Writes replications.csv (one row a run, streamed as runs finish), outcomes.csv (each outcome
    class's probability with a 95% interval), milestones.csv (median, 5th and 95th percentile and
    share on record of each record entry), distributions.png and .svg, and summary.md. Any number
    of workers, and the dask backend, give the same bytes for the same seed.

    Example:  treaty-sim montecarlo scenarios/kazakhstan-2022.yaml -n 10000 --seed 1 --workers 2
    """
    # deferred to when the command runs: `treaty-sim --help` and the other commands load none of it
    from simulator.checks.variant import load_case
    from simulator.experiments.montecarlo import montecarlo as simulate
    from simulator.experiments.replications import check_settings
    from simulator.files.writing import safe_output_dir
    from simulator.render.experiments.montecarlo import interval_text

    check_settings(n, workers, backend, scheduler, seed)
    loaded = load_case(scenario)
    used_seed = loaded.seed if seed is None else seed
    if out_dir is None:
        out_dir = Path("outputs") / f"{loaded.scenario}-montecarlo-n{n}-seed{used_seed}"
    out_dir = safe_output_dir(out_dir)
    started = time.perf_counter()
    with _progress(n, quiet) as advance:
        result = simulate(loaded, n=n, seed=used_seed, workers=workers, backend=backend, scheduler=scheduler,
                          out=out_dir, progress=advance)
    elapsed = time.perf_counter() - started
    paths = result.write(out_dir)  # written by the run, together: their paths
    if quiet:
        say(out, "{}", out_dir)
        return
    say(out, f"[bold]{{}}[/] — Monte Carlo, {n:,} runs, seed {used_seed}", loaded.title)
    outcomes = Table(title="Outcome classes (outcomes.csv)", title_justify="left", box=box.SIMPLE_HEAD)
    for column in ("Outcome", "Runs", "Probability (95% interval)", "Decided (median)"):
        outcomes.add_column(column)
    for row in result.outcomes.itertuples():
        if row.replications:
            outcomes.add_row(row.outcome, f"{row.replications:,}", outcome_cell(result, row.outcome), plain(row.decided_median))
    out.print(outcomes)
    table = Table(title="Milestones, local times (milestones.csv)", title_justify="left", box=box.SIMPLE_HEAD)
    for column, justify in (("Milestone", "left"), ("Record", "left"), ("Median", "left"), ("90% interval", "left"),
                            ("On record", "right"), ("Reached", "right")):
        table.add_column(column, justify=justify)
    for m in result.stats:
        median, interval = interval_text(loaded.origin, m)
        table.add_row(plain(m.label), plain(m.record), median, interval, f"{m.share_on_record:.0%}", f"{m.share_reached:.0%}")
    out.print(table)
    say(out, "Wrote {} files to {}/: {}", len(paths), out_dir, ", ".join(p.name for p in paths))
    err.print(f"{n:,} runs in {elapsed:.1f} s ({n / elapsed:,.0f} runs/s, {workers} worker(s), {backend})",
              highlight=False)


@click.command(context_settings=HELP)
@click.argument("cases", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--mode", "-m", type=click.Choice(["replay", "montecarlo"]), default="replay", show_default=True,
              help="replay: one replay of each case; montecarlo: n predictive runs of each, one seed.")
@parallel_options
@force_option
def compare(cases: tuple[Path, ...], mode: str, n: int, seed, workers: int, backend: str, scheduler, out_dir,
            quiet: bool):
    """Compare two or more scenarios or variants (CASES), milestone by milestone and by outcome.

    Milestones are matched by record id. Δ is each case's difference from the first case, which is
    run again with the case's fork when the two forks differ. In Monte Carlo mode every case runs
    the same replications with the same seed (common random numbers): Δ is the median paired
    difference with its 90% interval. Writes compare.csv, compare-outcomes.csv,
    compare-timelines.png/.svg (overlaid), compare-differences.png/.svg and compare.md. Cases of
    different treaties are also aligned on their request (compare-aligned.csv, .png, .svg): days to
    the first collective decision and to the first forces.

    Example:  treaty-sim compare scenarios/kazakhstan-2022.yaml scenarios/variants/kz-half-aircraft.yaml --mode montecarlo -n 1000
    """
    # deferred to when the command runs: `treaty-sim --help` and the other commands load none of it
    from simulator.checks.variant import load_case
    from simulator.experiments.compare import compare as run_comparison
    from simulator.experiments.replications import check_settings
    from simulator.files.writing import safe_output_dir
    from simulator.render.experiments.compare import outcome_lines, rows_for_display

    if mode == "montecarlo":
        check_settings(n, workers, backend, scheduler, seed)
    loaded = [load_case(c) for c in cases]
    used_seed = loaded[0].seed if seed is None else seed
    if out_dir is None:
        name = "-vs-".join(c.scenario for c in loaded)
        suffix = "replay" if mode == "replay" else f"montecarlo-n{n}-seed{used_seed}"
        out_dir = Path("outputs") / f"compare-{name}-{suffix}"
    out_dir = safe_output_dir(out_dir)
    started = time.perf_counter()
    with _progress(n * len(loaded) if mode == "montecarlo" else 0, quiet or mode == "replay") as advance:
        comparison = run_comparison(loaded, mode=mode, n=n, seed=used_seed, workers=workers, backend=backend,
                                    scheduler=scheduler, progress=advance)
    elapsed = time.perf_counter() - started
    paths = comparison.write(out_dir)
    treaties = {c.treaty for c in loaded}
    if len(treaties) > 1:  # different treaties share no record ids: align their replays on the request
        # deferred to when the command runs: `treaty-sim --help` and the other commands load none of it
        from simulator.analysis.stages import key_stages
        from simulator.run import run as replay

        stages = [key_stages(r) for r in comparison.runs or [replay(case) for case in loaded]]  # replay runs are at hand
        paths += write_stages(stages, out_dir, "compare-aligned")
    if quiet:
        say(out, "{}", out_dir)
        return
    what = "replay" if mode == "replay" else f"Monte Carlo, {n:,} runs each, seed {used_seed}"
    out.print(f"[bold]Comparison[/] — {what}", highlight=False)
    for line in outcome_lines(comparison):
        say(out, "{}", line.replace("`", ""))
    header, rows = rows_for_display(comparison)
    table = Table(title="Milestones, local times; Δ in hours from the first case (compare.csv)", title_justify="left",
                  box=box.SIMPLE_HEAD)
    for column in header:
        table.add_column(plain(column))
    for row in rows:
        table.add_row(*(plain(c) for c in row))
    out.print(table)
    if len(treaties) > 1:
        out.print(stages_table(stages))
    say(out, "Wrote {} files to {}/: {}", len(paths), out_dir, ", ".join(p.name for p in paths))
    err.print(f"compared {len(loaded)} cases in {elapsed:.1f} s", highlight=False)


@click.command(context_settings=HELP)
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option("--param", "-p", "params", multiple=True, required=True, metavar="PATH=V1,V2,…",
              help="A dotted path and its values (repeat for a grid); PATH*=F1,F2 scales a duration by each factor.")
@click.option("--milestone", "-m", "milestones", multiple=True, metavar="ID",
              help="Record id to show in the printed table (repeatable)  [default: the ones the sweep moves most]")
@parallel_options
@force_option
def sweep(scenario: Path, params: tuple[str, ...], milestones: tuple[str, ...], n: int, seed, workers: int,
          backend: str, scheduler, out_dir, quiet: bool):
    """Run every combination of parameter values on a SCENARIO or variant, n predictive runs each.

    One row a combination, like Mesa's batch_run: parameter values, the share of each outcome
    class, and each milestone's median and 90% interval (sweep.csv); one row a combination and
    replication (sweep-replications.csv, streamed); and sweep.md. Every combination uses the same
    seed, so they differ by their parameters, not by their draws.

    Example:  treaty-sim sweep scenarios/kazakhstan-2022.yaml --param air.airlift.aircraft=40,75,110 -n 200
    """
    # deferred to when the command runs: `treaty-sim --help` and the other commands load none of it
    from simulator.base.errors import UserError
    from simulator.checks.variant import load_case
    from simulator.experiments.params import parse_param
    from simulator.experiments.replications import check_settings
    from simulator.experiments.sweep import check_grid, grid_size
    from simulator.experiments.sweep import sweep as run_sweep
    from simulator.files.writing import safe_output_dir
    from simulator.render.experiments.sweep import display_rows, write_sweep

    check_settings(n, workers, backend, scheduler, seed)
    parsed = [parse_param(p) for p in params]
    check_grid(parsed, n)
    combinations = grid_size(parsed)
    ids = [entry.id for entry in load_case(scenario).record]  # refused before the sweep, not after it
    unknown = [m for m in milestones if m not in ids]
    if unknown:
        raise UserError.single(f"unknown milestone {unknown[0]!r}", scenario, hint="use a record id: " + ", ".join(ids))
    if out_dir is None:
        name = "-".join(p.path.split(".")[-1] for p in parsed)
        out_dir = Path("outputs") / (f"{scenario.stem}-sweep-{name}-n{n}" + (f"-seed{seed}" if seed is not None else ""))
    out_dir = safe_output_dir(out_dir)
    started = time.perf_counter()
    with _progress(n * combinations, quiet) as advance:
        result = run_sweep(scenario, parsed, n=n, seed=seed, workers=workers, backend=backend, scheduler=scheduler,
                           progress=advance, out=out_dir, milestones=list(milestones) or None)
    paths = write_sweep(result, out_dir, list(milestones) or None)  # written by the sweep: their paths
    if quiet:
        say(out, "{}", out_dir)
        return
    header, rows = display_rows(result, list(milestones) or None)
    table = Table(title=f"Sweep: {len(rows)} combinations × {n:,} runs, seed {result.seed} (all milestones: sweep.csv)",
                  title_justify="left", box=box.SIMPLE_HEAD)
    for column in header:
        table.add_column(plain(column))
    for row in rows:
        table.add_row(*(plain(c) for c in row))
    out.print(table)
    say(out, "Wrote {} files to {}/: {}", len(paths), out_dir, ", ".join(p.name for p in paths))
    err.print(f"{n * len(rows):,} runs in {time.perf_counter() - started:.1f} s", highlight=False)


@click.command(context_settings=HELP)
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option("--milestone", "-m", required=True, metavar="ID", help="Record id whose simulated time is the output.")
@click.option("--param", "-p", "params", multiple=True, required=True, metavar="PATH=LOW:HIGH",
              help="A dotted path and its range (repeatable); PATH*=LOW:HIGH scales a duration by a factor.")
@click.option("--method", type=click.Choice(["sobol", "morris"]), default="sobol", show_default=True,
              help="Sobol' variance-based indices or Morris elementary effects (SALib).")
@click.option("--runs", "-r", "replications", type=int, default=20, show_default=True,
              help="Predictive replications at each point (the output is their mean).")
@parallel_options
@force_option
def sensitivity(scenario: Path, milestone: str, params: tuple[str, ...], method: str, replications: int, n: int,
                seed, workers: int, backend: str, scheduler, out_dir, quiet: bool):
    """Sensitivity of one milestone of a SCENARIO or variant to named parameters, with SALib.

    -n is SALib's base sample size: Sobol' runs n·(parameters+2) points, Morris n·(parameters+1);
    each point runs --runs replications with one seed. Writes sensitivity.csv (the indices),
    sensitivity-samples.csv, sensitivity.png/.svg (a bar chart, largest effect on top) and
    sensitivity.md.

    Example:  treaty-sim sensitivity scenarios/kazakhstan-2022.yaml --milestone deployment-complete
    --param air.airlift.aircraft=30:110 --param 'air.airlift.turnaround_h*=0.5:1.5' -n 64
    """
    # deferred to when the command runs: `treaty-sim --help` and the other commands load none of it
    from simulator.base.errors import UserError
    from simulator.checks.variant import load_case
    from simulator.experiments.params import parse_param
    from simulator.experiments.replications import check_settings
    from simulator.experiments.sensitivity import check_points, point_count
    from simulator.experiments.sensitivity import sensitivity as analyse
    from simulator.files.writing import safe_output_dir
    from simulator.render.experiments.sensitivity import index_columns

    check_settings(replications, workers, backend, scheduler, seed)
    if n < 2:
        raise UserError.single(f"the base sample size must be at least 2, got {n}", hint="use e.g. -n 64")
    parsed = [parse_param(p, ranged=True) for p in params]
    check_points(method, n, len(parsed), replications)  # counted, not drawn: before anything runs or is written
    ids = [entry.id for entry in load_case(scenario).record]
    if milestone not in ids:
        raise UserError.single(f"unknown milestone {milestone!r}", scenario, hint="use a record id: " + ", ".join(ids))
    if out_dir is None:
        out_dir = Path("outputs") / f"{scenario.stem}-sensitivity-{milestone}-{method}-n{n}"
    out_dir = safe_output_dir(out_dir)
    points = point_count(method, n, len(parsed))
    started = time.perf_counter()
    with _progress(points * replications, quiet) as advance:
        result = analyse(scenario, milestone, parsed, method=method, n=n, replications=replications, seed=seed,
                         workers=workers, backend=backend, scheduler=scheduler, progress=advance)
    paths = result.write(out_dir)
    if quiet:
        say(out, "{}", out_dir)
        return
    columns = index_columns(result)
    table = Table(title=f"{'Sobol' if method == 'sobol' else 'Morris'} sensitivity of {plain(result.label)} ({milestone}): "
                  f"{len(result.points):,} points × {replications} runs, seed {result.seed}",
                  title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("Parameter")
    table.add_column("Range")
    for column in columns:
        table.add_column(column, justify="right")
    for row in result.table.to_dict("records"):
        table.add_row(plain(row["parameter"]), f"{row['low']:g} – {row['high']:g}", *(f"{row[c]:.3f}" for c in columns))
    out.print(table)
    say(out, "Wrote {} files to {}/: {}", len(paths), out_dir, ", ".join(p.name for p in paths))
    err.print(f"{len(result.points) * replications:,} runs in {time.perf_counter() - started:.1f} s", highlight=False)
