"""The step kinds a treaty file can name (a step's ``kind:``), one module each, and their registry.

Each kind module holds everything about its kind (see base.StepKind). Adding a kind is one
module and one entry in BUILT_IN below; code outside the package (a plug-in, a test) calls
``register(MyKind())`` before loading the treaty that uses it.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from simulator.engine.kinds import act, approve, assist, choose, decide, join, move, operate, request
from simulator.engine.kinds.base import StepKind, Trace
from simulator.model.scenario import EVENT_KEYS

__all__ = ["StepKind", "Trace", "register", "unregister", "kind_named", "kind_names", "registered", "by_name"]

_KINDS: dict[str, StepKind] = {}
by_name: Mapping[str, StepKind] = MappingProxyType(_KINDS)  # read-only and live: what the engine dispatches on


def register(kind: StepKind) -> StepKind:
    """Make ``kind`` (a StepKind instance) available to treaty files under ``kind.name``; returns it."""
    if not isinstance(kind, StepKind):
        raise TypeError(f"register() takes a StepKind instance, not {kind!r}")
    name = getattr(kind, "name", "")
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"a step kind needs a name made of letters, digits and '_', not {name!r}")
    if name in _KINDS:
        raise ValueError(f"a step kind {name!r} is already registered")
    unknown = [event for event in kind.record_events if event not in EVENT_KEYS]
    if unknown:
        raise ValueError(f"step kind {name!r}: record events {unknown} are not in the scenario format's {EVENT_KEYS}")
    _KINDS[name] = kind
    return kind


def unregister(name: str) -> None:
    """Remove the kind registered under ``name`` (treaties already loaded keep their steps)."""
    kind_named(name)
    del _KINDS[name]


def kind_named(name: str) -> StepKind:
    """The kind registered under ``name``; LookupError when there is none."""
    kind = _KINDS.get(name)
    if kind is None:
        raise LookupError(f"no step kind {name!r} is registered (known: {', '.join(_KINDS)})")
    return kind


def kind_names() -> tuple[str, ...]:
    """Names of the registered kinds, in the order they were registered."""
    return tuple(_KINDS)


def registered() -> tuple[StepKind, ...]:
    """The registered kinds, in the order they were registered."""
    return tuple(_KINDS.values())


BUILT_IN = (act.Act(), request.Request(), choose.Choose(), decide.Decide(), assist.Assist(), approve.Approve(),
            move.Move(), join.Join(), operate.Operate())
for _kind in BUILT_IN:
    register(_kind)
