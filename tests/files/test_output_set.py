"""A set of outputs is replaced together (files/output_set.py): a writer killed between two renames leaves a
journal, and the next writer into the folder completes the set before anything else."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from simulator.files.output_set import JOURNAL, MANIFEST
from simulator.files.writing import write_files

OLD = {"a.csv": "old a\n", "b.csv": "old b\n", "c.md": "old c\n"}
NEW = {"a.csv": "new a\n", "b.csv": "new b\n", "c.md": "new c\n"}


def test_a_set_killed_between_its_renames_is_completed_by_the_next_writer(tmp_path):
    write_files(tmp_path, OLD, "demo")
    child = textwrap.dedent(f"""
        import os
        from simulator.files.writing import write_files
        real, done = os.replace, []
        def replace(src, dst):  # dies as SIGKILL would, after the first output was renamed
            if done and not str(dst).endswith("{JOURNAL}"):
                os._exit(9)
            real(src, dst)
            done.append(dst) if not str(dst).endswith("{JOURNAL}") else None
        os.replace = replace
        write_files({str(tmp_path)!r}, {NEW!r}, "demo")
    """)
    assert subprocess.run([sys.executable, "-c", child], timeout=60).returncode == 9
    seen = {name: (tmp_path / name).read_text() for name in NEW}
    assert sorted(seen.values()) == ["new a\n", "old b\n", "old c\n"]  # killed mid-set
    assert (tmp_path / JOURNAL).exists()

    write_files(tmp_path, {"other.txt": "x"}, "another")  # any writer into the folder completes it first
    assert {name: (tmp_path / name).read_text() for name in NEW} == NEW
    assert sorted(os.listdir(tmp_path)) == sorted([*NEW, "other.txt", MANIFEST])
    write_files(tmp_path, OLD, "demo")  # and the manifest knows the completed set as demo's own
    assert (tmp_path / "a.csv").read_text() == "old a\n"
