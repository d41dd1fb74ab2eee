"""The example notebook runs from top to bottom (as CI runs it) and is committed without outputs."""

from __future__ import annotations

import json
import sys
import time

import nbclient
import nbformat
from conftest import ROOT

NOTEBOOK = ROOT / "examples" / "kazakhstan-2022.ipynb"


def test_committed_without_outputs():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(notebook)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert code and all(not c.outputs and c.execution_count is None for c in code)


def test_every_cell_runs(tmp_path, monkeypatch):
    # A kernel of this interpreter, whatever other "python3" kernels the machine has.
    spec = tmp_path / "kernels" / "treaty-sim"
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": "treaty-sim", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=120, kernel_name="treaty-sim",
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    started = time.perf_counter()
    client.execute()  # raises CellExecutionError, naming the cell, if any cell fails
    print(f"notebook ran in {time.perf_counter() - started:.1f} s")
    text = "\n".join(o.get("text", "") for c in notebook.cells if c.cell_type == "code" for o in c.outputs)
    assert "deployed: 2,030 personnel reached Kazakhstan" in text
    assert "declined: Belarus objects in the Collective Security Council" in text
    images = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 4
