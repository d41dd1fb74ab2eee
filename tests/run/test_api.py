"""run() and RunResult from Python: load, run, chart and write a case; a path or a mode by name."""

from __future__ import annotations

from matplotlib.figure import Figure

import simulator


def test_load_and_run_from_python(kz_path, tmp_path):
    from simulator import load_scenario, run

    result = run(load_scenario(kz_path))
    assert result.events and result.events[0].step == "request"
    assert {m.id for m in result.milestones} >= {"appeal", "csc-decision", "withdrawal-complete"}
    figure = result.chart()
    assert isinstance(figure, Figure)
    assert len(figure.axes[0].get_yticklabels()) >= 10
    paths = result.write(tmp_path)
    assert {p.name for p in paths} == {"events.csv", "events.jsonl", "milestones.csv", "outcome.json", "timeline.png",
                                       "timeline.svg", "summary.md"}


def test_run_accepts_a_path_and_rejects_unknown_modes(kz_path):
    import pytest

    result = simulator.run(str(kz_path), mode="predictive", seed=1)
    assert result.mode == "predictive" and result.seed == 1
    with pytest.raises(simulator.UserError) as caught:
        simulator.run(kz_path, mode="fast")
    (problem,) = caught.value.problems
    assert (problem.message, problem.hint) == ("unknown mode 'fast'", "use replay or predictive")
