"""Writing outputs (files/writing.py): only plain file names inside the output folder, ordinary files as a result
(the command's contained paths and atomic outputs: tests/robustness/test_robust_paths.py, test_robust_atomic.py)."""

from __future__ import annotations

import os

import pytest

from simulator import UserError
from simulator.files.writing import contained


@pytest.mark.parametrize("name", ["../x", "/abs", "a/b", "..", ".", "", ".hidden", "x\x00y", "a\\b", "é", "-rf",
                                  "x" * 201])
def test_output_names_are_plain(tmp_path, name):
    with pytest.raises(UserError) as caught:
        contained(tmp_path, name)
    (problem,) = caught.value.problems
    assert problem.message == f"{name!r} cannot name an output file"
    assert problem.hint == "output names use letters, digits, '.', '-' and '_' only, and start with a letter or digit"
    assert list(tmp_path.iterdir()) == []


def test_outputs_are_ordinary_files(kz_replay, tmp_path):
    paths = kz_replay.write(tmp_path)
    umask = os.umask(0)
    os.umask(umask)
    assert {oct(p.stat().st_mode & 0o777) for p in paths} == {oct(0o666 & ~umask)}
