"""`simulator` itself: its public names listed in __all__ and documented, and imported only when first used."""

from __future__ import annotations

import inspect
import subprocess
import sys

from conftest import ROOT

import simulator


def test_public_api_is_listed_and_documented():
    public = sorted(n for n in dir(simulator) if not n.startswith("_") and n not in ("annotations",)
                    and not inspect.ismodule(getattr(simulator, n)))
    assert sorted(simulator.__all__) == public
    for name in simulator.__all__:
        assert inspect.getdoc(getattr(simulator, name)), f"{name} has no docstring"


def test_import_simulator_is_lazy_and_complete():
    code = ("import sys, simulator; before = set(sys.modules); "
            "from simulator import *; import simulator as s; "
            "print(len(before & {'numpy', 'pandas', 'matplotlib', 'networkx', 'pydantic'}), "
            "all(hasattr(s, n) for n in s.__all__), callable(s.run), type(s.run).__name__)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["0", "True", "True", "function"]
