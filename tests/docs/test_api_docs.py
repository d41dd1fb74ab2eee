"""The Python API's reference: every public name documented in its docstring and on docs/api.md."""

from __future__ import annotations

import inspect
import json
import re

from conftest import ROOT
from pydantic import BaseModel

import simulator

PAGE = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
REGENERATE = "run `python scripts/api_page.py` to update docs/api.md"


def test_every_public_name_has_its_own_docstring():
    for name in simulator.__all__:
        obj = getattr(simulator, name)
        own = obj.__dict__.get("__doc__") if inspect.isclass(obj) else obj.__doc__
        assert own and own.strip(), f"{name} has no docstring of its own"
        if inspect.isclass(obj) and not issubclass(obj, BaseModel):
            for attr, value in vars(obj).items():
                function = value.fget if isinstance(value, property) else value
                if not attr.startswith("_") and callable(function):
                    assert inspect.getdoc(function), f"{name}.{attr} has no docstring"


def test_reference_page_lists_exactly_the_public_api():
    documented = re.findall(r"^### `([A-Za-z_][A-Za-z0-9_]*)`$", PAGE, flags=re.M)
    assert len(documented) == len(set(documented))
    assert set(documented) == set(simulator.__all__), REGENERATE
    for name in simulator.__all__:
        summary = inspect.getdoc(getattr(simulator, name)).splitlines()[0]
        assert summary in PAGE, f"{name}: {REGENERATE}"


def test_the_export_pages_example_runs(tmp_path, monkeypatch):
    section = (ROOT / "docs" / "howto" / "exports.md").read_text(encoding="utf-8")
    code = re.findall(r"```python\n(.*?)```", section, flags=re.S)[0]
    # Run as written, in a folder of its own: its outputs/ (both exports) is not the repository's.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "scenarios").symlink_to(ROOT / "scenarios")
    namespace: dict = {}
    exec(compile(code, "docs/howto/exports.md", "exec"), namespace)
    assert {o["id"] for o in namespace["log"]["objects"] if o["type"] == "case"} == {"r0:case", "r5:case"}
    assert len(namespace["frame"]) == len(namespace["log"]["events"])
    written = tmp_path / "outputs" / "kz-r0-r5.json"
    assert written.exists()
    assert json.loads(written.read_text(encoding="utf-8")) == namespace["log"]  # the log it printed about
    assert (tmp_path / "outputs" / "kz-r0-r5.sqlite").read_bytes()[:16] == b"SQLite format 3\x00"
    runs = namespace["runs"]
    assert runs[0].scenario.title in namespace["slides"]["title"]["text"]["headline"]
