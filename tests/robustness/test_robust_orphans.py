"""No orphans (issue 15, item 10): a `treaty-sim montecarlo --workers 2` that is killed (SIGKILL) or told to stop
(SIGTERM, SIGHUP) leaves no process behind: its workers, the forkserver and the resource tracker exit within
seconds. The command's descendants are read from the process table before the signal (after it, they are
no longer its children)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from contextlib import suppress
from pathlib import Path

import pytest

EXE = Path(sys.executable).with_name("treaty-sim")
GONE_WITHIN_S = 5


def _parents() -> dict[int, int]:
    table = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with suppress(OSError):
                stat = Path(f"/proc/{entry}/stat").read_text()
                table[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    return table


def _descendants(pid: int) -> set[int]:
    table, found, todo = _parents(), set(), [pid]
    while todo:
        parent = todo.pop()
        children = {p for p, pp in table.items() if pp == parent}
        todo.extend(children - found)
        found |= children
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the Linux process table")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGHUP])
def test_a_stopped_montecarlo_leaves_no_process_behind(kz_path, tmp_path, sig):
    proc = subprocess.Popen([str(EXE), "montecarlo", str(kz_path), "-n", "50000", "--workers", "2", "-o",
                             str(tmp_path / "mc"), "-q"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    children: set[int] = set()
    try:
        deadline = time.monotonic() + 90
        while len(children) < 4:  # resource tracker, forkserver and two workers
            assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read()
            time.sleep(0.1)
            children = _descendants(proc.pid)
        proc.send_signal(sig)
        sent = time.monotonic()
        proc.wait(timeout=30)
        while any(_alive(p) for p in children) and time.monotonic() - sent < GONE_WITHIN_S:
            time.sleep(0.05)
        print(f"{signal.Signals(sig).name}: command and its {len(children)} processes gone {time.monotonic() - sent:.1f} s after")
        left = sorted(p for p in children if _alive(p))
        assert left == [], f"{signal.Signals(sig).name}: still running after {GONE_WITHIN_S} s: {left}"
        if sig != signal.SIGKILL:  # stopped, not killed: it says so and cleans up after itself
            assert proc.returncode == 128 + sig
            assert f"stopped by {signal.Signals(sig).name}" in proc.stderr.read().decode()
            assert not (tmp_path / "mc").exists() or os.listdir(tmp_path / "mc") == []
    finally:
        for pid in [proc.pid, *children]:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)  # only what this test started
