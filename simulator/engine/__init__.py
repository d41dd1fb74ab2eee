"""SimPy engine that runs a treaty's decision network for one scenario."""

from simulator.engine.core import Decision, Engine, Mode, OutcomeMark, RunState, Violation

__all__ = ["Engine", "Mode", "RunState", "Violation", "Decision", "OutcomeMark"]
