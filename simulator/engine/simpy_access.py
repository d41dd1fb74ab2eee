"""The one place treaty-sim reads a SimPy internal; tests/engine/test_simpy_access.py fails if SimPy changes it.

The guard asks before every engine step whether the next event is due before the horizon.
``env.peek()`` answers that, but as a method call a step it costs 3% of a run; so the guard
fetches SimPy's event heap once and reads its head itself.
"""

from __future__ import annotations

import simpy


def event_heap(env: simpy.Environment) -> list:
    """The heap of events scheduled in ``env``: ``(time, priority, id, event)`` tuples, the next one first.

    ``heap[0][0]`` is the time of the next event (what ``env.peek()`` returns) while the heap
    is not empty. It is the same list for the life of ``env``, so a loop may fetch it once.
    """
    heap = env._queue
    if not isinstance(heap, list):
        raise TypeError(f"SimPy's event queue is a {type(heap).__name__}, not the heap list treaty-sim expects")
    return heap
