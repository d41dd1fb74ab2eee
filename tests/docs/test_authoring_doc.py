"""docs/authoring.md stays true: every command in its console blocks runs, in order, in a fresh folder, and
prints what the page shows; the file it shows filled in is written where the scaffold was."""

from __future__ import annotations

import re
import shlex

from conftest import ROOT
from doc_commands import console_steps, run_shown

from simulator.cli import main

DOC = ROOT / "docs" / "authoring.md"
FILLED = "my-armenia-2021-05.yaml"


def _sections() -> list[tuple[str, str]]:
    """('console' or 'yaml', text) of each fenced block, in page order."""
    return re.findall(r"```(console|yaml)\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def test_every_command_of_the_walk_through_runs(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    ran = 0
    for lang, block in _sections():
        if lang == "yaml":  # the case filled in: it replaces the scaffold, as an author's editor would
            assert (tmp_path / FILLED).exists(), "the page fills in the scaffold before `new` wrote it"
            (tmp_path / FILLED).write_text(block, encoding="utf-8")
            continue
        for command, shown in console_steps(block):
            run_shown(command, shown, capsys, "docs/authoring.md")
            ran += 1
    assert ran == 7
    assert (tmp_path / "outputs" / "my-armenia" / "milestones.csv").read_text().count("\n") == 5
    assert "TASS-2021-05-19" in (tmp_path / "outputs" / "my-armenia" / "milestones.csv").read_text()


def test_the_new_command_refuses_what_the_page_says(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    command = next(line[2:] for lang, block in _sections() if lang == "console"
                   for line in block.splitlines() if line.startswith("$ treaty-sim new"))
    args = shlex.split(command)[1:]
    assert main(args) == 0
    assert main(args) == 2
    assert "a file is already there" in capsys.readouterr().err
