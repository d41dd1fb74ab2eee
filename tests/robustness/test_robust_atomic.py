"""Atomic outputs (issue 7, item 4): a run killed at any moment leaves no half-written file.

A real `treaty-sim run` process writes into a folder that already holds the complete outputs
of an earlier run, and is killed with SIGKILL at varied moments: after delays that are fractions
of how long a whole run takes on this machine, as soon as its first temporary files appear, and
as soon as it starts renaming them into place.
After every kill each output is byte for byte either the earlier file or the new one (the
new run's bytes are known: runs are deterministic), no other file is visible, and leftover
temporary files are hidden and removed by the next run.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from contextlib import suppress
from pathlib import Path

import pytest

from simulator.cli import main
from simulator.files.output_set import BOOKKEEPING, MANIFEST

OUTPUTS = ("events.csv", "events.jsonl", "milestones.csv", "outcome.json", "timeline.png", "timeline.svg", "summary.md")
TEMP = re.compile(r"^\.(" + "|".join(re.escape(n) for n in OUTPUTS + BOOKKEEPING) + r")\.\d+-\w+\.tmp$")
EXE = Path(sys.executable).with_name("treaty-sim")


def _contents(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in OUTPUTS}


@pytest.fixture(scope="module")
def old_and_new(kz_path, tmp_path_factory):
    """Complete outputs of seed 1 (already in the folder) and of seed 2 (what the killed run writes),
    and how many seconds a whole `treaty-sim run` process of seed 2 takes here."""
    base = tmp_path_factory.mktemp("atomic")
    for seed in (1, 2):
        assert main(["run", str(kz_path), "--mode", "predictive", "--seed", str(seed),
                     "--out", str(base / f"seed{seed}"), "--quiet"]) == 0
    old, new = _contents(base / "seed1"), _contents(base / "seed2")
    assert all(old[name] != new[name] for name in OUTPUTS)
    started = time.monotonic()
    proc = _start(kz_path, base / "timed")
    assert proc.wait(timeout=120) == 0, proc.stderr.read()
    assert _contents(base / "timed") == new
    return base / "seed1", old, new, time.monotonic() - started


def _start(kz_path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([str(EXE), "run", str(kz_path), "--mode", "predictive", "--seed", "2", "--out", str(out),
                             "--quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _kill_when(proc: subprocess.Popen, out: Path, trigger: str, count: float) -> None:
    """SIGKILL ``proc`` after ``count`` seconds ("delay"), or once ``count`` temporary files were
    seen ("temps"), or once ``count`` outputs were replaced ("renames")."""
    inodes = {name: (out / name).stat().st_ino for name in OUTPUTS}
    deadline = time.monotonic() + 60
    started = time.monotonic()
    seen: set[str] = set()
    while proc.poll() is None and time.monotonic() < deadline:
        if trigger == "delay" and time.monotonic() - started >= count:
            break
        if trigger == "temps":
            seen |= {n for n in os.listdir(out) if TEMP.match(n)}
            if len(seen) >= count:
                break
        if trigger == "renames":
            replaced = 0
            for name in OUTPUTS:
                with suppress(FileNotFoundError):
                    replaced += (out / name).stat().st_ino != inodes[name]
            if replaced >= count:
                break
        time.sleep(0.0005)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)


# Delays are fractions of a whole run's time (fixed seconds outlived the run once the engine got faster).
KILLS = [("delay", 0.35), ("delay", 0.7), ("temps", 1), ("temps", 6), ("renames", 1), ("renames", 4)]


def test_sigkill_at_any_moment_leaves_old_or_new_complete_files(kz_path, tmp_path, old_and_new):
    old_dir, old, new, run_s = old_and_new
    out = tmp_path / "out"
    seen = {"temporary files left": 0, "some files new": 0, "all files old": 0}
    for trigger, count in KILLS:
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(old_dir, out)
        proc = _start(kz_path, out)
        _kill_when(proc, out, trigger, count * run_s if trigger == "delay" else count)
        assert proc.returncode == -signal.SIGKILL, f"{trigger} {count}: the run ended before the kill"
        names = sorted(os.listdir(out))
        visible = [n for n in names if not n.startswith(".")]
        assert visible == sorted(OUTPUTS), (trigger, count, names)
        hidden = [n for n in names if n.startswith(".")]
        assert all(TEMP.match(n) or n in BOOKKEEPING for n in hidden), hidden  # a killed run's lock and journal too
        for name in OUTPUTS:
            data = (out / name).read_bytes()
            assert data in (old[name], new[name]), f"{trigger} {count}: {name} is neither the old nor the new file"
        seen["temporary files left"] += any(TEMP.match(n) for n in hidden)
        seen["some files new"] += any((out / n).read_bytes() == new[n] for n in OUTPUTS)
        seen["all files old"] += all((out / n).read_bytes() == old[n] for n in OUTPUTS)
    # The kills did land while files were being written, not only before or after.
    assert seen["temporary files left"] >= 2 and seen["some files new"] >= 1 and seen["all files old"] >= 2, seen

    # The next run completes, and clears what the killed one left.
    assert main(["run", str(kz_path), "--mode", "predictive", "--seed", "2", "--out", str(out), "--quiet"]) == 0
    assert sorted(os.listdir(out)) == sorted([*OUTPUTS, MANIFEST])
    assert _contents(out) == new


def test_stale_temporary_files_of_dead_runs_only_are_removed(kz_path, tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".events.csv.{dead.pid}-abcd1234.tmp"
    live = tmp_path / f".summary.md.{os.getppid()}-efgh5678.tmp"  # a run still going (its pid is alive)
    mine = tmp_path / ".notes.tmp"  # not a treaty-sim temporary file
    for path in (stale, live, mine):
        path.write_text("partial")
    assert main(["run", str(kz_path), "--out", str(tmp_path), "--quiet"]) == 0
    assert not stale.exists() and live.exists() and mine.exists()
    assert sorted(os.listdir(tmp_path)) == sorted([*OUTPUTS, MANIFEST, live.name, mine.name])  # the run's, and the others'


def test_failed_write_keeps_the_old_files_and_leaves_no_temporary_file(kz_path, tmp_path, capsys):
    assert main(["run", str(kz_path), "--out", str(tmp_path), "--quiet"]) == 0
    before = _contents(tmp_path)
    (tmp_path / "summary.md").unlink()
    (tmp_path / "summary.md").mkdir()  # the last file cannot be renamed into place
    (tmp_path / "summary.md" / "keep").write_text("x")
    assert main(["run", str(kz_path), "--mode", "predictive", "--out", str(tmp_path), "--quiet"]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert f"{tmp_path / 'summary.md'}: cannot write: it is a folder" in err and "Traceback" not in err
    for name in OUTPUTS[:-1]:  # checked before anything was renamed: the earlier run's files stay whole
        assert (tmp_path / name).read_bytes() == before[name], name
    assert [n for n in os.listdir(tmp_path) if n.startswith(".")] == [MANIFEST]  # the earlier run's record


MONTECARLO = ("replications.csv", "outcomes.csv", "milestones.csv", "distributions.png", "distributions.svg", "summary.md")


def test_a_killed_montecarlo_leaves_its_old_set_or_its_new_one_never_a_mix(kz_path, tmp_path):
    """replications.csv is streamed during the runs, the others come after: a kill in between once left a new
    replications.csv beside the old summary. Kills land at fractions of a whole command's measured time."""
    from simulator.files.output_set import JOURNAL, finish_interrupted

    def start(out: Path) -> subprocess.Popen:
        return subprocess.Popen([str(EXE), "montecarlo", str(kz_path), "-n", "100", "-s", "2", "-o", str(out), "-q"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def contents(out: Path) -> dict[str, bytes]:
        return {name: (out / name).read_bytes() for name in MONTECARLO}

    started = time.monotonic()
    reference = start(tmp_path / "new")
    assert reference.wait(timeout=300) == 0, reference.stderr.read()
    run_s = time.monotonic() - started
    new = contents(tmp_path / "new")
    out = tmp_path / "out"
    old_set = ["montecarlo", str(kz_path), "-n", "20", "-s", "1", "-o", str(out), "-q"]
    assert main(old_set) == 0
    old = contents(out)
    kinds = []
    for fraction in (0.9, 0.75, 0.5):  # late first: while the charts are drawn, after the streamed CSV is complete
        proc = start(out)
        time.sleep(fraction * run_s)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        if (out / JOURNAL).exists():  # killed between two renames: the next writer completes the set
            finish_interrupted(out)
        now = contents(out)
        assert now in (old, new), f"killed at {fraction:.0%}: a mix of the old and the new set"
        kinds.append("new" if now == new else "old")
        if now == old:
            break
        assert main(old_set) == 0  # the kill came after the end: the old set again, for a later kill
    assert "old" in kinds, kinds  # a kill landed while the command ran
