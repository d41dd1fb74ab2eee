"""SimPy engine that runs a treaty's decision network for one scenario."""

from .core import Decision, Engine, Mode, OutcomeMark, RunState, Violation

__all__ = ["Engine", "Mode", "RunState", "Violation", "Decision", "OutcomeMark"]
