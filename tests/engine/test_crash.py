"""A bug inside a step kind's process comes out of run() as an EngineCrash that carries what is needed to reproduce
it: scenario, mode, seed, replication, the step being processed, the simulated time and the partial event log
(how the command reports it: tests/robustness/test_robust_crash.py)."""

from __future__ import annotations

import pytest

from simulator import EngineCrash, load_scenario, run
from simulator.engine.kinds import kind_named


def _broken_decide(engine, step, member):
    yield engine.env.timeout(0.5)
    raise ZeroDivisionError("a bug in the council")


def test_engine_bug_in_python_carries_the_context(kz_path, monkeypatch):
    monkeypatch.setattr(kind_named("decide"), "process", _broken_decide)
    with pytest.raises(EngineCrash) as info:
        run(load_scenario(kz_path), mode="predictive", seed=7)
    crash = info.value
    assert (crash.scenario, crash.mode, crash.seed, crash.replication) == ("kazakhstan-2022", "predictive", 7, 0)
    assert (crash.step, crash.member, crash.stage) == ("council_decision", "", "engine")
    assert isinstance(crash.cause, ZeroDivisionError)
    start = next(e.hours for e in crash.events if e.step == "council_decision" and e.event == "start")
    assert crash.hours == pytest.approx(start + 0.5)
    assert crash.events and max(e.hours for e in crash.events) <= crash.hours
