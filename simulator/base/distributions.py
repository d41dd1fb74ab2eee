"""Durations in hours: fixed, uniform, triangular or lognormal, as written in scenario files.

Forms accepted in YAML:
  ``6``                                   fixed 6 hours
  ``[8, 14]``                             uniform between 8 and 14 hours
  ``{triangular: [2, 4, 10]}``            low, mode, high
  ``{lognormal: {median: 6, sigma: 0.5}}`` median hours and log-space spread
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any

from pydantic_core import core_schema

FORMS = (
    "a number of hours (6), [low, high] (uniform), {triangular: [low, mode, high]} "
    "or {lognormal: {median: hours, sigma: spread}}"
)


@dataclass(frozen=True)
class Duration:
    """A non-negative duration distribution in hours."""

    kind: str
    params: tuple[float, ...]

    def median(self) -> float:
        if self.kind == "fixed":
            return self.params[0]
        if self.kind == "uniform":
            low, high = self.params
            return (low + high) / 2
        if self.kind == "triangular":
            low, mode, high = self.params
            if high == low:
                return low
            if mode >= (low + high) / 2:
                return low + math.sqrt((high - low) * (mode - low) / 2)
            return high - math.sqrt((high - low) * (high - mode) / 2)
        return self.params[0]  # lognormal: median

    def bounds(self) -> tuple[float, float]:
        """The lowest and highest value a draw can take (a lognormal's reach has no upper end)."""
        if self.kind == "lognormal":
            return 0.0, math.inf
        return self.params[0], self.params[-1]

    def sample(self, rng: random.Random) -> float:
        kind = self.kind
        if kind == "triangular":
            low, mode, high = self.params
            return low if high == low else rng.triangular(low, high, mode)
        if kind == "fixed":
            return self.params[0]
        if kind == "uniform":
            return rng.uniform(*self.params)
        median, sigma = self.params
        return median * math.exp(sigma * rng.gauss(0.0, 1.0))

    def describe(self) -> str:
        if self.kind == "fixed":
            return f"{self.params[0]:g} h"
        if self.kind == "uniform":
            return "uniform {:g}–{:g} h".format(*self.params)
        if self.kind == "triangular":
            return "triangular {:g}/{:g}/{:g} h".format(*self.params)
        return "lognormal median {:g} h, sigma {:g}".format(*self.params)

    @classmethod
    def parse(cls, value: Any) -> Duration:
        if isinstance(value, Duration):
            return value
        if isinstance(value, bool):
            raise ValueError(f"expected a duration: {FORMS}")
        if isinstance(value, (int, float)):
            return cls("fixed", (_hours(value),))
        if isinstance(value, list) and len(value) == 2:
            low, high = (_hours(v) for v in value)
            if low > high:
                raise ValueError(f"[low, high] has low {low:g} above high {high:g}")
            return cls("uniform", (low, high))
        if isinstance(value, dict) and len(value) == 1:
            (kind, params), = value.items()
            if kind == "triangular" and isinstance(params, list) and len(params) == 3:
                low, mode, high = (_hours(v) for v in params)
                if not low <= mode <= high:
                    raise ValueError("triangular needs low <= mode <= high")
                return cls("triangular", (low, mode, high))
            if kind == "lognormal" and isinstance(params, dict) and set(params) == {"median", "sigma"}:
                median, sigma = _hours(params["median"]), _hours(params["sigma"])
                if sigma > 5:
                    raise ValueError("lognormal sigma above 5 is not a sensible spread")
                return cls("lognormal", (median, sigma))
        raise ValueError(f"expected a duration: {FORMS}")

    @classmethod
    def __get_pydantic_core_schema__(cls, source, handler):
        return core_schema.no_info_plain_validator_function(
            cls.parse,
            serialization=core_schema.plain_serializer_function_ser_schema(lambda d: d.describe()),
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, schema, handler):
        number = {"type": "number", "minimum": 0, "maximum": MAX_HOURS}
        return {
            "description": f"Duration in hours: {FORMS}",
            "anyOf": [
                number,
                {"type": "array", "items": number, "minItems": 2, "maxItems": 2},
                {
                    "type": "object",
                    "properties": {"triangular": {"type": "array", "items": number, "minItems": 3, "maxItems": 3}},
                    "required": ["triangular"],
                    "additionalProperties": False,
                },
                {
                    "type": "object",
                    "properties": {
                        "lognormal": {
                            "type": "object",
                            "properties": {"median": number, "sigma": number},
                            "required": ["median", "sigma"],
                            "additionalProperties": False,
                        }
                    },
                    "required": ["lognormal"],
                    "additionalProperties": False,
                },
            ],
        }


MAX_HOURS = 24 * 3650  # the longest horizon; a programme can take years (Tajikistan 2021: 3 years)


def _hours(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"hours must be numbers, got {value!r}")
    # Compared before any conversion: an int too big for a float must not overflow.
    if (isinstance(value, float) and math.isnan(value)) or value < 0:
        raise ValueError(f"hours must be zero or more, got {value!r}")
    if value > MAX_HOURS:
        shown = f"{value:g}" if isinstance(value, float) or value < 10**15 else "a huge number of"
        raise ValueError(f"{shown} hours is more than ten years; check the unit (hours)")
    return float(value)
