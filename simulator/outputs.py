"""Writing a run's outputs: every file goes to a temporary name first and is renamed into place."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, TextIO

from .events import to_csv, to_jsonl
from .report import summary_markdown


def write_atomic(path: Path, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


@contextmanager
def open_atomic(path: Path) -> Iterator[TextIO]:
    """A text file written piece by piece that appears at ``path`` only once complete.

    For outputs streamed as they are computed; like :func:`write_atomic`, readers never see half.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def figure_bytes(figure, fmt: str) -> bytes:
    """Render a matplotlib figure reproducibly (no dates or version stamps in the file)."""
    import matplotlib

    buffer = io.BytesIO()
    metadata = {"Date": None, "Creator": None} if fmt == "svg" else {"Software": None}
    with matplotlib.rc_context({"svg.hashsalt": "treaty-sim", "svg.fonttype": "path"}):
        figure.savefig(buffer, format=fmt, metadata=metadata, dpi=110 if fmt == "png" else None)
    return buffer.getvalue()


def milestones_csv(result) -> str:
    rows = [m.row(result.scenario.origin) for m in result.milestones]
    buffer = io.StringIO()
    fields = list(rows[0]) if rows else ["id"]
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def outcome_json(result) -> str:
    """The run's outcome class, the step and actor that decided it, and the record's class."""
    from .timeutil import at_hours, fmt, local

    mark, scenario = result.outcome_mark, result.scenario
    decided = None
    if mark.step:
        instant = at_hours(scenario.origin, mark.hours)
        decided = {"step": mark.step, "actor": mark.actor, "hours": round(mark.hours, 4),
                   "utc": instant.isoformat(), "local": fmt(local(instant, scenario.timezone))}
    recorded = scenario.recorded
    data = {
        "scenario": scenario.scenario,
        "mode": result.mode,
        "seed": result.seed,
        "outcome": result.outcome,
        "decided_by": decided,
        "text": result.outcome_text(),
        "recorded": None if recorded is None else {"outcome": recorded.outcome, "source": recorded.source},
        "matches_record": result.matches_record,
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write_run(result, out_dir: Path) -> list[Path]:
    """All outputs of one run into ``out_dir``."""
    origin = result.scenario.origin
    files = {
        "events.csv": to_csv(result.events, origin),
        "events.jsonl": to_jsonl(result.events, origin),
        "milestones.csv": milestones_csv(result),
        "outcome.json": outcome_json(result),
    }
    figure = result.chart()
    files["timeline.png"] = figure_bytes(figure, "png")
    files["timeline.svg"] = figure_bytes(figure, "svg")
    files["summary.md"] = summary_markdown(result)
    return [write_atomic(out_dir / name, data) for name, data in files.items()]


def safe_output_dir(path: Path) -> Path:
    """Resolve an output folder, refusing one that exists as a file."""
    from .errors import UserError

    path = Path(path)
    if path.exists() and not path.is_dir():
        raise UserError.single("output path exists and is not a folder", path, "choose another --out")
    return path
