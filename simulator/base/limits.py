"""Limits a user meets: the wall-clock limit of one run, and the documented bounds on the work one
command may ask for. Every command checks its options against these before it runs or writes
anything (docs/howto/troubleshooting.md).

The engine's guard enforces the wall-clock limit; the command line offers it as `--time-limit`.
Both read it here, so that `treaty-sim --help` can show it without importing the engine.
"""

from __future__ import annotations

import math

from simulator.base.errors import UserError

ENV_VAR = "TREATY_SIM_TIME_LIMIT"
DEFAULT_WALL_S = 600.0

MAX_REPLICATIONS = 100_000  # -n of montecarlo, fidelity, compare --mode montecarlo, sweep; --runs of sensitivity
MAX_COMBINATIONS = 1_000  # rows of one sweep grid
MAX_POINTS = 20_000  # sensitivity points (Sobol' n·(parameters+2), Morris n·(parameters+1))
MAX_RUNS = 1_000_000  # engine runs of one command: combinations × n, points × --runs (a sweep keeps ~200 bytes a run)
MAX_SWEEP_VALUES = 1_000  # values of one --param


def check_runs(runs: int, what: str, hint: str) -> None:
    """UserError when a command would make more than MAX_RUNS engine runs (``what`` says how many and why)."""
    if runs > MAX_RUNS:
        raise UserError.single(f"{what} is {runs:,} runs, more than the limit of {MAX_RUNS:,}", hint=hint)


def finite(value: float) -> bool:
    """Whether a number is neither infinite nor NaN (a bool is not a number)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an int too large for a float
        return False
