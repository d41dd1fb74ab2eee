"""A bug inside a run: what is needed to reproduce it, written where the user will find it.

An unexpected exception in the engine becomes EngineCrash, which knows the scenario, mode,
seed and replication, the step and contingent being processed and the simulated time. The
CLI writes ``crash-<scenario>-seed<N>.txt`` (that and the traceback) and
``partial-events.csv`` (the event log up to the crash) into the output folder.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field


@dataclass
class EngineCrash(Exception):
    """An exception that is a bug in treaty-sim (not a mistake in the input), with its context."""

    cause: BaseException
    scenario: str
    mode: str
    seed: int
    replication: int = 0
    step: str = ""  # the step whose process raised (the engine notes it in RunState.crashed_in)
    member: str = ""
    hours: float | None = None  # simulated time of the crash
    stage: str = "engine"  # engine, analysis or outputs
    events: list = field(default_factory=list)

    def __str__(self) -> str:
        return f"{type(self.cause).__name__}: {self.cause}"

    def where(self) -> str:
        """Where in the run it happened, in words."""
        text = f"in the {self.stage}"
        if self.step:
            text += f", step {self.step!r}" + (f" ({self.member})" if self.member else "")
        if self.hours is not None:
            text += f", at simulated hour {self.hours:.4f}"
        return text

    def traceback_text(self) -> str:
        """The original exception's traceback, as text for the crash report."""
        return "".join(traceback.format_exception(type(self.cause), self.cause, self.cause.__traceback__))
