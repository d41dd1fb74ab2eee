"""Write docs/api.md, the reference of treaty-sim's Python API, from ``simulator.__all__``.

Usage: python scripts/api_page.py [OUT]   (default: docs/api.md)

Every name in ``__all__`` gets a section with its signature and docstring; classes also list
their public methods and properties (pydantic models their fields). tests/docs/test_api_docs.py
checks that the page names exactly ``__all__`` and carries each docstring's first line.
"""

from __future__ import annotations

import dataclasses
import inspect
import sys
from pathlib import Path

from pydantic import BaseModel

import simulator

SECTIONS = {
    "Running a scenario": ["load_scenario", "run", "RunResult", "Event", "Milestone", "Scenario", "json_schema"],
    "Predictive runs against the record": ["fidelity", "FidelityReport"],
    "Exports and DataFrames": ["to_ocel2", "to_timelinejs", "to_vis_timeline", "write_export",
                               "events_frame", "milestones_frame"],
    "Treaties": ["load_treaty", "treaty_names", "Treaty", "build_network"],
    "Errors": ["UserError", "Problem"],
}


def _fields(cls) -> list[str]:
    """Data fields of a dataclass or named tuple, with their annotations."""
    if dataclasses.is_dataclass(cls):
        return [f"`{f.name}: {f.type}`" for f in dataclasses.fields(cls)]
    if hasattr(cls, "_fields"):
        hints = getattr(cls, "__annotations__", {})
        return [f"`{n}: {getattr(hints.get(n), '__forward_arg__', hints.get(n))}`" for n in cls._fields]
    return []


def _members(cls) -> list[str]:
    if issubclass(cls, BaseModel):
        return [f"- `{name}`" for name in cls.model_fields]
    fields = _fields(cls)
    lines = ["- fields: " + ", ".join(fields)] if fields else []
    for name, value in vars(cls).items():
        if name.startswith("_"):
            continue
        function = value.fget if isinstance(value, property) else value
        if isinstance(function, (classmethod, staticmethod)):
            function = function.__func__
        if not callable(function):
            continue
        summary = (inspect.getdoc(function) or "").split("\n\n")[0].replace("\n", " ")
        signature = str(inspect.signature(function))
        call = "" if isinstance(value, property) else signature.replace("(self, ", "(").replace("(self)", "()")
        lines.append(f"- `{name}{call}`: {summary}")
    return lines


def section(name: str) -> str:
    obj = getattr(simulator, name)
    doc = inspect.getdoc(obj) or ""
    if inspect.isclass(obj):
        head = f"class {name}"
        members = _members(obj)
        kind = "Fields" if issubclass(obj, BaseModel) else "Members"
        tail = f"\n\n{kind}:\n\n" + "\n".join(members) if members else ""
    else:
        head, tail = f"{name}{inspect.signature(obj)}", ""
    return f"### `{name}`\n\n```python\n{head}\n```\n\n{doc}{tail}\n"


def page() -> str:
    names = list(simulator.__all__)
    listed = [n for names_ in SECTIONS.values() for n in names_]
    sections = dict(SECTIONS)
    others = [n for n in names if n not in listed]
    if others:
        sections["Other"] = others
    parts = ["# Python API\n",
             "Everything `from simulator import …` offers (`simulator.__all__`). Generated from the "
             "docstrings by `python scripts/api_page.py`; rerun it when the API changes.\n",
             'A first example is in [Use it from Python](tutorial/python.md); a walk-through in the '
             'notebook `examples/kazakhstan-2022.ipynb`.\n']
    for title, members in sections.items():
        members = [n for n in members if n in names]
        if members:
            parts.append(f"## {title}\n")
            parts += [section(n) for n in members]
    return "\n".join(parts)


if __name__ == "__main__":
    if any(arg.startswith("-") for arg in sys.argv[1:]):  # -h, --help: the usage, not a file named --help
        print(__doc__.split("\n\n")[1])
        sys.exit(0)
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "docs" / "api.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page(), encoding="utf-8")
    print(f"wrote {out}")
