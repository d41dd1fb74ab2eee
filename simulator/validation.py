"""Turn pydantic validation errors and cross-checks into file/line/field problems."""

from __future__ import annotations

import difflib
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from .errors import Problem, UserError, format_path
from .yamlio import LoadedYaml

M = TypeVar("M", bound=BaseModel)


def _field_names(model: type[BaseModel], seen: set | None = None) -> set[str]:
    """All field names reachable from ``model``, for 'did you mean' hints."""
    seen = set() if seen is None else seen
    if model in seen:
        return set()
    seen.add(model)
    names: set[str] = set()
    for name, field in model.model_fields.items():
        names.add(name)
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


def _hint(error: dict, names: set[str]) -> str:
    kind = error["type"]
    loc = error["loc"]
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(str(loc[-1]), sorted(names), n=1)
        return f"did you mean {close[0]!r}?" if close else "remove it, or check the spelling against `treaty-sim schema`"
    if kind == "missing":
        return f"add the field {loc[-1]!r}"
    if kind.endswith("_type") or kind.endswith("_parsing"):
        return "see `treaty-sim schema` for the expected type"
    return ""


def _message(error: dict) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return f"unknown field {error['loc'][-1]!r}"
    if kind == "missing":
        return "required field is missing"
    msg = error["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    return msg


def validate_model(model: type[M], loaded: LoadedYaml) -> M:
    """Validate ``loaded.data`` against ``model``; raise UserError with every problem located."""
    if not isinstance(loaded.data, dict):
        raise UserError.single(
            f"the file must be a YAML mapping of fields, not {type(loaded.data).__name__}",
            loaded.file,
            hint="start from scenarios/kazakhstan-2022.yaml",
        )
    try:
        return model.model_validate(loaded.data)
    except ValidationError as exc:
        names = _field_names(model)
        problems = []
        seen = set()
        for error in exc.errors():
            loc = _clean_loc(error["loc"])
            error = dict(error, loc=loc)
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
        self.problems.append(
            Problem(message, self.loaded.file, self.loaded.line_of(loc), format_path(loc), hint)
        )

    def known(self, loc: tuple, value: str, allowed, what: str) -> bool:
        """Report ``value`` unless it is in ``allowed``; suggest the closest name."""
        allowed = list(allowed)
        if value in allowed:
            return True
        close = difflib.get_close_matches(str(value), [str(a) for a in allowed], n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        shown = ", ".join(str(a) for a in allowed[:12]) + (", …" if len(allowed) > 12 else "")
        self.error(loc, f"unknown {what} {value!r}", f"{hint}known: {shown}")
        return False

    def raise_if_any(self) -> None:
        if self.problems:
            raise UserError(self.problems)
