"""The treaty-sim command as a whole: help on every command, its version, `python -m simulator.cli`."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT

from simulator.cli import main


@pytest.mark.parametrize("command", [[], ["run"], ["validate"], ["graph"], ["schema"]])
def test_help_on_every_command(command, capsys):
    assert main(command + ["--help"]) == 0
    assert "Usage: treaty-sim" in capsys.readouterr().out


def test_python_dash_m_simulator_cli():
    proc = subprocess.run([sys.executable, "-m", "simulator.cli", "--version"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("treaty-sim, version ")
