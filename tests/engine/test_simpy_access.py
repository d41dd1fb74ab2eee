"""The SimPy internals the guard uses: if SimPy changes them, this fails before any run goes wrong."""

from __future__ import annotations

import math

import pytest
import simpy

from simulator.engine.guard import Limits, drive
from simulator.engine.simpy_access import HorizonReached, schedule_horizon


def _clock(env, log, every=1.5):
    def clock():
        while True:
            log.append(env.now)
            yield env.timeout(every)

    env.process(clock())


def test_the_horizon_event_stops_stepping_before_any_event_due_at_the_horizon():
    env = simpy.Environment()
    log = []
    _clock(env, log, every=2.0)  # events at 0, 2, 4, ...: one falls exactly on the horizon
    schedule_horizon(env, 4.0)
    with pytest.raises(HorizonReached):
        while True:
            env.step()
    assert log == [0.0, 2.0] and env.now == 4.0 and env.peek() == 4.0  # the clock's tick at 4 is still due


def test_drive_stops_where_run_until_stops():
    driven, ran = [], []
    env = simpy.Environment()
    _clock(env, driven)
    drive(env, 10.0, [], Limits())
    reference = simpy.Environment()
    _clock(reference, ran)
    reference.run(until=10.0)
    assert driven == ran and env.peek() == 10.5  # the first event after the horizon stays due


def test_drive_ends_at_the_horizon_when_nothing_is_left_to_happen():
    env = simpy.Environment()

    def once():
        yield env.timeout(3.0)

    env.process(once())
    drive(env, 10.0, [], Limits())
    assert env.now == 10.0 and env.peek() == math.inf
