"""Text helpers for output files: Markdown table cells and tables, CSV text.

Pure functions of their arguments; nothing here imports from the rest of simulator.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence


def cell(text) -> str:
    """``text`` as a Markdown table cell: a ``|`` would end the cell, so it is escaped."""
    return str(text).replace("|", "\\|")


def table_lines(header: Sequence[str], rows: Iterable[Sequence]) -> list[str]:
    """A Markdown table: the header (written as given), the rule under it, then one line a row
    with every cell escaped."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]


def csv_text(rows: Iterable[dict], fields: Sequence[str]) -> str:
    """CSV text of ``rows`` (dicts keyed by ``fields``): a header line, then one line a row, ``\\n`` line ends."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
