"""`treaty-sim export`: a run's event log for process-mining tools, or its timeline for slides and web pages."""

from __future__ import annotations

from pathlib import Path

import click

from simulator.base.errors import UserError
from simulator.cli.common import HELP, MODE, LazyChoice, err, force_option, out, progress_bar, say

FILE_SUFFIXES = (".json", ".jsonocel", ".sqlite", ".db", ".xml", ".xmlocel")  # an --out naming a file, not a folder
MAX_EXPORTED = 1_000  # replications in one OCEL file (100 of Kazakhstan: 51 MB, ~0.4 GB of memory)


def _format_names() -> list[str]:
    from simulator.render.exports.files import FORMATS  # the exporters import the engine: only `export` needs them

    return list(FORMATS)


def parse_replications(text: str | None) -> list[int] | None:
    """'0,5,7' or '0-9' (or a mix) -> sorted distinct replication numbers."""
    if text is None:
        return None
    numbers: set[int] = set()
    for part in text.split(","):
        low, _, high = part.strip().partition("-")
        try:
            first, last = int(low), int(high or low)
        except ValueError:
            raise click.BadParameter(f"{text!r} is not a list of replication numbers such as 0,5,7 or 0-9") from None
        if first < 0 or last < first:
            raise click.BadParameter(f"{part.strip()!r} is not a range of replications such as 0-9")
        if last - first >= MAX_EXPORTED:
            raise click.BadParameter(f"at most {MAX_EXPORTED:,} replications go into one file")
        numbers.update(range(first, last + 1))
    if len(numbers) > MAX_EXPORTED:
        raise click.BadParameter(f"{len(numbers):,} replications is more than {MAX_EXPORTED:,} in one file")
    return sorted(numbers)


def _label(reps: list[int]) -> str:
    """A short file-name tag for chosen replications: r5, r0_5_7, r0-99."""
    if len(reps) > 2 and reps == list(range(reps[0], reps[-1] + 1)):
        return f"r{reps[0]}-{reps[-1]}"
    if len(reps) > 8:
        return f"r{reps[0]}_{reps[-1]}_n{len(reps)}"
    return "r" + "_".join(map(str, reps))


def _target(out_path: Path | None, name: str, file_name: str, reps: list[int] | None) -> Path:
    # deferred to when the command runs: `treaty-sim --help` and the other commands load none of it
    from simulator.files.writing import safe_output_dir

    if reps is not None:
        stem, suffix = file_name.rsplit(".", 1)
        file_name = f"{stem}-{_label(reps)}.{suffix}"
    if out_path is None:
        return Path("outputs") / name / file_name
    if out_path.suffix.lower() in FILE_SUFFIXES or out_path.is_file():
        return out_path
    return safe_output_dir(out_path) / file_name


def _summary(fmt: str, data: dict) -> str:
    if fmt.startswith("ocel2-"):
        # deferred to when the command runs: `treaty-sim --help` and the other commands load none of it
        from simulator.render.exports import ocel_counts

        c = ocel_counts(data)
        return (f"{c['events']:,} events, {c['objects']:,} objects, {c['e2o']:,} event-object and "
                f"{c['o2o']:,} object-object relationships")
    if fmt == "timelinejs":
        groups = len({s.get("group") for s in data["events"]})
        return f"{len(data['events'])} slides in {groups} groups, {len(data['eras'])} eras"
    return f"{len(data['items'])} items in {len(data['groups'])} groups"


@click.command(context_settings=HELP)
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option("--format", "-f", "fmt", required=True, type=LazyChoice(_format_names),
              help="ocel2-json, ocel2-sqlite, ocel2-xml: OCEL 2.0 event log in each of the standard's formats "
                   "(pm4py and other process-mining tools); timelinejs: TimelineJS3 slides; "
                   "vis-timeline: vis-timeline items and groups.")
@click.option("--mode", "-m", type=MODE, default="replay", show_default=True,
              help="replay pins the record's dates; predictive draws every duration.")
@click.option("--seed", "-s", type=click.IntRange(min=0), default=None,
              help="Seed for predictive mode  [default: the scenario's seed]")
@click.option("--replications", "-r", "reps", default=None, metavar="LIST",
              callback=lambda ctx, param, value: parse_replications(value),
              help="Predictive replications to export, e.g. 0,5,7 or 0-9 (one case each in the OCEL formats; "
                   "timelines take one)  [default: 0]")
@click.option("--out", "-o", "out_path", type=click.Path(path_type=Path), default=None,
              help="File (*.json, *.sqlite, *.xml) or folder  "
                   "[default: outputs/<scenario>/, or outputs/<scenario>-predictive-seed<N>/]")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar; print only the file written.")
@force_option
def export(scenario: Path, fmt: str, mode: str, seed: int | None, reps: list[int] | None,
           out_path: Path | None, quiet: bool):
    """Export a run of SCENARIO (a scenario or variant file) for other tools: an OCEL 2.0 event log or a timeline.

    Formats: ocel2-json, ocel2-sqlite, ocel2-xml (OCEL 2.0, ocel-standard.org), timelinejs,
    vis-timeline. The same inputs give the same bytes; the file is replaced atomically.

    \b
    Examples:
      treaty-sim export scenarios/kazakhstan-2022.yaml -f ocel2-json
      treaty-sim export scenarios/kazakhstan-2022.yaml -f ocel2-sqlite -o kz.sqlite
      treaty-sim export scenarios/kazakhstan-2022.yaml -f ocel2-json -m predictive -s 1 -r 0,5,7
      treaty-sim export scenarios/kazakhstan-2022.yaml -f timelinejs -o slides/kz.json
    """
    # deferred to when the command runs: `treaty-sim --help` and the other commands load none of it
    from simulator.checks.variant import load_case
    from simulator.render.exports.files import FORMATS, write_data
    from simulator.render.exports.files import export as build
    from simulator.run import run as run_scenario

    if reps is not None and mode != "predictive":
        raise UserError.single("--replications chooses predictive runs", hint="add --mode predictive, or leave it out")
    if reps is not None and len(reps) > 1 and not FORMATS[fmt][2]:
        raise UserError.single(f"{fmt} shows one run, not {len(reps)}", hint="give one replication, e.g. -r 5")
    loaded = load_case(scenario)
    if mode == "replay" and seed is not None:
        err.print("note: --seed has no effect in replay mode, which draws nothing at random", highlight=False)
    seed = loaded.seed if seed is None else seed
    runs = []
    chosen = reps or [0]
    with progress_bar(len(chosen), hidden=quiet or len(chosen) < 2 or not err.is_terminal) as advance:
        for done, replication in enumerate(chosen, 1):
            runs.append(run_scenario(loaded, mode=mode, seed=seed, replication=replication))
            if advance:
                advance(done, len(chosen))
    name = loaded.scenario if mode == "replay" else f"{loaded.scenario}-predictive-seed{seed}"
    target = _target(out_path, name, FORMATS[fmt][1], reps)
    data = build(runs, fmt)
    write_data(data, fmt, target)
    if quiet:
        say(out, "{}", target)
        return
    say(out, f"Wrote {{}} ({fmt}): {{}}", target, _summary(fmt, data))
