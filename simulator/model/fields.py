"""Shared pydantic building blocks for treaty and scenario files."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from simulator.base.timeutil import parse_date, zone

MAX_TEXT = 5_000  # characters of any text field (a description, a note, an assumption)
MAX_NAME = 300  # characters of a title, label or name: printed in tables and drawn in charts

# The shapes Python's ISO 8601 reader (what the loader calls) takes, for the JSON Schemas: an editor
# must not mark as wrong what `validate` accepts, so these describe the loader, not RFC 3339 (which
# demands seconds). Ranges (month 13, hour 25) are left to the loader's messages.
_DATE = r"\d{4}-\d{2}-\d{2}|\d{8}|\d{4}-W\d{2}(?:-\d)?|\d{4}W\d{2}\d?"
_TIME = r"\d{2}(?::?\d{2}(?::?\d{2})?)?(?:[.,]\d*)?"
_OFFSET = r"[Zz]|[+-]\d{2}(?::?\d{2}(?::?\d{2}(?:[.,]\d*)?)?)?"
DATE_PATTERN = rf"^\s*(?:{_DATE})\s*$"
INSTANT_PATTERN = rf"^\s*(?:{_DATE}).?(?:{_TIME})\s*(?:{_OFFSET})\s*$"


class Strict(BaseModel):
    """Base model: unknown fields are errors, so typos never pass silently; text has a length limit
    (named in the message). Numbers are ``strict=True`` fields: true or '75' is not a count."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_max_length=MAX_TEXT)


def _zone_name(value: str) -> str:
    zone(value)
    return value


def _date(value):
    if isinstance(value, date):
        return value
    return parse_date(value)


ZoneName = Annotated[str, AfterValidator(_zone_name), Field(description="IANA time zone, e.g. Asia/Almaty")]
Date = Annotated[
    date,
    BeforeValidator(_date),
    WithJsonSchema({"type": "string", "pattern": DATE_PATTERN, "description": "Calendar date, e.g. 2022-01-06"}),
]
Name = Annotated[str, Field(max_length=MAX_NAME, description="a title, label or name (printed and drawn)")]
SourceKeys = Annotated[
    list[str],
    Field(min_length=1, description="Source keys from the treaty's record, e.g. [S44, S51]"),
]
