"""User-facing errors: every mistake in an input file becomes one of these, never a traceback."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

MAX_SHOWN = 40  # problems listed in full; a broken file can have thousands
MAX_TEXT = 300  # characters of one message or hint; values quoted from a file can be huge


def _short(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is and what to do about it."""

    message: str
    file: str | None = None
    line: int | None = None
    path: str = ""
    hint: str = ""

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.line is not None:
            where += f":{self.line}"
        text = f"{where}: "
        if self.path:
            text += f"{_short(self.path)}: "
        text += _short(self.message)
        if self.hint:
            text += f"\n    fix: {_short(self.hint)}"
        return text


@dataclass
class UserError(Exception):
    """Raised for bad input; the CLI prints it and exits with code 2."""

    problems: list[Problem] = field(default_factory=list)

    @classmethod
    def single(cls, message: str, file: str | Path | None = None, hint: str = "", **kw) -> UserError:
        """An error with one problem: ``message``, where (``file``, ``line``, ``path``) and a ``hint``."""
        return cls([Problem(message, str(file) if file else None, hint=hint, **kw)])

    def __str__(self) -> str:
        count = len(self.problems)
        head = "1 problem" if count == 1 else f"{count:,} problems"
        shown = [f"  {p}" for p in self.problems[:MAX_SHOWN]]
        if count > MAX_SHOWN:
            shown.append(f"  … and {count - MAX_SHOWN:,} more; fix these first")
        return f"{head}:\n" + "\n".join(shown)


class Stopped(Exception):
    """A guard ended the work before it was done (wall-clock limit, runaway event log, zero-time loop):
    the command exits 4 with :meth:`summary`. The engine's RunStopped is one."""

    def summary(self) -> str:
        """One line for the user: what was stopped and why."""
        return str(self)


def format_path(loc: tuple) -> str:
    """Turn ('members', 'Kyrgyzstan', 'approval', 0, 'seats') into members.Kyrgyzstan.approval[0].seats."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text
