"""One writer at a time in an output folder: a lock file that names its owner's pid.

The lock is an ``flock`` on ``.treaty-sim.lock``: the kernel releases it when its owner dies, so a
lock left by a killed run (a dead pid in the file) is simply taken over. The pid written into the
file is what a refused second writer is told. Nested writes of one process into the same folder
(a command streaming a CSV, then writing its summary) share the lock.
"""

from __future__ import annotations

import contextvars
import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from simulator.base.errors import UserError

LOCK = ".treaty-sim.lock"
_HELD: dict[str, list] = {}  # folder -> [fd, depth] of the locks this process holds
_SCOPE: contextvars.ContextVar[list | None] = contextvars.ContextVar("treaty_sim_claimed", default=None)


def _key(folder: Path) -> str:
    return os.path.realpath(folder)


def _owner(path: Path) -> str:
    try:
        text = path.read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return "unknown"
    return text if text.isdigit() else "unknown"


def acquire(folder: Path) -> None:
    """Take the folder's lock, or raise UserError naming the pid of the process that holds it."""
    key = _key(folder)
    if key in _HELD:
        _HELD[key][1] += 1
        return
    path = Path(folder) / LOCK
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise UserError.single(f"another treaty-sim (pid {_owner(path)}) is writing into this folder", folder,
                                   "wait for it to finish, or choose another --out") from None
        try:
            same = os.fstat(fd).st_ino == os.stat(path, follow_symlinks=False).st_ino
        except FileNotFoundError:
            same = False
        if same:  # else its owner removed that file as we opened it: lock the new one
            break
        os.close(fd)
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode("ascii"))
    _HELD[key] = [fd, 1]


def release(folder: Path) -> None:
    """Give the lock back (the file goes when the outermost holder releases it)."""
    key = _key(folder)
    held = _HELD.get(key)
    if held is None:
        return
    held[1] -= 1
    if held[1]:
        return
    del _HELD[key]
    with suppress(OSError):
        os.unlink(Path(folder) / LOCK)  # while still locked: no one can lock this file in between
    os.close(held[0])


@contextmanager
def command_scope() -> Iterator[None]:
    """Folders :func:`claim`-ed in this block stay locked until it ends: a command's whole run, not only
    its writes. A folder made by a claim and still empty at the end is removed again."""
    claimed: list[tuple[Path, list[Path]]] = []
    token = _SCOPE.set(claimed)
    try:
        yield
    finally:
        _SCOPE.reset(token)
        for folder, made in reversed(claimed):
            release(folder)
            for path in made:  # deepest first; a folder that holds anything stays
                with suppress(OSError):
                    path.rmdir()


def claim(folder: Path) -> None:
    """Inside :func:`command_scope`: make ``folder`` and lock it for the rest of the command (else nothing)."""
    claimed = _SCOPE.get()
    folder = Path(folder)
    if claimed is None or any(_key(f) == _key(folder) for f, _ in claimed if f.exists()):
        return
    made = [p for p in (folder, *folder.parents) if not p.exists()]
    folder.mkdir(parents=True, exist_ok=True)
    try:
        acquire(folder)
    except BaseException:
        for path in made:
            with suppress(OSError):
                path.rmdir()
        raise
    claimed.append((folder, made))
