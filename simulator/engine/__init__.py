"""SimPy engine that runs a treaty's decision network for one scenario.

The engine itself is simulator.engine.core (Engine, Mode) and its run state simulator.engine.state;
this package imports neither, so the checks can read the step kinds (simulator.engine.kinds)
without loading SimPy and networkx.
"""
