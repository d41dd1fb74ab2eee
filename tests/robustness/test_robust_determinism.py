"""Determinism (issue 7, item 3): the same inputs and seed give byte-identical outputs.

Every output file, charts included, is compared byte for byte: between runs in one process,
and between separate `treaty-sim run` processes that differ in everything that should not
matter (hash seed, local time zone, working folder). `--workers` and other backends do not
exist yet; when they do, their runs join the comparison here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from simulator import load_scenario, run
from simulator.files.output_set import MANIFEST

EXE = Path(sys.executable).with_name("treaty-sim")
OUTPUTS = ("events.csv", "events.jsonl", "milestones.csv", "outcome.json", "timeline.png", "timeline.svg", "summary.md")
# Settings that differ between the two processes and must not show in the outputs.
ENVIRONMENTS = [
    {"PYTHONHASHSEED": "1", "TZ": "UTC", "LC_ALL": "C"},
    {"PYTHONHASHSEED": "4242", "TZ": "America/Los_Angeles", "LC_ALL": "C.UTF-8"},
]


def _files(folder: Path) -> dict[str, bytes]:
    assert sorted(p.name for p in folder.iterdir()) == sorted([*OUTPUTS, MANIFEST])
    return {name: (folder / name).read_bytes() for name in OUTPUTS}


@pytest.mark.parametrize("mode", ["replay", "predictive"])
def test_separate_processes_and_repeated_runs_write_identical_bytes(kz_path, tmp_path, mode):
    procs = []
    for i, extra in enumerate(ENVIRONMENTS):
        cwd = tmp_path / f"cwd{i}"
        cwd.mkdir()
        args = [str(EXE), "run", str(kz_path), "--mode", mode, "--out", str(tmp_path / f"process{i}"), "--quiet"]
        if mode == "predictive":
            args += ["--seed", "7"]
        procs.append(subprocess.Popen(args, cwd=cwd, env={**os.environ, **extra}, stderr=subprocess.PIPE, text=True))
    for proc in procs:
        assert proc.wait(timeout=300) == 0, proc.stderr.read()
    first, second = _files(tmp_path / "process0"), _files(tmp_path / "process1")

    # And once more through Python in this process (tests/engine/test_predictive.py repeats runs in one process).
    run(load_scenario(kz_path), mode=mode, seed=7).write(tmp_path / "inprocess")
    third = _files(tmp_path / "inprocess")
    for name in OUTPUTS:
        assert first[name] == second[name], f"{name} differs between processes"
        assert third[name] == first[name], f"{name} differs between the command line and Python"
