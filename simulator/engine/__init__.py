"""SimPy engine that runs a treaty's decision network for one scenario."""

from simulator.engine.core import Engine, Mode
from simulator.engine.state import Decision, OutcomeMark, RunState, Violation

__all__ = ["Engine", "Mode", "RunState", "Violation", "Decision", "OutcomeMark"]
