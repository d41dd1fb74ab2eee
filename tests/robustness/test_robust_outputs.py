"""Outputs that never clobber, one writer at a time, and full disks (issue 15, items 2 and 9).

Through the real command: a FIFO, a character device (when root: made with mknod in tmp, never a
real /dev node), a socket or a folder at an output's name is refused with exit 2 and left as it
was, with --force too; a regular file that is not the same command's earlier, unchanged output is
kept unless --force. A second writer into a folder in use is refused, naming the owner's pid; a
dead owner's lock is taken over. Over a file size limit (RLIMIT_FSIZE, in a subprocess) every
command exits 2 with `no space left writing <file>`, leaves no temporary file and the earlier
outputs as they were.
"""

from __future__ import annotations

import os
import resource
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from simulator.cli import main
from simulator.files.output_set import MANIFEST

EXE = Path(sys.executable).with_name("treaty-sim")


def _said(capsys) -> str:
    return " ".join(capsys.readouterr().err.split())


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _char_device(path: Path) -> Path:
    if os.geteuid() != 0:
        pytest.skip("mknod of a character device needs root")
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # what /dev/null is, but in tmp
    return path


def _socket(path: Path) -> Path:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()
    return path


SPECIAL = {"FIFO": (_fifo, stat.S_ISFIFO, "a FIFO"), "device": (_char_device, stat.S_ISCHR, "a character device"),
           "socket": (_socket, stat.S_ISSOCK, "a socket")}


@pytest.mark.parametrize("kind", SPECIAL)
@pytest.mark.parametrize("force", [[], ["--force"]])
def test_a_special_file_as_the_output_is_refused_and_left_untouched(kz_path, tmp_path, capsys, kind, force):
    make, test, said = SPECIAL[kind]
    target = make(tmp_path / "out.json")
    before = os.lstat(target)
    for argv in (["schema", "-o", str(target)], ["export", str(kz_path), "-f", "timelinejs", "-o", str(target)],
                 ["report", str(kz_path), "-o", str(target)]):
        assert main(argv + force) == 2, argv
        assert f"{target}: cannot write: it is {said}, not a regular file; it was left untouched" in _said(capsys)
        after = os.lstat(target)
        assert test(after.st_mode) and (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)
    assert sorted(os.listdir(tmp_path)) == ["out.json"]  # not even a lock file or a record was made


def test_a_fifo_among_a_runs_outputs_stops_the_run_before_it_writes(kz_path, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    _fifo(out / "timeline.svg")
    assert main(["run", str(kz_path), "--out", str(out), "--quiet", "--force"]) == 2
    assert f"{out / 'timeline.svg'}: cannot write: it is a FIFO" in _said(capsys)
    assert os.listdir(out) == ["timeline.svg"] and stat.S_ISFIFO(os.lstat(out / "timeline.svg").st_mode)


def test_a_folder_where_a_file_is_expected_is_refused(tmp_path, capsys):
    (tmp_path / "schema.json").mkdir()
    assert main(["schema", "-o", str(tmp_path / "schema.json"), "--force"]) == 2
    assert f"{tmp_path / 'schema.json'}: cannot write: it is a folder" in _said(capsys)
    assert (tmp_path / "schema.json").is_dir()


def test_export_does_not_overwrite_an_unrelated_file_without_force(kz_path, tmp_path, capsys):
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n")
    export = ["export", str(kz_path), "-f", "timelinejs", "-o", str(notes), "--quiet"]
    assert main(export) == 2
    assert (f"{notes}: cannot overwrite: it is not an output of treaty-sim export "
            "fix: give --force to replace it, or choose another output") in _said(capsys)
    assert notes.read_text() == "my notes\n"
    assert main([*export, "--force"]) == 0 and notes.read_text().startswith("{")
    capsys.readouterr()
    assert main(export) == 0  # now it is export's own output: replaced
    notes.write_text(notes.read_text() + " ")  # edited by hand since
    assert main(export) == 2
    assert f"{notes}: cannot overwrite: it changed since treaty-sim export wrote it" in _said(capsys)


def test_another_commands_outputs_are_not_replaced_and_nothing_runs(kz_path, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["run", str(kz_path), "--out", str(out), "--quiet"]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    started = time.monotonic()
    assert main(["montecarlo", str(kz_path), "-n", "3000", "--out", str(out), "--quiet"]) == 2
    assert time.monotonic() - started < 5  # refused before 3,000 runs, not after
    assert f"{out / 'milestones.csv'}: cannot overwrite: it was written by treaty-sim run, not montecarlo" in _said(capsys)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def _wait_for(path: Path, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert proc.poll() is None and time.monotonic() < deadline, "the first writer ended before it was seen"
        time.sleep(0.02)


def test_a_second_writer_is_refused_and_a_dead_writers_lock_is_taken_over(kz_path, tmp_path, capsys):
    out = tmp_path / "out"
    # fidelity streams nothing: its folder is locked for the whole command all the same
    first = subprocess.Popen([str(EXE), "fidelity", str(kz_path), "-n", "20000", "--out", str(out), "--quiet"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(out / ".treaty-sim.lock", first)
        for argv in (["montecarlo", str(kz_path), "-n", "5"], ["run", str(kz_path)], ["fidelity", str(kz_path), "-n", "5"],
                     ["sweep", str(kz_path), "-p", "air.airlift.aircraft=40,75", "-n", "2"]):
            assert main([*argv, "--out", str(out), "--quiet"]) == 2
            assert f"{out}: another treaty-sim (pid {first.pid}) is writing into this folder" in _said(capsys)
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    assert (out / ".treaty-sim.lock").read_text().strip() == str(first.pid)  # left by the killed writer
    assert main(["montecarlo", str(kz_path), "-n", "5", "--out", str(out), "--quiet"]) == 0  # taken over
    assert sorted(os.listdir(out)) == sorted(["replications.csv", "outcomes.csv", "milestones.csv", "distributions.png",
                                              "distributions.svg", "summary.md", MANIFEST])


def _limited(argv: list[str], limit: int) -> subprocess.CompletedProcess:
    def cap():  # in the child only: files it writes may not grow past `limit` bytes
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run([str(EXE), *argv], preexec_fn=cap, capture_output=True, text=True, timeout=300)


# (command line, output folder or file, the file that hits the limit, the limit in bytes)
FULL = {
    "run": (["run", "{kz}", "--mode", "predictive", "--seed", "{seed}", "--out", "{o}", "--quiet"], "events.csv", 4096),
    "montecarlo-streamed": (["montecarlo", "{kz}", "-n", "{n}", "--seed", "{seed}", "-o", "{o}", "-q"], "replications.csv",
                            4096),
    "montecarlo-chart": (["montecarlo", "{kz}", "-n", "{n}", "--seed", "{seed}", "-o", "{o}", "-q"], "distributions.png",
                         12_000),
    "sweep": (["sweep", "{kz}", "-p", "air.airlift.aircraft=40,75", "-n", "{n}", "--seed", "{seed}", "-o", "{o}", "-q"],
              "sweep-replications.csv", 4096),
    "report": (["report", "{kz}", "--mode", "predictive", "--seed", "{seed}", "-o", "{o}/report.html"], "report.html",
               4096),
    "export": (["export", "{kz}", "-f", "timelinejs", "--mode", "predictive", "--seed", "{seed}", "-o", "{o}/t.json",
                "--quiet"], "t.json", 4096),
}


@pytest.mark.parametrize("case", FULL)
def test_out_of_space_is_exit_2_and_the_earlier_outputs_stay(kz_path, tmp_path, case):
    template, failing, limit = FULL[case]
    out = tmp_path / "out"

    def argv(seed: int, n: int) -> list[str]:
        return [a.format(kz=kz_path, o=out, seed=seed, n=n) for a in template]

    assert main(argv(1, 3)) == 0  # the earlier outputs, unlimited
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    done = _limited(argv(2, 40), limit)
    assert done.returncode == 2, done.stderr
    assert f"no space left writing {out / failing}" in " ".join(done.stderr.split()) and "Traceback" not in done.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # no temporary file, nothing replaced
