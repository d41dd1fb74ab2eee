"""A command's files into one folder: never clobbering, replaced together or not at all, one writer at a time.

- **Never clobber.** Before anything is written, every target is looked at: a folder, a device, a
  FIFO or a socket is refused (and left untouched), whatever the options; a regular file is
  replaced only if it is a previous output of the same command, unchanged, or with ``force``.
  What treaty-sim wrote is recorded in the folder's manifest, ``.treaty-sim-outputs.json`` (each
  file's command and sha256). A symbolic link at an output's name is never followed: it is kept,
  or with ``force`` replaced by the file.
- **Atomic as a set.** Every file, streamed CSVs included, is written to a hidden temporary file
  beside its target and flushed to disk. Only then is a journal written (``.treaty-sim-commit.json``:
  which temporary file becomes which output) and the files renamed into place. A run killed before
  the journal leaves the old set; one killed during the renames leaves the journal, and the next
  command into the folder completes the renames before anything else.
- **One writer.** The folder's lock (:mod:`simulator.files.folder_lock`) is held from the moment
  the set is opened (a streamed CSV's first row) to the last rename.
- **Out of space** (or over a file size limit): ``no space left writing <file>``, every temporary
  file removed, the previous outputs as they were.
"""

from __future__ import annotations

import contextvars
import errno
import functools
import hashlib
import json
import os
import re
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from simulator.base.errors import UserError
from simulator.files import folder_lock

MANIFEST = ".treaty-sim-outputs.json"
JOURNAL = ".treaty-sim-commit.json"
BOOKKEEPING = (MANIFEST, JOURNAL, folder_lock.LOCK)
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")
_TEMP = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)-[A-Za-z0-9_]+\.tmp$")
_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
_FORCE: contextvars.ContextVar[bool] = contextvars.ContextVar("treaty_sim_force", default=False)
_KINDS = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"))
FORCE_HINT = "give --force to replace it, or choose another output"


@contextmanager
def allow_overwrite(force: bool = True) -> Iterator[None]:
    """Within this block, existing regular files that are not previous outputs of the command are replaced
    (what ``--force`` does). Folders, devices, FIFOs and sockets are refused all the same."""
    token = _FORCE.set(bool(force))
    try:
        yield
    finally:
        _FORCE.reset(token)


def contained(out_dir: Path, name: str) -> Path:
    """``out_dir / name``, refusing any name that could reach outside ``out_dir``."""
    if not isinstance(name, str) or not _NAME.match(name) or ".." in name:
        raise UserError.single(
            f"{name!r} cannot name an output file",
            hint="output names use letters, digits, '.', '-' and '_' only, and start with a letter or digit",
        )
    return Path(out_dir) / name


def write_error(path: Path, exc: OSError) -> UserError:
    """The user's view of a failed write: out of space (or over a size limit), or why it could not be written."""
    if exc.errno in _FULL:
        return UserError.single(f"no space left writing {path}", hint="free some space (or raise the file size limit), "
                                "or choose another --out on a disk with room")
    return UserError.single(f"cannot write: {exc.strerror or exc}", path, "choose another --out folder, or free some space")


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def refuse_special(path: Path) -> os.stat_result | None:
    """The target's lstat (None if it does not exist); UserError if it is a folder, device, FIFO or socket."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return None  # an unusable name: the write itself says why
    if stat.S_ISDIR(info.st_mode):
        raise UserError.single("cannot write: it is a folder", path, "move the folder away, or choose another --out")
    for test, kind in _KINDS:
        if test(info.st_mode):
            raise UserError.single(f"cannot write: it is {kind}, not a regular file; it was left untouched", path,
                                   "choose another output file or folder")
    return info


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # our own temporary files are removed as soon as a write fails
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def remove_stale_temps(out_dir: Path) -> list[Path]:
    """Remove temporary files left in ``out_dir`` by a run that was killed; returns them."""
    removed = []
    try:
        entries = list(os.scandir(out_dir))
    except OSError:
        return removed
    for entry in entries:
        match = _TEMP.match(entry.name)
        if match and entry.is_file(follow_symlinks=False) and not _alive(int(match["pid"])):
            Path(entry.path).unlink(missing_ok=True)
            removed.append(Path(entry.path))
    return removed


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def finish_interrupted(out_dir: Path) -> None:
    """Complete the renames of a set whose writer was killed after its journal was written."""
    journal = Path(out_dir) / JOURNAL
    renames = _read_json(journal).get("renames", [])
    for pair in renames if isinstance(renames, list) else []:
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(n, str) and "/" not in n for n in pair)):
            continue
        temp, name = (Path(out_dir) / n for n in pair)
        if temp.is_file() and not temp.is_symlink():
            os.replace(temp, name)
    journal.unlink(missing_ok=True)


class OutputSet:
    """The files one command writes into ``folder``; use as a context manager, then :meth:`commit`.

    ``names`` are the outputs expected, checked for clobbering when the set opens (before any work);
    every name is checked again at commit. ``plain_names`` False allows one file name the user chose.
    """

    def __init__(self, folder: Path, command: str, names: Iterable[str] = (), plain_names: bool = True):
        self.folder, self.command, self.plain_names = Path(folder), command, plain_names
        self.names = list(names)
        self.temps: dict[str, Path] = {}
        self.locked = False

    def target(self, name: str) -> Path:
        if name in BOOKKEEPING:
            return self.folder / name
        return contained(self.folder, name) if self.plain_names else self.folder / name

    def __enter__(self) -> OutputSet:
        for name in self.names:  # a device or FIFO is refused before even the lock file is made
            refuse_special(self.target(name))
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            folder_lock.acquire(self.folder)
            self.locked = True
            finish_interrupted(self.folder)
        except OSError as exc:
            self.__exit__(None, None, None)
            raise write_error(self.folder, exc) from None
        except BaseException:
            self.__exit__(None, None, None)
            raise
        remove_stale_temps(self.folder)
        try:
            self.check(self.names)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *_exc) -> None:
        for temp in self.temps.values():
            temp.unlink(missing_ok=True)
        self.temps.clear()
        if self.locked:
            self.locked = False
            folder_lock.release(self.folder)

    def check(self, names: Iterable[str]) -> None:
        """UserError if writing ``names`` would replace anything but this command's own unchanged outputs."""
        recorded = _read_json(self.folder / MANIFEST).get("files", {})
        for name in names:
            path = self.target(name)
            info = refuse_special(path)
            if info is None or _FORCE.get():
                continue
            if stat.S_ISLNK(info.st_mode):  # e.g. -o /dev/stdout: replacing the link would clobber it
                raise UserError.single("cannot overwrite: it is a symbolic link", path,
                                       "give --force to replace the link itself (what it points to is never "
                                       "written), or choose another output")
            entry = recorded.get(name) if isinstance(recorded, dict) else None
            entry = entry if isinstance(entry, dict) else {}
            if entry.get("command") != self.command:
                by = entry.get("command")
                said = (f"it was written by treaty-sim {by}, not {self.command}" if isinstance(by, str)
                        else f"it is not an output of treaty-sim {self.command}")
                raise UserError.single(f"cannot overwrite: {said}", path, FORCE_HINT)
            if entry.get("sha256") != _digest(path):
                raise UserError.single(f"cannot overwrite: it changed since treaty-sim {self.command} wrote it",
                                       path, FORCE_HINT)

    def _temp(self, name: str) -> tuple[int, Path]:
        target = self.target(name)
        try:
            fd, temp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}-", suffix=".tmp", dir=self.folder)
        except OSError as exc:
            raise write_error(target, exc) from None
        self.temps[name] = Path(temp)
        os.fchmod(fd, file_mode())  # mkstemp makes 0600; outputs are ordinary files
        return fd, Path(temp)

    def add(self, name: str, data: bytes | str) -> None:
        """Write one file of the set (to its temporary file, flushed to disk)."""
        if isinstance(data, str):
            data = data.encode("utf-8")
        fd, _ = self._temp(name)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:
            raise write_error(self.target(name), exc) from None

    @contextmanager
    def stream(self, name: str) -> Iterator[_Stream]:
        """A text file of the set written piece by piece (rows as they are computed)."""
        fd, _ = self._temp(name)
        stream = _Stream(os.fdopen(fd, "w", encoding="utf-8", newline=""), self.target(name))
        try:
            yield stream
            stream.finish()
        finally:
            stream.close()

    @contextmanager
    def build(self, name: str) -> Iterator[Path]:
        """A temporary file of the set for another library to build by path (e.g. an SQLite database)."""
        fd, temp = self._temp(name)
        os.close(fd)
        yield temp
        try:
            with open(temp, "rb+") as handle:
                os.fsync(handle.fileno())
        except OSError as exc:
            raise write_error(self.target(name), exc) from None

    def commit(self) -> list[Path]:
        """Rename every file of the set into place, and record them in the manifest; returns their paths."""
        names = list(self.temps)
        self.check(names)
        manifest = _read_json(self.folder / MANIFEST)
        files = manifest.get("files") if isinstance(manifest.get("files"), dict) else {}
        for name, temp in self.temps.items():
            files[name] = {"command": self.command, "sha256": _digest(temp)}
        self.add(MANIFEST, json.dumps({"files": dict(sorted(files.items()))}, indent=1) + "\n")
        renames = [[temp.name, self.target(name).name] for name, temp in self.temps.items()]
        try:
            self._write_journal(renames)
            for temp, name in renames:
                os.replace(self.folder / temp, self.folder / name)
            self.temps.clear()
            _sync_folder(self.folder)
            (self.folder / JOURNAL).unlink(missing_ok=True)
        except OSError as exc:
            raise write_error(self.folder / JOURNAL, exc) from None
        return [self.target(name) for name in names]

    def _write_journal(self, renames: list) -> None:
        fd, temp = tempfile.mkstemp(prefix=f".{JOURNAL}.{os.getpid()}-", suffix=".tmp", dir=self.folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(json.dumps({"renames": renames}) + "\n")
                handle.flush()
                os.fsync(handle.fileno())
            _sync_folder(self.folder)  # the temporary files are durable before the journal names them
            os.replace(temp, self.folder / JOURNAL)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise


class _Stream:
    """A streamed file's handle: a failed write says which output ran out of space."""

    def __init__(self, handle, target: Path):
        self.handle, self.target = handle, target

    def write(self, text: str) -> int:
        try:
            return self.handle.write(text)
        except OSError as exc:
            raise write_error(self.target, exc) from None

    def finish(self) -> None:
        try:
            self.handle.flush()
            os.fsync(self.handle.fileno())
            self.handle.close()
        except OSError as exc:
            raise write_error(self.target, exc) from None

    def close(self) -> None:
        with suppress(OSError):  # a failed flush was reported by write() or finish(); the temporary file is removed
            self.handle.close()


@functools.lru_cache(maxsize=1)
def file_mode() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _sync_folder(folder: Path) -> None:
    """Make the renames durable (on systems that can open a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
