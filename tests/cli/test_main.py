"""The treaty-sim command as a whole: help on every command, its version, `python -m simulator` and `python -m simulator.cli`
(each command's own tests: the test_*_commands.py files beside this one, one a command group)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT

from simulator.base.version import __version__
from simulator.cli import main

USAGE = {  # each command and the usage line its help starts with
    "calibrate": "[OPTIONS] TREATY", "cases": "[OPTIONS] [SCENARIOS]...", "check": "[OPTIONS] TARGET",
    "classroom": "[OPTIONS] SCENARIO",
    "compare": "[OPTIONS] CASES...", "examples": "[OPTIONS] FOLDER",
    "export": "[OPTIONS] SCENARIO", "fidelity": "[OPTIONS] SCENARIO", "graph": "[OPTIONS] TREATY",
    "montecarlo": "[OPTIONS] SCENARIO", "new": "[OPTIONS] CASE", "report": "[OPTIONS] SCENARIOS...", "run": "[OPTIONS] SCENARIO",
    "schema": "[OPTIONS]", "sensitivity": "[OPTIONS] SCENARIO", "sweep": "[OPTIONS] SCENARIO", "teach": "[OPTIONS] SCENARIO",
    "treaties": "[OPTIONS]", "validate": "[OPTIONS] FILES...",
}


@pytest.mark.parametrize("command", [[], *([name] for name in USAGE)], ids=lambda c: c[0] if c else "treaty-sim")
def test_help_on_every_command(command, capsys):
    assert main(command + ["--help"]) == 0
    printed = capsys.readouterr().out
    assert "Usage: treaty-sim" in printed
    if command:
        assert printed.startswith(f"Usage: treaty-sim {command[0]} {USAGE[command[0]]}\n"), printed[:200]
        assert "-h, --help" in printed
    else:  # the group's help lists every command, and says where to start
        assert printed.startswith("Usage: treaty-sim [OPTIONS] COMMAND [ARGS]...")
        listed = [line.split()[0] for line in printed.split("Commands:\n")[1].splitlines() if line.strip()]
        assert listed == sorted(USAGE)
        assert "Start with:  treaty-sim run scenarios/kazakhstan-2022.yaml" in printed


@pytest.mark.parametrize("package", ["simulator", "simulator.cli"])
def test_python_dash_m(package):
    proc = subprocess.run([sys.executable, "-m", package, "--version"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"treaty-sim, version {__version__}\n" and proc.stderr == ""


def test_python_dash_m_simulator_checks_a_case_as_the_command_does():
    proc = subprocess.run([sys.executable, "-m", "simulator", "validate", "scenarios/kazakhstan-2022.yaml", "nope.yaml"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "✓ scenarios/kazakhstan-2022.yaml: kazakhstan-2022 (csto), 21 record entries" in proc.stdout
    assert "nope.yaml" in proc.stderr and "Traceback" not in proc.stderr
