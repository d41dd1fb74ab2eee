"""Bounds on one engine run, so that no scenario can hang treaty-sim.

The simulated horizon ends every run that keeps making progress. Three guards end the runs
that do not: a wall-clock limit, a limit on the size of the event log, and a detector for
loops in which simulated time stands still (a procedure cycle with zero durations). A run
stopped by a guard raises RunStopped, which names the steps still running and the
simulated time; the CLI keeps the partial event log and exits with code 4.
"""

from __future__ import annotations

import math
import os
import time
from dataclasses import dataclass, field
from itertools import repeat

from simulator.base.errors import Stopped, UserError
from simulator.base.limits import DEFAULT_WALL_S, ENV_VAR
from simulator.engine.events import Event
from simulator.engine.simpy_access import HorizonReached, schedule_horizon

MAX_EVENTS = 5_000_000  # about 1.5 GB of events in memory
MAX_REPEATS = 1_000  # a step starting this often at one simulated instant is a loop
CHECK_EVERY = 1024  # engine steps between two looks at the clock
HOURS, STEP, KIND, MEMBER = (Event._fields.index(name) for name in ("hours", "step", "event", "member"))


@dataclass(frozen=True)
class Limits:
    """How long (in seconds of real time) and how big (in events) one run may get."""

    wall_s: float = DEFAULT_WALL_S
    max_events: int = MAX_EVENTS
    max_repeats: int = MAX_REPEATS

    @classmethod
    def from_env(cls) -> Limits:
        """Default limits, with the wall-clock limit from TREATY_SIM_TIME_LIMIT when it is set."""
        text = os.environ.get(ENV_VAR, "").strip()
        if not text:
            return cls()
        try:
            seconds = float(text)
        except ValueError:
            seconds = math.nan
        if not (math.isfinite(seconds) and seconds > 0):
            raise UserError.single(f"{ENV_VAR}={text!r} is not a number of seconds above 0",
                                   hint=f"set e.g. {ENV_VAR}=600, or unset it")
        return cls(wall_s=seconds)


@dataclass
class RunStopped(Stopped):
    """A guard ended the run before its horizon: the run is incomplete, and says where it stood."""

    reason: str  # "wall-clock", "events" or "loop"
    detail: str  # the limit that was hit, in words
    hours: float  # simulated time when the run was stopped
    scenario: str = ""
    mode: str = ""
    seed: int = 0
    stalls: list = field(default_factory=list)  # diagnostics.Stall for each step still running
    events: list = field(default_factory=list)  # the partial event log

    def __str__(self) -> str:
        return f"run stopped at simulated hour {self.hours:.1f}: {self.detail}"

    def summary(self) -> str:
        """The scenario, mode, seed and the guard's words, for a command that stopped with it."""
        return f"{self.scenario} ({self.mode}, seed {self.seed}): {self}"

    def __reduce__(self):
        # A worker process sends it back whole (a dataclass exception would be rebuilt from empty args).
        return (type(self), (self.reason, self.detail, self.hours, self.scenario, self.mode, self.seed,
                             self.stalls, self.events))


class Tripped(Exception):
    """A guard fired; run.py adds the diagnostics and raises RunStopped."""

    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def drive(env, horizon: float, events: list, limits: Limits) -> None:
    """Step ``env`` through every event before ``horizon`` (as ``env.run(until=horizon)``), within ``limits``.

    With nothing left to happen before the horizon, ``env.now`` is the horizon too (read the
    log for when the last event happened). Raises Tripped when a guard fires.
    """
    if horizon <= env.now:
        return
    deadline = time.monotonic() + limits.wall_s
    step = env.step
    schedule_horizon(env, horizon)
    instant, starts, seen = -1.0, {}, 0  # loop detector: step starts at the current instant
    while True:
        try:
            for _ in repeat(None, CHECK_EVERY):
                step()
        except HorizonReached:
            return
        if time.monotonic() > deadline:
            raise Tripped("wall-clock", f"the wall-clock limit of {limits.wall_s:g} s was reached "
                                         f"(--time-limit or {ENV_VAR})")
        if len(events) > limits.max_events:
            raise Tripped("events", f"the event log passed {limits.max_events:,} events; a step is probably looping")
        for row in events[seen:]:  # rows of Event's fields while the run goes on (RunState.events)
            if row[HOURS] != instant:
                instant, starts = row[HOURS], {}
            if row[KIND] == "start":
                key = (row[STEP], row[MEMBER])
                starts[key] = starts.get(key, 0) + 1
                if starts[key] > limits.max_repeats:
                    loop = ", ".join(f"{s}{'/' + m if m else ''}" for s, m in sorted(starts))
                    raise Tripped("loop", f"step {row[STEP]!r} started {limits.max_repeats:,} times without "
                                           f"simulated time passing: the procedure loops with zero durations "
                                           f"through {loop}")
        seen = len(events)
