"""Named parameters of a scenario for sweeps and sensitivity analysis.

``--param PATH=V1,V2,…`` sets the value at a dotted path (as a variant's ``set:`` does) to each
value in turn; ``--param PATH=LOW:HIGH`` gives a range for sensitivity analysis. ``PATH*=…``
scales instead: every number of the value at PATH (a duration such as ``{triangular: [1, 2, 4]}``,
or a single number) is multiplied by the factor; a lognormal's sigma is left as it is.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

import yaml

from simulator.base.errors import UserError
from simulator.base.limits import MAX_SWEEP_VALUES, finite
from simulator.files.drafts import Draft, resolve

PARAM = re.compile(r"^\s*([^=*\s]+)\s*(\*?)=\s*(.+?)\s*$")


@dataclass(frozen=True)
class Param:
    """One named parameter: a dotted path, whether it scales, and its values or range."""

    text: str
    path: str
    scale: bool
    values: tuple = ()
    low: float | None = None
    high: float | None = None

    @property
    def name(self) -> str:
        """Column name: the path, with '*' for a scale factor."""
        return self.path + ("*" if self.scale else "")

    def origin(self) -> tuple[str, None]:
        return (f"--param {self.text}", None)

    def apply(self, draft: Draft, value: Any) -> None:
        """Set (or scale by) ``value`` in a draft."""
        if not self.scale:
            draft.set(self.path, value, self.origin())
            return
        current = self._current(draft)
        if current is None:
            raise UserError.single(f"nothing to scale at {self.path}", self.origin()[0], "check the path")
        draft.set(self.path, scaled(current, float(value)), self.origin())

    def is_integer(self, draft: Draft) -> bool:
        """Whether the base value is a whole number (sampled values are then rounded)."""
        if self.scale:
            return False
        current = self._current(draft)
        return isinstance(current, int) and not isinstance(current, bool)

    def _current(self, draft: Draft) -> Any:
        """The value at the path in ``draft`` (None where the path names nothing yet)."""
        current = draft.data
        for part in resolve(draft.data, self.path, self.origin()):
            current = current[part] if isinstance(current, list) else current.get(part)
        return current


def scaled(value: Any, factor: float) -> Any:
    """Every number in a value (a duration in any of its forms) times ``factor``; sigma kept."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value * factor
    if isinstance(value, list):
        return [scaled(v, factor) for v in value]
    if isinstance(value, dict):
        return {k: (v if k == "sigma" else scaled(v, factor)) for k, v in copy.deepcopy(value).items()}
    return value


def _scalar(text: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return text


def _short(text: str) -> str:
    return text if len(text) <= 80 else text[:79] + "…"


def parse_param(text: str, ranged: bool = False) -> Param:
    """Parse ``PATH=V1,V2`` (a sweep) or ``PATH=LOW:HIGH`` (a range, when ``ranged``)."""
    match = PARAM.match(text or "")
    form = "PATH=LOW:HIGH" if ranged else "PATH=V1,V2,…"
    if not match:
        raise UserError.single(f"--param {text!r} is not {form}", hint="e.g. --param air.airlift.aircraft="
                               + ("30:110" if ranged else "40,75,110"))
    path, star, rest = match.groups()
    if not ranged:
        texts = rest.split(",")
        if len(texts) > MAX_SWEEP_VALUES:
            raise UserError.single(f"--param {path}: {len(texts):,} values is more than {MAX_SWEEP_VALUES:,}",
                                   hint="give fewer values")
        values = tuple(_scalar(v.strip()) for v in texts)
        if any(isinstance(v, float) and not finite(v) for v in values):
            raise UserError.single(f"--param {_short(text)}: infinite and NaN values are not numbers a case can use",
                                   hint="give finite numbers, e.g. --param air.airlift.aircraft=40,75,110")
        if star and not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            raise UserError.single(f"--param {text}: a scale factor must be a number", hint="e.g. PATH*=0.5,1,2")
        return Param(text, path, bool(star), values=values)
    parts = rest.split(":")
    bounds = [_scalar(p.strip()) for p in parts]
    if len(bounds) != 2 or not all(finite(b) for b in bounds) or not bounds[0] < bounds[1]:
        raise UserError.single(f"--param {_short(text)}: the range must be LOW:HIGH, finite numbers with LOW below HIGH",
                               hint="e.g. --param air.airlift.aircraft=30:110")
    return Param(text, path, bool(star), low=float(bounds[0]), high=float(bounds[1]))


def check_unique(params: list[Param]) -> None:
    names = [p.name for p in params]
    for name in names:
        if names.count(name) > 1:
            raise UserError.single(f"--param {name} is given twice", hint="give each parameter once")
