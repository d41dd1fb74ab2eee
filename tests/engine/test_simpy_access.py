"""The SimPy internal the guard reads: if SimPy changes it, this fails before any run goes wrong."""

from __future__ import annotations

import math

import simpy

from simulator.engine.guard import Limits, drive
from simulator.engine.simpy_access import event_heap


def test_the_heap_head_is_the_next_event_time_for_the_whole_run():
    env = simpy.Environment()
    heap = event_heap(env)
    assert heap == [] and env.peek() == math.inf

    def ticks(delays):
        for delay in delays:
            yield env.timeout(delay)

    env.process(ticks([5, 1, 3]))
    env.process(ticks([2, 2]))
    seen = []
    while heap:
        assert event_heap(env) is heap  # one list for the life of env: the guard fetches it once
        assert heap[0][0] == env.peek()
        seen.append(heap[0][0])
        env.step()
    assert env.peek() == math.inf
    assert seen == sorted(seen) and {0, 2, 4, 5, 6, 9} <= set(seen)


def test_drive_stops_where_run_until_stops():
    def model(env, log):
        def clock():
            while True:
                log.append(env.now)
                yield env.timeout(1.5)

        env.process(clock())

    driven, ran = [], []
    env = simpy.Environment()
    model(env, driven)
    drive(env, 10.0, [], Limits())
    reference = simpy.Environment()
    model(reference, ran)
    reference.run(until=10.0)
    assert driven == ran and env.peek() == 10.5  # the first event at or after the horizon stays unprocessed
