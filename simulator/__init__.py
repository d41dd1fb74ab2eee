"""treaty-sim: discrete-event simulation of collective-security treaty activation.

    from simulator import load_scenario, run
    result = run(load_scenario("scenarios/kazakhstan-2022.yaml"))
    result.events, result.milestones, result.chart(), result.write("outputs/kz")
"""

__version__ = "0.1.0"

from .analysis import Milestone
from .crash import EngineCrash
from .diagnostics import Stall
from .errors import Problem, UserError
from .events import Event
from .guard import Limits, RunStopped
from .network import build_network
from .run import RunResult, run
from .scenario import Scenario, json_schema, load_scenario
from .treaties import Treaty, load_treaty, treaty_names

__all__ = [
    "EngineCrash",
    "Event",
    "Limits",
    "Milestone",
    "Problem",
    "RunResult",
    "RunStopped",
    "Scenario",
    "Stall",
    "Treaty",
    "UserError",
    "build_network",
    "json_schema",
    "load_scenario",
    "load_treaty",
    "run",
    "treaty_names",
]
