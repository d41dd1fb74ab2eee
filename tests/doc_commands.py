"""The documentation's console blocks: each `$ treaty-sim …` line run in-process, checked against what the page shows."""

from __future__ import annotations

import shlex

from simulator.cli import main


def console_steps(block: str) -> list[tuple[str, list[str]]]:
    """A ```console block as (command, lines it is shown to print) pairs."""
    steps: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        elif line.strip():
            steps[-1][1].append(line.strip())
    return steps


def run_shown(command: str, shown: list[str], capsys, where: str) -> None:
    """Run ``command`` (the same entry point as the console script, without its start-up) and check it
    exits 0 and prints each of the ``shown`` lines (spacing aside)."""
    program, *args = shlex.split(command)
    assert program == "treaty-sim", f"{where}: {command}"
    code = main(args)
    captured = capsys.readouterr()
    assert code == 0, f"{where}: {command}\n{captured.err}"
    printed = " ".join(captured.out.split())
    for line in shown:
        assert " ".join(line.split()) in printed, f"{where}: {command}: {line!r} not printed"
