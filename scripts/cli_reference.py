"""Write docs/reference/cli.md from the command line itself: every command's help and options.

    .venv/bin/python scripts/cli_reference.py          # rewrite the page
    .venv/bin/python scripts/cli_reference.py --check  # exit 1 if the page is not what the CLI says

tests/docs/test_site.py keeps the committed page equal to this script's output.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import click

from simulator.cli import app

PAGE = Path(__file__).resolve().parents[1] / "docs" / "reference" / "cli.md"


def _help(command: click.Command, path: list[str]) -> str:
    context = click.Context(command, info_name=" ".join(path), terminal_width=100, max_content_width=100)
    return command.get_help(context)


def page() -> str:
    lines = ["# Command reference", "",
             "Generated from the command line by `scripts/cli_reference.py`; do not edit by hand "
             "(a test keeps this page equal to what `treaty-sim COMMAND --help` prints).", "",
             "```text", _help(app, ["treaty-sim"]), "```", ""]
    for name in sorted(app.commands):
        command = app.commands[name]
        lines += [f"## {name}", "", "```text", _help(command, ["treaty-sim", name]), "```", ""]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description="Write docs/reference/cli.md from the command line's own help.")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if the page is not what the CLI says")
    check = parser.parse_args().check  # -h prints this usage; an unknown option exits 2, writing nothing
    text = page()
    if check:
        return 0 if PAGE.exists() and PAGE.read_text(encoding="utf-8") == text else 1
    PAGE.parent.mkdir(parents=True, exist_ok=True)
    PAGE.write_text(text, encoding="utf-8")
    print(f"wrote {PAGE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
