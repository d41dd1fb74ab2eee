"""Every module of simulator imports on its own, in a fresh interpreter: no import circle, no module
that works only because another one happened to be imported first."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from conftest import ROOT

PACKAGE = ROOT / "simulator"


def modules(path=PACKAGE, prefix: str = "simulator") -> list[str]:
    """Every module and package under simulator/, found on disk (importing none of them)."""
    found = [prefix]
    for info in pkgutil.iter_modules([str(path)]):
        name = f"{prefix}.{info.name}"
        if info.ispkg:
            found += modules(path / info.name, name)
        elif info.name != "__main__":  # runs the command line (`python -m simulator`): tests/cli/test_main.py
            found.append(name)
    return found


def import_alone(name: str) -> tuple[str, int, str]:
    proc = subprocess.run([sys.executable, "-c", f"import {name}"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    return name, proc.returncode, proc.stderr


def test_the_walk_finds_every_layer():
    names = set(modules())
    for layer in ("base", "files", "model", "network", "engine", "analysis", "checks", "run", "render", "experiments",
                  "lesson", "cli"):
        assert f"simulator.{layer}" in names
    assert "simulator.cli.common" in names and len(names) > 50


def test_every_module_imports_in_a_fresh_interpreter():
    with ThreadPoolExecutor(max_workers=2) as pool:  # one interpreter a module, two at a time
        results = list(pool.map(import_alone, modules()))
    failed = [f"{name} (exit {code}):\n{stderr.strip().splitlines()[-1] if stderr.strip() else ''}"
              for name, code, stderr in results if code != 0]
    assert not failed, "modules that do not import on their own:\n" + "\n".join(failed)


def unexplained_imports(path) -> list[int]:
    """Lines of the imports inside functions of ``path`` that carry no comment saying why they are there
    (on the import itself, or on the line above its block of imports)."""
    import ast

    lines = path.read_text(encoding="utf-8").split("\n")
    inner = sorted({node.lineno for function in ast.walk(ast.parse("\n".join(lines)))
                    if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
                    for node in ast.walk(function) if isinstance(node, ast.Import | ast.ImportFrom)})
    unexplained = []
    for number in inner:
        above = number - 1
        while above in inner:  # the block's first import
            above -= 1
        if "#" not in lines[number - 1] and not lines[above - 1].strip().startswith("#"):
            unexplained.append(number)
    return unexplained


def test_every_import_inside_a_function_says_why():
    # Imports inside functions only defer a heavy library (or, in a command, its whole implementation).
    found = {str(p.relative_to(ROOT)): unexplained_imports(p) for p in sorted(PACKAGE.rglob("*.py"))}
    assert {name: lines for name, lines in found.items() if lines} == {}
