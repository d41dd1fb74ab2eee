"""Turn pydantic validation errors and cross-checks into file/line/field problems."""

from __future__ import annotations

import difflib
import functools
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from simulator.base.errors import Problem, UserError, format_path
from simulator.files.yamlio import LoadedYaml

M = TypeVar("M", bound=BaseModel)


@functools.cache
def _all_field_names(model: type[BaseModel]) -> frozenset[str]:
    return frozenset(_field_names(model))


def _field_names(model: type[BaseModel], seen: set | None = None) -> set[str]:
    """All field names reachable from ``model``, as a file spells them (aliases: ``set``), for 'did you mean' hints."""
    seen = set() if seen is None else seen
    if model in seen:
        return set()
    seen.add(model)
    names: set[str] = set()
    for name, field in model.model_fields.items():
        names.add(field.alias or name)
        for sub in _models_in(field.annotation):
            names |= _field_names(sub, seen)
    return names


def _models_in(annotation) -> list[type[BaseModel]]:
    found = []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        found.append(annotation)
    for arg in getattr(annotation, "__args__", ()) or ():
        found.extend(_models_in(arg))
    meta = getattr(annotation, "__origin__", None)
    if meta is not None and meta is not annotation:
        found.extend(_models_in(meta))
    return found


def _clean_loc(loc: tuple) -> tuple:
    """Drop pydantic's union-branch and validator tags from an error location."""
    return tuple(
        part for part in loc if isinstance(part, int) or not (("[" in part and "]" in part) or part.startswith("function-"))
    )


SCHEMA_HINT = "see `treaty-sim schema` for what this field accepts, or copy it from scenarios/kazakhstan-2022.yaml"
MAX_PROBLEMS = 200  # a file can be wrong in thousands of places; past this, stop looking

_BOUNDS = {"greater_than": "gt", "greater_than_equal": "ge", "less_than": "lt", "less_than_equal": "le"}
_BOUND_WORDS = {"gt": "above", "ge": "at least", "lt": "below", "le": "at most"}


def _hint(error: dict, names: set[str]) -> str:
    """What to do about one pydantic error: every problem the user sees says how to fix it."""
    kind = error["type"]
    loc = error["loc"]
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(str(loc[-1]), sorted(names), n=1)
        return f"did you mean {close[0]!r}?" if close else "remove it, or check the spelling against `treaty-sim schema`"
    if kind == "missing":
        return f"add the field {loc[-1]!r}" if loc else "add the missing field"
    if kind in _BOUNDS:
        bound = _BOUNDS[kind]
        return f"use a value {_BOUND_WORDS[bound]} {ctx.get(bound)}"
    if kind in ("too_short", "too_long"):
        return "add items" if kind == "too_short" else "remove items"
    if kind in ("string_pattern_mismatch",):
        return f"write it to match the pattern {ctx.get('pattern')} (e.g. lower-case letters, digits, '-', '_')"
    if kind in ("literal_error", "enum"):
        return f"use one of: {ctx.get('expected', 'the values listed')}"
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return f"set {ctx.get('discriminator', 'the kind')} to one of: {ctx.get('expected_tags', 'the listed values')}"
    if kind in ("int_from_float",):
        return "write a whole number"
    if kind in ("finite_number",):
        return "write a finite number"
    return SCHEMA_HINT


def _message(error: dict) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return f"unknown field {error['loc'][-1]!r}"
    if kind == "missing":
        return "required field is missing"
    if kind in ("int_type", "float_type") and isinstance(error.get("input"), (bool, str)):
        given = error["input"]
        whole = "an integer (a whole number)" if kind == "int_type" else "a number"
        shown = str(given).lower() if isinstance(given, bool) else repr(given[:40])
        quoted = isinstance(given, str) and given.strip().lstrip("+-").replace(".", "", 1).isdigit()
        return f"must be {whole}, not {shown}" + (" (write it without quotes)" if quoted else "")
    msg = error["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    return msg


def _shaped(errors: list[dict]) -> list[dict]:
    """The errors with clean locations, less those of a union's branches that the value is not shaped as.

    A value that one branch looks into (``at: {date: ...}``, a mapping) was not meant as another
    branch's kind (an instant's text): that branch's error on the value itself would only mislead.
    """
    cleaned = [dict(error, loc=_located(error)) for error in errors]
    deeper = {error["loc"][:n] for error in cleaned for n in range(len(error["loc"]))}
    said = {error["loc"] for error in cleaned if error["type"] not in _NOT_THIS_KIND}
    return [error for raw, error in zip(errors, cleaned, strict=True)
            if not (raw["loc"] != error["loc"] and (error["loc"] in deeper or
                                                  (error["type"] in _NOT_THIS_KIND and error["loc"] in said)))]


def _located(error: dict) -> tuple:
    loc = _clean_loc(error["loc"])
    if error["type"] == "extra_forbidden" and error["loc"]:  # the last part is the user's key, whatever it looks like
        loc = _clean_loc(error["loc"][:-1]) + error["loc"][-1:]
    return loc


# A branch of a union refusing a value of another kind (text where it takes a mapping).
_NOT_THIS_KIND = frozenset({"model_type", "dict_type", "list_type", "model_attributes_type"})


def validate_model(model: type[M], loaded: LoadedYaml, start: str = "start from scenarios/kazakhstan-2022.yaml") -> M:
    """Validate ``loaded.data`` against ``model``; raise UserError with every problem located.

    ``start`` is the fix for a file that is not a mapping at all: where a file of this kind comes from.
    """
    if not isinstance(loaded.data, dict):
        raise UserError.single(
            f"the file must be a YAML mapping of fields, not {type(loaded.data).__name__}",
            loaded.file,
            hint=start,
        )
    try:
        return model.model_validate(loaded.data)
    except ValidationError as exc:
        names = _all_field_names(model)
        problems = []
        seen = set()
        for error in _shaped(exc.errors(include_url=False)):  # the input: to say "not true" or "not '75'"
            if len(problems) >= MAX_PROBLEMS:
                break
            loc = error["loc"]
            key = (loc, error["type"])
            if key in seen:
                continue
            seen.add(key)
            problems.append(
                Problem(_message(error), loaded.file, loaded.line_of(loc), format_path(loc), _hint(error, names))
            )
        raise UserError(problems) from None


class Checker:
    """Collects located problems found by cross-checks after schema validation."""

    def __init__(self, loaded: LoadedYaml):
        self.loaded = loaded
        self.problems: list[Problem] = []

    def error(self, loc: tuple, message: str, hint: str = "") -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            return
        self.problems.append(
            Problem(message, self.loaded.file, self.loaded.line_of(loc), format_path(loc), hint or SCHEMA_HINT)
        )

    def known(self, loc: tuple, value: str, allowed, what: str) -> bool:
        """Report ``value`` unless it is in ``allowed``; suggest the closest name."""
        allowed = list(allowed)
        if value in allowed:
            return True
        if len(self.problems) >= MAX_PROBLEMS:
            return False
        close = difflib.get_close_matches(str(value), [str(a) for a in allowed], n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        shown = ", ".join(str(a) for a in allowed[:12]) + (", …" if len(allowed) > 12 else "")
        self.error(loc, f"unknown {what} {value!r}", f"{hint}known: {shown}")
        return False

    def raise_if_any(self) -> None:
        if self.problems:
            raise UserError(self.problems)
