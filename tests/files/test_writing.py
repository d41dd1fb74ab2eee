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


def test_a_file_built_by_another_library_appears_only_when_complete(tmp_path):
    import sqlite3  # why here: the one library this test builds a file with

    from simulator.files.writing import building_atomic  # why here: only this test builds a file in place

    target = tmp_path / "log.sqlite"
    with building_atomic(target, "export") as tmp:
        assert tmp.parent == tmp_path and tmp.name.startswith(".log.sqlite.") and not target.exists()
        with sqlite3.connect(tmp) as db:
            db.execute("CREATE TABLE done (x)")
        db.close()
    first = target.read_bytes()
    assert first.startswith(b"SQLite format 3") and _visible(tmp_path) == ["log.sqlite"]
    assert oct(target.stat().st_mode & 0o777) == oct(0o666 & ~_umask())
    with pytest.raises(RuntimeError), building_atomic(target, "export") as tmp:
        sqlite3.connect(tmp).execute("CREATE TABLE half (x)").connection.close()
        raise RuntimeError("killed half-way")
    assert target.read_bytes() == first and [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    mine = tmp_path / "mine.sqlite"
    mine.write_bytes(b"not an output")
    with pytest.raises(UserError, match="not an output of treaty-sim export"), building_atomic(mine, "export"):
        pass
    assert mine.read_bytes() == b"not an output"
    (tmp_path / "folder").mkdir()
    with pytest.raises(UserError, match="folder"), building_atomic(tmp_path / "folder", "export"):
        pass


def _visible(folder):
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
