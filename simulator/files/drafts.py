"""Scenario data being changed: plain YAML data plus where each value came from.

A variant (or a sweep's ``--param``) changes a base scenario's data before it is validated.
Each location in the data remembers its origin, a (file, line) pair, so that a problem found
by validation points at the line that put the bad value there: the variant file's line for a
changed value, the base file's line for the rest.
"""

from __future__ import annotations

import copy
import difflib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from simulator.base.errors import Problem, UserError, format_path
from simulator.files.yamlio import LoadedYaml

Loc = tuple
Origin = tuple[str, "int | None"]


@dataclass
class Draft:
    """Scenario data before validation, with the origin (file, line) of every location."""

    data: dict
    origins: dict[Loc, Origin]
    file: str  # where problems without a located origin are reported
    changes: list[str] = field(default_factory=list)  # "path: old -> new", for people
    changed: dict[Loc, Origin] = field(default_factory=dict)  # each changed location -> its origin

    @classmethod
    def from_loaded(cls, loaded: LoadedYaml) -> Draft:
        """A draft of a file as it was read."""
        origins = {loc: (loaded.file, line) for loc, line in loaded.lines.items()}
        return cls(copy.deepcopy(loaded.data), origins, loaded.file)

    def copy(self) -> Draft:
        return Draft(copy.deepcopy(self.data), dict(self.origins), self.file, list(self.changes), dict(self.changed))

    def origin_of(self, loc: Loc) -> Origin:
        """Origin of the deepest known prefix of ``loc``."""
        loc = tuple(loc)
        while loc:
            if loc in self.origins:
                return self.origins[loc]
            loc = loc[:-1]
        return self.origins.get((), (self.file, None))

    def _replace_origins(self, loc: Loc, sub_origins: dict[Loc, Origin]) -> None:
        """Forget the origins under ``loc`` and take ``sub_origins`` (relative to it) instead."""
        size = len(loc)
        for old in [k for k in self.origins if k[:size] == loc]:
            del self.origins[old]
        for sub, origin in sub_origins.items():
            self.origins[loc + sub] = origin

    # ---- changes ------------------------------------------------------------------------
    def set(self, dotted: str, value: Any, origin: Origin, value_origins: dict[Loc, Origin] | None = None) -> Loc:
        """Set the value at a dotted path (``air.airlift.aircraft``, ``record.first-units.at``).

        A list item is named by its index or, in lists of mappings with an ``id``, by that id.
        Every step but the last must exist; the last may add a new key to a mapping.
        """
        loc = resolve(self.data, dotted, origin)
        parent = self.data
        for part in loc[:-1]:
            parent = parent[part]
        old = parent.get(loc[-1], _MISSING) if isinstance(parent, dict) else parent[loc[-1]]
        parent[loc[-1]] = copy.deepcopy(value)
        self._replace_origins(loc, {(): origin, **(value_origins or {})})
        self.changed[loc] = origin
        self.changes.append(f"{format_path(loc)}: {_short(old)} -> {_short(value)}")
        return loc

    def merge(self, override: dict, origins: dict[Loc, Origin], loc: Loc = ()) -> None:
        """Merge nested data into the draft: mappings key by key, anything else replaced whole.

        ``origins`` gives the origin of each location of ``override`` (relative to it).
        """
        target = self.data
        for part in loc:
            target = target[part]
        for key, value in override.items():
            here = loc + (key,)
            if isinstance(value, dict) and isinstance(target.get(key), dict):
                sub = {k[1:]: o for k, o in origins.items() if k[:1] == (key,) and len(k) > 1}
                self.merge(value, sub, here)
                continue
            old = target.get(key, _MISSING)
            target[key] = copy.deepcopy(value)
            self._replace_origins(here, {k[1:]: o for k, o in origins.items() if k[:1] == (key,)})
            self.changed[here] = self.origin_of(here)
            self.changes.append(f"{format_path(here)}: {_short(old)} -> {_short(value)}")

    # ---- problems -----------------------------------------------------------------------
    def relocate(self, error: UserError) -> UserError:
        """The same problems, each pointing at the file and line its value came from.

        A problem found on a block that a change reached into (e.g. a rule across a parliament
        stage's fields) points at the change.
        """
        by_path = {format_path(loc): loc for loc in self.origins}
        problems = []
        for problem in error.problems:
            if problem.file not in (None, self.file):
                problems.append(problem)  # found in another file (e.g. a treaty): already located
                continue
            path = problem.path
            while path and path not in by_path:
                path = _parent(path)
            loc = by_path.get(path, ())
            inside = [c for c in self.changed if c[: len(loc)] == loc and c != loc]
            if not loc:  # a field that is nowhere in the data: the draft's own file
                file, line = self.file, None
            elif inside and loc not in self.changed:
                file, line = self.changed[inside[0]]
            else:
                file, line = self.origin_of(loc)
            hint = problem.hint
            if file != self.file and (file, line) not in self.changed.values():  # the base's value: fix it in the variant
                hint = (hint + "; " if hint else "") + f"change it in {self.file} (set: or override:)"
            problems.append(replace(problem, file=file, line=line, hint=hint))
        return UserError(problems)


_MISSING = object()


def _short(value: Any) -> str:
    if value is _MISSING:
        return "(absent)"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _parent(path: str) -> str:
    """'a.b[2]' -> 'a.b'; 'a.b' -> 'a'; 'a' -> ''."""
    match = re.search(r"(\[\d+\]|\.[^.\[]*)$", path)
    return path[: match.start()] if match else ""


def resolve(data: Any, dotted: str, origin: Origin) -> Loc:
    """The location a dotted path names in ``data``; UserError (at ``origin``) when it names none."""
    file, line = origin
    parts = str(dotted).split(".")
    if not dotted or any(p == "" for p in parts):
        raise UserError([Problem(f"{dotted!r} is not a dotted path", file, line, hint="write e.g. air.airlift.aircraft")])
    loc: list = []
    node = data
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        where = format_path(tuple(loc)) or "the scenario"
        if isinstance(node, list):
            step = _list_index(node, part)
            if step is None:
                ids = [str(i.get("id")) for i in node if isinstance(i, dict) and "id" in i]
                known = f"an index 0..{len(node) - 1}" + (f" or an id: {', '.join(ids[:8])}" if ids else "")
                raise UserError([Problem(f"{where} has no item {part!r}", file, line, hint=f"use {known}")])
            loc.append(step)
            node = node[step]
        elif isinstance(node, dict):
            if part not in node and not last:
                close = difflib.get_close_matches(part, [str(k) for k in node], n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                known = ", ".join(str(k) for k in list(node)[:12])
                raise UserError([Problem(f"{where} has no field {part!r}", file, line,
                                         hint=f"{hint}known: {known}; use override: to add a nested block")])
            loc.append(part)
            node = node.get(part)
        else:
            raise UserError([Problem(f"{where} is a single value ({_short(node)}); it has no field {part!r}",
                                     file, line, hint="shorten the path")])
    return tuple(loc)


def _list_index(items: list, part: str) -> int | None:
    if re.fullmatch(r"\d+", part):
        number = int(part)
        return number if number < len(items) else None
    for index, item in enumerate(items):
        if isinstance(item, dict) and str(item.get("id")) == part:
            return index
    return None


def origins_under(loaded: LoadedYaml, prefix: Loc) -> dict[Loc, Origin]:
    """Origins of the locations of ``loaded`` under ``prefix``, relative to it."""
    size = len(prefix)
    return {loc[size:]: (loaded.file, line) for loc, line in loaded.lines.items() if loc[:size] == prefix}


def relative_to(file: str, reference: str) -> str:
    """``reference`` resolved against the folder of ``file`` (unless absolute)."""
    path = Path(reference)
    return str(path if path.is_absolute() else Path(file).parent / path)
