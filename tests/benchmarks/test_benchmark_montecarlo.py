"""The Monte Carlo benchmark script keeps working (its figures are its own job, not the tests')."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_montecarlo_benchmark_runs_with_tiny_sizes():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "montecarlo.py"), "--runs", "6", "--rounds", "1", "--big", "8",
         "--small", "4", "--no-outputs"],
        capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    for text in ("replications/s", "speed-up", "bare hand-written SimPy model", "peak memory", "n =      4", "n =      8"):
        assert text in proc.stdout, text
