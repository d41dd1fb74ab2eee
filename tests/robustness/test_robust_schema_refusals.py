"""The broken files of broken_files.py (which their schemas refuse, tests/model/test_schemas.py) are
refused by the command that reads them too: exit 2, the file:line and field, a fix, nothing written."""

from __future__ import annotations

import pytest
from broken_files import BROKEN, IDS, write_broken

from simulator.cli import main

KZ, ARMENIA = "scenarios/kazakhstan-2022.yaml", "scenarios/armenia-2021-05.yaml"


def _command(kind: str, path, out) -> list[str]:
    """The command a user gives such a file to."""
    return {
        "scenario": ["validate", str(path)],
        "variant": ["validate", str(path)],
        "injects": ["run", KZ, "--inject", str(path), "-q", "-o", str(out)],
        "lesson": ["teach", ARMENIA, "--lesson", str(path), "--answers", "lessons/armenia-2021-05-answers.yaml"],
        "answers": ["teach", KZ, "--answers", str(path)],
        "treaty": ["check", str(path)],
    }[kind]


@pytest.mark.parametrize("kind, mistake, source, change, field", BROKEN, ids=IDS)
def test_the_command_refuses_a_broken_file(kind, mistake, source, change, field, tmp_path, capsys):
    path = write_broken(tmp_path, source, change)
    assert main(_command(kind, path, tmp_path / "out")) == 2
    err = capsys.readouterr().err
    lines = err.splitlines()
    where = next((i for i, line in enumerate(lines) if line.startswith(f"  {path}:") and f": {field}: " in line), None)
    assert where is not None, err
    assert lines[where + 1].startswith("    fix: ") and "Traceback" not in err
    assert not (tmp_path / "out").exists()
