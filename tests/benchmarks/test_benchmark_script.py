"""The benchmark script keeps working (its figures are not checked here: that is its own job)."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import ROOT


def test_engine_overhead_script_runs_and_logs_the_same_events():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "engine_overhead.py"), "--runs", "20", "--rounds", "1"],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "events/s" in proc.stdout and "the engine costs" in proc.stdout
    line = next(text for text in proc.stdout.splitlines() if "events logged" in text)
    counts = re.search(r"engine ([\d,]+), bare ([\d,]+)", line)
    engine, bare = (int(group.replace(",", "")) for group in counts.groups())
    assert abs(engine - bare) / bare < 0.01, line  # the bare model keeps the same steps, draws and resources


def test_startup_script_says_when_the_floor_is_missing(tmp_path):
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "startup.py"), "--floor", str(tmp_path / "e2e_floor.py")],
        capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode != 0
    assert "e2e_floor.py is missing" in proc.stderr and not proc.stdout
