"""Writing a command's outputs: only inside the chosen output folder, never clobbering, atomic as a set.

Every write goes through :class:`~simulator.files.output_set.OutputSet` (see there: what is
refused, the manifest that recognises a command's previous outputs, the journal, the lock).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from simulator.base.errors import UserError
from simulator.files import folder_lock
from simulator.files.output_set import (
    OutputSet,
    allow_overwrite,
    contained,
    file_mode,
    remove_stale_temps,
    write_error,
)

__all__ = ["PARTIAL_EVENTS", "STOPPED", "OutputSet", "allow_overwrite", "building_atomic", "contained",
           "remove_stale_temps", "safe_output_dir", "write_atomic", "write_files"]

PARTIAL_EVENTS = "partial-events.csv"  # the event log of a run that crashed or was stopped
STOPPED = "crash report"  # the command recorded for the files of a crashed or stopped run, whichever command it was


def write_files(out_dir: Path, files: dict[str, bytes | str], command: str, plain_names: bool = True) -> list[Path]:
    """Write ``files`` (name -> content) of ``command`` into ``out_dir``: all to temporary files, then all renamed.

    Names are checked to be plain file names (see contained) unless ``plain_names`` is False,
    for a single file whose name the user chose.
    """
    with OutputSet(Path(out_dir), command, files, plain_names) as outputs:
        for name, data in files.items():
            outputs.add(name, data)
        return outputs.commit()


def write_atomic(path: Path, data: bytes | str, command: str) -> Path:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half."""
    path = Path(path)
    if not path.name or path.name in (".", ".."):
        raise UserError.single("not a file name", path, "name a file, e.g. schema.json")
    return write_files(path.parent, {path.name: data}, command, plain_names=False)[0]


@contextmanager
def building_atomic(path: Path, command: str) -> Iterator[Path]:
    """A temporary file beside ``path`` for another library to build (e.g. an SQLite database),
    renamed to ``path`` only once complete; like :func:`write_atomic`, readers never see half.
    """
    path = Path(path)
    if not path.name or path.name in (".", ".."):
        raise UserError.single("not a file name", path, "name a file, e.g. log.sqlite")
    with OutputSet(path.parent, command, [path.name], plain_names=False) as outputs:
        with outputs.build(path.name) as temp:
            yield temp
        outputs.commit()


def safe_output_dir(path: Path) -> Path:
    """Check an output folder before a run: it may exist, but as a folder, and its name must be usable.

    Within a command (:func:`~simulator.files.folder_lock.command_scope`), the folder is made and locked
    for the rest of the command."""
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
    try:
        folder_lock.claim(path)  # in a command: a second writer is refused from now, not only while files are renamed
    except OSError as exc:
        raise write_error(path, exc) from None
    return path


def write_new(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` only if no file is there: a new file appears whole or not at all."""
    path = Path(path)
    if path.exists():
        raise UserError.single("a file is already there; not overwritten", path,
                               "choose another case name or --out, or move the file away")
    safe_output_dir(path.parent)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            os.fchmod(handle.fileno(), file_mode())
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.link(tmp, path)  # unlike a rename, a link never replaces a file that appeared meanwhile
    except FileExistsError:
        raise UserError.single("a file is already there; not overwritten", path,
                               "choose another case name or --out, or move the file away") from None
    except OSError as exc:
        raise write_error(path.parent, exc) from None
    finally:
        Path(tmp).unlink(missing_ok=True)
    return path
