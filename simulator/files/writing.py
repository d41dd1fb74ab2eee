"""Writing a run's outputs: atomically, and only inside the chosen output folder.

Every file is first written in full to a hidden temporary file beside its target
(``.<name>.<pid>-<random>.tmp``) and flushed to disk; only when all of a run's files are
ready are they renamed into place, one after the other. A run killed at any moment leaves
each output either as it was or as the new complete file, never half-written; the
temporary files of a killed run are removed by the next run into the same folder.
"""

from __future__ import annotations

import functools
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from simulator.base.errors import UserError

PARTIAL_EVENTS = "partial-events.csv"  # the event log of a run that crashed or was stopped
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")
_TEMP = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)-[A-Za-z0-9_]+\.tmp$")


def contained(out_dir: Path, name: str) -> Path:
    """``out_dir / name``, refusing any name that could reach outside ``out_dir``."""
    if not isinstance(name, str) or not _NAME.match(name) or ".." in name:
        raise UserError.single(
            f"{name!r} cannot name an output file",
            hint="output names use letters, digits, '.', '-' and '_' only, and start with a letter or digit",
        )
    return Path(out_dir) / name


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # our own temporary files are removed as soon as a write fails
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
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


def _cannot_write(path: Path, exc: OSError) -> UserError:
    return UserError.single(
        f"cannot write: {exc.strerror or exc}", path, "choose another --out folder, or free some space"
    )


def write_files(out_dir: Path, files: dict[str, bytes | str], plain_names: bool = True) -> list[Path]:
    """Write ``files`` (name -> content) into ``out_dir``: all to temporary files, then all renamed.

    Names are checked to be plain file names (see contained) unless ``plain_names`` is False,
    for a single file whose name the user chose.
    """
    out_dir = Path(out_dir)
    targets = [(contained(out_dir, name) if plain_names else out_dir / name, data) for name, data in files.items()]
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _cannot_write(out_dir, exc) from None
    remove_stale_temps(out_dir)
    for path, _ in targets:  # a rename that must fail is found before any file is replaced
        if path.is_dir() and not path.is_symlink():
            raise UserError.single("cannot write: it is a folder", path, "move the folder away, or choose another --out")
    temps: list[tuple[str, Path]] = []
    try:
        for path, data in targets:
            if isinstance(data, str):
                data = data.encode("utf-8")
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}-", suffix=".tmp", dir=out_dir)
            temps.append((tmp, path))
            with os.fdopen(fd, "wb") as handle:
                os.fchmod(handle.fileno(), _file_mode())  # mkstemp makes 0600; outputs are ordinary files
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        for tmp, path in temps:
            os.replace(tmp, path)
        _sync_folder(out_dir)
    except OSError as exc:
        raise _cannot_write(out_dir, exc) from None
    finally:
        for tmp, _ in temps:
            Path(tmp).unlink(missing_ok=True)
    return [path for path, _ in targets]


@functools.lru_cache(maxsize=1)
def _file_mode() -> int:
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


def write_atomic(path: Path, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half."""
    path = Path(path)
    if not path.name or path.name in (".", ".."):
        raise UserError.single("not a file name", path, "name a file, e.g. schema.json")
    return write_files(path.parent, {path.name: data}, plain_names=False)[0]


@contextmanager
def open_atomic(path: Path) -> Iterator[TextIO]:
    """A text file written piece by piece that appears at ``path`` only once complete.

    For outputs streamed as they are computed; like :func:`write_atomic`, readers never see half.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            os.fchmod(handle.fileno(), _file_mode())
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def building_atomic(path: Path) -> Iterator[Path]:
    """A temporary file beside ``path`` for another library to build (e.g. an SQLite database),
    renamed to ``path`` only once complete; like :func:`write_atomic`, readers never see half.
    """
    path = Path(path)
    if not path.name or path.name in (".", ".."):
        raise UserError.single("not a file name", path, "name a file, e.g. log.sqlite")
    if path.is_dir() and not path.is_symlink():
        raise UserError.single("cannot write: it is a folder", path, "move the folder away, or choose another --out")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temps(path.parent)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}-", suffix=".tmp", dir=path.parent)
        os.close(fd)
    except OSError as exc:
        raise _cannot_write(path.parent, exc) from None
    try:
        yield Path(tmp)
        with open(tmp, "rb+") as handle:
            os.fchmod(handle.fileno(), _file_mode())
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        _sync_folder(path.parent)
    except OSError as exc:
        raise _cannot_write(path.parent, exc) from None
    finally:
        Path(tmp).unlink(missing_ok=True)


def safe_output_dir(path: Path) -> Path:
    """Check an output folder before a run: it may exist, but as a folder, and its name must be usable."""
    path = Path(path)
    try:
        exists, is_dir = path.exists(), path.is_dir()
    except (OSError, ValueError) as exc:  # ValueError: a NUL character in the name
        raise UserError.single(f"unusable output folder: {exc}", repr(str(path)), "choose another --out") from None
    if exists and not is_dir:
        raise UserError.single("output path exists and is not a folder", path, "choose another --out")
    for part in path.parts:
        try:
            too_long = len(os.fsencode(part)) > 255
        except UnicodeError:
            raise UserError.single("the output path is not a valid file name", repr(str(path)), "choose another --out") from None
        if too_long:
            raise UserError.single("a folder name in the output path is too long", path, "choose a shorter --out")
    return path
