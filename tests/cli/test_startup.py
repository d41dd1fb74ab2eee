"""Commands that draw nothing start fast: they load no chart, array, table or statistics library.

(Their times are measured by benchmarks/startup.py, not here: a shared machine's clock is too noisy
for a test.)
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import ROOT

HEAVY = ("matplotlib", "numpy", "pandas", "scipy", "SALib", "jinja2", "dask")
# Run the command in this interpreter, then list every module it loaded.
PROBE = """
import json, sys
from simulator.cli import main
code = main(sys.argv[1:])
sys.stdout.flush()
print("\\nMODULES " + json.dumps(sorted(sys.modules)))
sys.exit(code)
"""


def loaded_modules(*args: str) -> set[str]:
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return set(json.loads(proc.stdout.rsplit("\nMODULES ", 1)[1]))


@pytest.mark.parametrize("args", [["--help"], ["validate", "scenarios/kazakhstan-2022.yaml"], ["schema"], ["schema", "treaty"]],
                         ids=["help", "validate", "schema", "schema-treaty"])
def test_command_loads_no_heavy_library(args):
    modules = loaded_modules(*args)
    heavy = sorted(m for m in modules if m.split(".")[0] in HEAVY)
    assert not heavy, f"treaty-sim {' '.join(args)} loaded {heavy}"


def test_help_loads_no_simulation():
    """The group's help needs the commands' names and help texts, not what they run."""
    modules = loaded_modules("--help")
    assert not {"networkx", "pydantic", "simpy", "yaml"} & {m.split(".")[0] for m in modules}
    assert not [m for m in modules if m.startswith(("simulator.engine", "simulator.checks", "simulator.render"))]


@pytest.mark.parametrize("case", ["scenarios/kazakhstan-2022.yaml", "scenarios/nato-poland-2022-11.yaml",
                                  "scenarios/eu-france-2015.yaml", "scenarios/variants/kz-half-aircraft.yaml"])
def test_validate_loads_no_engine(case):
    """Checking a file walks the treaty's transition table: no SimPy, no networkx, no engine
    (together about half of validate's start-up before they were left out)."""
    modules = loaded_modules("validate", case)
    assert not {"networkx", "simpy"} & {m.split(".")[0] for m in modules}
    assert "simulator.engine.core" not in modules
