"""treaty-sim: discrete-event simulation of collective-security treaty activation.

    from simulator import fidelity, load_scenario, run
    result = run(load_scenario("scenarios/kazakhstan-2022.yaml"))
    result.events, result.milestones, result.chart(), result.write("outputs/kz")
    report = fidelity("scenarios/kazakhstan-2022.yaml", n=1000, seed=1)   # predictive runs vs the record
    mc = montecarlo("scenarios/variants/kz-half-aircraft.yaml", n=1000, seed=1, workers=2)
    mc.outcomes, mc.milestones, mc.replications                            # pandas DataFrames
"""

__version__ = "0.1.0"

from .analysis import FidelityReport, Milestone, fidelity
from .errors import Problem, UserError
from .events import Event
from .experiments.compare import Comparison, compare
from .experiments.montecarlo import MonteCarloResult, montecarlo
from .experiments.sensitivity import SensitivityResult, sensitivity
from .experiments.sweep import SweepResult, sweep
from .experiments.variants import VariantScenario, load_case
from .network import build_network
from .run import RunResult, run
from .scenario import Scenario, json_schema, load_scenario
from .treaties import Treaty, load_treaty, treaty_names

__all__ = [
    "Comparison",
    "Event",
    "FidelityReport",
    "Milestone",
    "MonteCarloResult",
    "Problem",
    "RunResult",
    "Scenario",
    "SensitivityResult",
    "SweepResult",
    "Treaty",
    "UserError",
    "VariantScenario",
    "build_network",
    "compare",
    "fidelity",
    "json_schema",
    "load_case",
    "load_scenario",
    "load_treaty",
    "montecarlo",
    "run",
    "sensitivity",
    "sweep",
    "treaty_names",
]
