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

from __future__ import annotations

import importlib
import sys
import types

from simulator.base.version import __version__ as __version__

# Each public name and the module that defines it. They are imported on first use (PEP 562), so that
# `import simulator` -- which every `import simulator.<module>` runs first -- costs nothing, and
# `treaty-sim --help` or `validate` loads no numpy, pandas or matplotlib.
_HOME = {
    "Milestone": "simulator.analysis.milestones",
    "Problem": "simulator.base.errors",
    "UserError": "simulator.base.errors",
    "load_injects": "simulator.checks.injects",
    "Scenario": "simulator.checks.scenario",
    "json_schema": "simulator.model.schemas",
    "load_scenario": "simulator.checks.scenario",
    "Treaty": "simulator.checks.treaty",
    "load_treaty": "simulator.checks.treaty",
    "treaty_names": "simulator.checks.treaty",
    "VariantScenario": "simulator.checks.variant",
    "load_case": "simulator.checks.variant",
    "EngineCrash": "simulator.engine.crash",
    "Event": "simulator.engine.events",
    "Limits": "simulator.engine.guard",
    "RunStopped": "simulator.engine.guard",
    "Stall": "simulator.engine.stalls",
    "Comparison": "simulator.experiments.compare",
    "compare": "simulator.experiments.compare",
    "FidelityReport": "simulator.experiments.fidelity",
    "fidelity": "simulator.experiments.fidelity",
    "MonteCarloResult": "simulator.experiments.montecarlo",
    "montecarlo": "simulator.experiments.montecarlo",
    "SensitivityResult": "simulator.experiments.sensitivity",
    "sensitivity": "simulator.experiments.sensitivity",
    "SweepResult": "simulator.experiments.sweep",
    "sweep": "simulator.experiments.sweep",
    "build_network": "simulator.network.graph",
    "events_frame": "simulator.render.exports",
    "milestones_frame": "simulator.render.exports",
    "to_ocel2": "simulator.render.exports",
    "to_timelinejs": "simulator.render.exports",
    "to_vis_timeline": "simulator.render.exports",
    "write_export": "simulator.render.exports",
    "Distribution": "simulator.render.html",
    "html_report": "simulator.render.html",
    "write_html_report": "simulator.render.html",
    "RunResult": "simulator.run",
    "run": "simulator.run",
}

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


def __getattr__(name: str):
    """Import a public name from its module on first use, then keep it here."""
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


class _Package(types.ModuleType):
    """The simulator package: its function `run` keeps its name when the module simulator.run is loaded.

    Loading a submodule binds it to its name in the package; `simulator.run` must stay the function,
    as it was when this file imported every name at once.
    """

    def __setattr__(self, name: str, value) -> None:
        if isinstance(value, types.ModuleType) and _HOME.get(name) == value.__name__:
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
