"""The one place treaty-sim touches SimPy internals; tests/engine/test_simpy_access.py fails if SimPy changes them.

The guard steps the environment to the horizon itself (``env.run(until=...)`` has no room for its
checks). Asking before every step whether the next event is due before the horizon costs 1–3%
of a run, so the horizon is an event instead, made as ``env.run`` makes its own: due before
every other event at that time, it stops the stepping by raising HorizonReached.
"""

from __future__ import annotations

import simpy
from simpy.core import URGENT


class HorizonReached(Exception):
    """Raised out of ``env.step()`` by the horizon's event: every event due before it has happened."""


def _reached(_event) -> None:
    raise HorizonReached


def schedule_horizon(env: simpy.Environment, horizon: float) -> None:
    """Schedule the event at ``horizon`` after which ``env.step()`` raises HorizonReached.

    It comes before any other event due at ``horizon`` (SimPy's URGENT priority), so, as with
    ``env.run(until=horizon)``, no event at or after the horizon is processed.
    """
    event = simpy.Event(env)
    event._ok = True  # a triggered event, as Environment.run sets up its 'until' event
    event._value = None
    event.callbacks.append(_reached)
    env.schedule(event, URGENT, horizon - env.now)
