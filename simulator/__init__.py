"""treaty-sim: discrete-event simulation of collective-security treaty activation.

    from simulator import fidelity, load_scenario, run
    result = run(load_scenario("scenarios/kazakhstan-2022.yaml"))
    result.events, result.milestones, result.chart(), result.write("outputs/kz")
    report = fidelity("scenarios/kazakhstan-2022.yaml", n=1000, seed=1)   # predictive runs vs the record
    html = html_report([result])                                          # one offline HTML report
    to_ocel2(result), to_timelinejs(result), events_frame(result)        # for pm4py, slides, pandas
    mc = montecarlo("scenarios/variants/kz-half-aircraft.yaml", n=1000, seed=1, workers=2)
    mc.outcomes, mc.milestones, mc.replications                            # pandas DataFrames

The reference of every public name: docs/api.md.
"""

from simulator.analysis.milestones import Milestone
from simulator.base.errors import Problem, UserError
from simulator.base.version import __version__ as __version__
from simulator.checks.injects import load_injects
from simulator.checks.scenario import Scenario, json_schema, load_scenario
from simulator.checks.treaty import Treaty, load_treaty, treaty_names
from simulator.checks.variant import VariantScenario, load_case
from simulator.engine.crash import EngineCrash
from simulator.engine.events import Event
from simulator.engine.guard import Limits, RunStopped
from simulator.engine.stalls import Stall
from simulator.experiments.compare import Comparison, compare
from simulator.experiments.fidelity import FidelityReport, fidelity
from simulator.experiments.montecarlo import MonteCarloResult, montecarlo
from simulator.experiments.sensitivity import SensitivityResult, sensitivity
from simulator.experiments.sweep import SweepResult, sweep
from simulator.network.graph import build_network
from simulator.render.exports import events_frame, milestones_frame, to_ocel2, to_timelinejs, to_vis_timeline, write_export
from simulator.render.html import Distribution, html_report, write_html_report
from simulator.run import RunResult, run

__all__ = [
    "Comparison",
    "Distribution",
    "EngineCrash",
    "Event",
    "FidelityReport",
    "Limits",
    "Milestone",
    "MonteCarloResult",
    "Problem",
    "RunResult",
    "RunStopped",
    "Scenario",
    "SensitivityResult",
    "Stall",
    "SweepResult",
    "Treaty",
    "UserError",
    "VariantScenario",
    "build_network",
    "compare",
    "events_frame",
    "fidelity",
    "html_report",
    "json_schema",
    "load_case",
    "load_injects",
    "load_scenario",
    "load_treaty",
    "milestones_frame",
    "montecarlo",
    "run",
    "sensitivity",
    "sweep",
    "to_ocel2",
    "to_timelinejs",
    "to_vis_timeline",
    "treaty_names",
    "write_export",
    "write_html_report",
]
