"""docs/teaching.md stays true: every command in its console blocks runs, and prints what the page shows."""

from __future__ import annotations

import re

from conftest import ROOT
from doc_commands import console_steps, run_shown

DOC = ROOT / "docs" / "teaching.md"


def console_blocks() -> list[list[tuple[str, list[str]]]]:
    """Each ```console block as (command, lines it is shown to print) pairs."""
    return [console_steps(b) for b in re.findall(r"```console\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)]


def test_every_console_command_runs(tmp_path, monkeypatch, capsys):
    # A class's folder: the shipped scenarios and lessons; outputs are written here, not in the repository.
    for folder in ("scenarios", "lessons"):
        (tmp_path / folder).symlink_to(ROOT / folder)
    monkeypatch.chdir(tmp_path)
    commands = [step for block in console_blocks() for step in block]
    assert len(commands) >= 7
    for command, shown in commands:
        run_shown(command, shown, capsys, "docs/teaching.md")
    written = {p.name for p in (tmp_path / "outputs").iterdir()}
    assert {"kazakhstan.html", "three-cases.html", "kazakhstan-injects.html", "kazakhstan-injects"} <= written
    assert "Step through the case" in (tmp_path / "outputs" / "kazakhstan.html").read_text()


def test_the_files_the_tutorial_names_exist():
    text = DOC.read_text(encoding="utf-8")
    for name in set(re.findall(r"`((?:lessons|scenarios)/[\w./-]+\.yaml)`", text)):
        assert (ROOT / name).is_file(), name
