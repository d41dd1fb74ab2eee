"""Commands that read files and draw or print what they say, running nothing: validate, schema,
graph, treaties and check."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich import box
from rich.table import Table

from simulator.base.errors import UserError
from simulator.cli.common import HELP, PathArg, complete_treaty, complete_treaty_or_file, force_option, out, plain, say
from simulator.model import FILE_KINDS


@click.command(context_settings=HELP)
@click.argument("files", nargs=-1, required=True, type=PathArg(path_type=Path))
def validate(files: tuple[Path, ...]):
    """Check scenario (or variant) FILES against the schema, the treaty and the source keys.

    Warns about record entries on steps the case can never reach. Exit code 0 when all are
    valid (warnings or not), 2 otherwise.
    """
    # deferred to when the command runs: `treaty-sim --help` and the other commands load none of it
    from simulator.checks.variant import load_case

    problems = []
    for file in files:
        warnings = []
        try:
            scenario = load_case(file, warnings)
        except UserError as exc:
            problems.extend(exc.problems)
            out.print(f"[red]✗[/] {plain(str(file))}", highlight=False)
            continue
        entries = f"{len(scenario.record)} record {'entry' if len(scenario.record) == 1 else 'entries'}"
        say(out, f"[green]✓[/] {{}}: {{}} ({{}}), {entries}", file, scenario.scenario, scenario.treaty)
        for warning in warnings:
            say(out, "[yellow]warning:[/] {}", str(warning))
    if problems:
        raise UserError(problems)


@click.command(context_settings=HELP)
@click.argument("treaty", shell_complete=complete_treaty)
@click.option("--out", "-o", "out_dir", type=PathArg(path_type=Path), default=Path("outputs"), show_default=True,
              help="Folder for the drawings.")
@click.option("--format", "-f", "formats", type=click.Choice(["png", "svg"]), multiple=True, default=("png", "svg"),
              show_default=True, help="Image format; repeat for several.")
@force_option
def graph(treaty: str, out_dir: Path, formats: tuple[str, ...]):
    """Draw a TREATY's decision network (e.g. csto): steps, legal bases, conditional edges."""
    # deferred to when the command runs: `treaty-sim --help` and the other commands load none of it
    from simulator.checks.treaty import load_treaty
    from simulator.files.writing import safe_output_dir, write_files
    from simulator.network.graph import build_network
    from simulator.render.charts.network import network_figure
    from simulator.render.charts.output import figure_bytes

    loaded = load_treaty(treaty)
    network = build_network(loaded)
    figure = network_figure(network, f"{loaded.name}: activation procedure")
    out_dir = safe_output_dir(out_dir)
    drawings = {f"{loaded.treaty}-network.{fmt}": figure_bytes(figure, fmt) for fmt in dict.fromkeys(formats)}
    for path in write_files(out_dir, drawings, "graph"):
        out.print(f"Wrote {plain(str(path))}", highlight=False)
    out.print(f"{network.number_of_nodes()} steps, {network.number_of_edges()} transitions")


@click.command(context_settings=HELP)
def treaties():
    """List the treaty files shipped with treaty-sim: members, bodies, articles, steps."""
    # deferred to when the command runs: `treaty-sim --help` and the other commands load none of it
    from simulator.checks.treaty import TREATY_DIR, load_treaty, treaty_names

    table = Table(box=box.SIMPLE_HEAD)
    for column in ("treaty", "name", "members", "bodies", "articles", "steps", "file"):
        table.add_column(column)
    for name in treaty_names():
        treaty = load_treaty(name)
        table.add_row(name, plain(treaty.name), str(len(treaty.members)), str(len(treaty.bodies)),
                      plain(", ".join(a.id for a in treaty.articles)), str(len(treaty.procedure.steps)),
                      str((TREATY_DIR / f"{name}.yaml").relative_to(TREATY_DIR.parent.parent)))
    out.print(table)


@click.command(context_settings=HELP)
@click.argument("target", shell_complete=complete_treaty_or_file)
@click.option("--coverage", "show_coverage", is_flag=True,
              help="Print the treaty's coverage table instead: kinds of request × responses, each cell reachable "
                   "(with an example path), not allowed (with sources) or unknown (with why), as in docs/treaties/.")
def check(target: str, show_coverage: bool):
    """Check a treaty's decision network before any run (TARGET: a treaty name or file, or a scenario).

    Finds steps that cannot be reached, steps with no way out, steps that wait on each other in a
    loop, and paths the treaty forbids (its procedure.forbidden rules). For a scenario, also lists
    the steps its request and choices can reach. Exit code 0 when sound, 1 when something is wrong
    (with --coverage: when a cell the treaty declares not allowed has a route).
    """
    # deferred to when the command runs: `treaty-sim --help` and the other commands load none of it
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
    if show_coverage:
        # deferred to when the command runs with --coverage
        from simulator.checks.coverage import coverage, coverage_markdown

        table = coverage(treaty)
        click.echo(coverage_markdown(table), nl=False)
        if table.conflicts:
            raise click.exceptions.Exit(1)
        return
    network = build_network(treaty)
    findings, runs = check_procedure(network, treaty)
    rules = len(treaty.procedure.forbidden)
    say(out, f"[bold]{{}}[/]: {network.number_of_nodes()} steps, {network.number_of_edges()} transitions, "
             f"{rules} forbidden-path rules", treaty.name)
    if scenario is not None:
        reached = reachable_steps(treaty, scenario)
        say(out, f"Scenario {{}}: its runs can reach {len(reached)} steps: {{}}", scenario.scenario,
            ", ".join(s.id for s in reached))
    errors = [f for f in findings if f.severity == "error"]
    for finding in findings:
        colour = "red" if finding.severity == "error" else "yellow"
        say(out, f"[{colour}]{finding.check}:[/] {{}}", finding.message)
    if errors:
        out.print(f"[red]{len(errors)} problem(s) in the procedure[/]")
        raise click.exceptions.Exit(1)
    out.print("[green]✓[/] no unreachable steps, no dead ends, no loops, no forbidden paths")


@click.command(context_settings=HELP)
@click.argument("kind", type=click.Choice(FILE_KINDS), default="scenario", required=False)
@click.option("--out", "-o", "output", type=PathArg(path_type=Path), default=None,
              help="Write to this file instead of standard output.")
@force_option
def schema(kind: str, output: Path | None):
    """Print the JSON Schema of a file KIND (default: scenario), for editor completion and checks.

    The shipped copies are in schemas/; YAML files name theirs on their first line
    (# yaml-language-server: $schema=...), which editors with the YAML language server follow.
    """
    # deferred to when the command runs: `treaty-sim --help` and the other commands load none of it
    from simulator.files.writing import write_atomic
    from simulator.model.schemas import schema_text  # the models alone: no treaty, no network

    text = schema_text(kind)
    if output:
        write_atomic(output, text, "schema")
        out.print(f"Wrote {plain(str(output))}", highlight=False)
    else:
        sys.stdout.write(text)
