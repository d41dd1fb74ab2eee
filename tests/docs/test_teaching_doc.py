"""docs/teaching.md stays true: every command in its console blocks runs, and prints what the page shows."""

from __future__ import annotations

import re
import shlex

from conftest import ROOT

from simulator.cli import main

DOC = ROOT / "docs" / "teaching.md"


def console_blocks() -> list[list[tuple[str, list[str]]]]:
    """Each ```console block as (command, lines it is shown to print) pairs."""
    blocks = []
    for block in re.findall(r"```console\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S):
        steps: list[tuple[str, list[str]]] = []
        for line in block.splitlines():
            if line.startswith("$ "):
                steps.append((line[2:], []))
            elif line.strip():
                steps[-1][1].append(line.strip())
        blocks.append(steps)
    return blocks


def test_every_console_command_runs(tmp_path, monkeypatch, capsys):
    # A class's folder: the shipped scenarios and lessons; outputs are written here, not in the repository.
    for folder in ("scenarios", "lessons"):
        (tmp_path / folder).symlink_to(ROOT / folder)
    monkeypatch.chdir(tmp_path)
    commands = [step for block in console_blocks() for step in block]
    assert len(commands) >= 7
    for command, shown in commands:
        program, *args = shlex.split(command)
        assert program == "treaty-sim", command
        code = main(args)  # in-process: the same entry point as the console script, without its start-up time
        captured = capsys.readouterr()
        assert code == 0, f"{command}\n{captured.err}"
        printed = " ".join(captured.out.split())
        for line in shown:
            assert " ".join(line.split()) in printed, f"{command}: {line!r} not printed"
    written = {p.name for p in (tmp_path / "outputs").iterdir()}
    assert {"kazakhstan.html", "three-cases.html", "kazakhstan-injects.html", "kazakhstan-injects"} <= written
    assert "Step through the case" in (tmp_path / "outputs" / "kazakhstan.html").read_text()


def test_the_files_the_tutorial_names_exist():
    text = DOC.read_text(encoding="utf-8")
    for name in set(re.findall(r"`((?:lessons|scenarios)/[\w./-]+\.yaml)`", text)):
        assert (ROOT / name).is_file(), name
