"""The variant file format: a base scenario and the fields a what-if changes (checked in checks/variant)."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from simulator.model.fields import Strict
from simulator.model.scenario import Instant


class VariantFile(Strict):
    """A variant file: a base scenario with some fields changed, validated like any scenario once merged."""

    variant: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$", description="id, used as the output folder name")
    base: str = Field(description="the base scenario file, relative to the variant file")
    title: str = ""
    description: str = ""
    fork_at: Instant | None = Field(None, description="pin the record up to this instant; model the rest")
    set_: dict[str, Any] = Field(default_factory=dict, alias="set", description="dotted path -> value")
    override: dict[str, Any] = Field(default_factory=dict, description="nested YAML merged into the base")
