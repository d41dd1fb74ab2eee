"""Writing a new case: `treaty-sim new`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click
from rich.markup import escape

from simulator.base.errors import UserError
from simulator.cli.common import HELP, out


@click.command(context_settings=HELP)
@click.argument("case")
@click.option("--treaty", "-t", required=True, help="Treaty name (csto, nato, eu) or treaty file.")
@click.option("--by", "by", required=True, help="The member that makes the request, e.g. Armenia.")
@click.option("--article", "-a", required=True, help="The article it invokes, e.g. 'CST Art. 4'.")
@click.option("--on", "on", required=True, help="The date of the request, e.g. 2023-05-01.")
@click.option("--out", "-o", "out_file", type=click.Path(path_type=Path), default=None,
              help="File to write  [default: CASE.yaml in the current folder]")
def new(case: str, treaty: str, by: str, article: str, on: str, out_file: Path | None):
    """Write the scaffold of a new CASE: a scenario file that validates, with comments saying what to fill in.

    Refuses to overwrite an existing file. Then fill it in from your sourced timeline
    (docs/authoring.md) and run `treaty-sim validate` on it.

    Example:  treaty-sim new armenia-2023-05 --treaty csto --by Armenia --article "CST Art. 4" --on 2023-05-01
    """
    # deferred to when the command runs: `treaty-sim --help` and the other commands load none of it
    from simulator.checks.scaffold import scaffold
    from simulator.files.writing import write_new

    try:
        day = date.fromisoformat(on)
    except ValueError:
        raise UserError.single(f"--on {on!r} is not a date", hint="write it as YYYY-MM-DD, e.g. 2023-05-01") from None
    target = out_file if out_file is not None else Path(f"{case}.yaml")
    text = scaffold(case, treaty, by, article, day, folder=target.parent)
    path = write_new(target, text)
    out.print(f"Wrote {escape(str(path))}: fill in each TODO, then `treaty-sim validate {escape(str(path))}`",
              highlight=False)
