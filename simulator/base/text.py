"""Text helpers for output files: Markdown table cells and tables, CSV cells and text.

Pure functions of their arguments; nothing here imports from the rest of simulator.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

from rich.markup import escape

# Control characters but newline and tab: a terminal would act on them (ESC starts an escape sequence).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain(text) -> str:
    """``text`` for a Rich console, shown as written: a markup tag such as ``[/]`` is escaped, a control
    character is shown as its code (``\\x1b``). Every piece of user text printed goes through it."""
    return escape(_CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(text)))


def cell(text) -> str:
    """``text`` as a Markdown table cell: a ``|`` would end the cell, so it is escaped."""
    return str(text).replace("|", "\\|")


def table_lines(header: Sequence[str], rows: Iterable[Sequence]) -> list[str]:
    """A Markdown table: the header (written as given), the rule under it, then one line a row
    with every cell escaped."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]


# A spreadsheet reads a cell starting with one of these as a formula (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def csv_cell(value):
    """``value`` as a CSV cell a spreadsheet takes as data: text starting like a formula gets a leading
    ``'`` (as OWASP recommends); numbers, and text that is a number such as ``-3.5``, stay as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _number(value):
        return "'" + value
    return value


class CsvWriter:
    """csv.writer whose every cell goes through :func:`csv_cell`; ``\\n`` line ends."""

    def __init__(self, handle):
        self._writer = csv.writer(handle, lineterminator="\n")

    def writerow(self, row: Iterable) -> None:
        self._writer.writerow([csv_cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable]) -> None:
        self._writer.writerows([csv_cell(v) for v in row] for row in rows)


def csv_text(rows: Iterable[dict], fields: Sequence[str]) -> str:
    """CSV text of ``rows`` (dicts keyed by ``fields``): a header line, then one line a row, ``\\n`` line
    ends; every cell through :func:`csv_cell`."""
    buffer = io.StringIO()
    writer = CsvWriter(buffer)
    writer.writerow(fields)
    writer.writerows([row.get(f, "") for f in fields] for row in rows)
    return buffer.getvalue()
