"""Writing exports: one registry of formats, deterministic JSON, atomic files."""

from __future__ import annotations

import json
from pathlib import Path

from simulator.base.errors import UserError
from simulator.files.writing import write_atomic
from simulator.render.exports.ocel import as_runs, to_ocel2
from simulator.render.exports.timelinejs import to_timelinejs
from simulator.render.exports.vistimeline import to_vis_timeline

# format -> (builder, file name, takes several runs, compact JSON)
FORMATS = {
    "ocel2-json": (to_ocel2, "ocel2.json", True, True),
    "timelinejs": (to_timelinejs, "timelinejs.json", False, False),
    "vis-timeline": (to_vis_timeline, "vis-timeline.json", False, False),
}


def check_format(fmt: str) -> None:
    """Raise UserError naming the known formats when ``fmt`` is not one of them."""
    if fmt not in FORMATS:
        raise UserError.single(f"unknown export format {fmt!r}", hint="use one of: " + ", ".join(FORMATS))


def json_text(data: dict, compact: bool = False) -> str:
    """Deterministic JSON text: the builders' fixed key order, UTF-8, a final newline."""
    if compact:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def export(results, fmt: str) -> dict:
    """The export of ``results`` (one RunResult, or several for ocel2-json) in format ``fmt``."""
    check_format(fmt)
    build, _, several, _ = FORMATS[fmt]
    runs = as_runs(results)
    if len(runs) != 1 and not several:
        raise UserError.single(f"{fmt} shows one run, not {len(runs)}", hint="export one replication at a time")
    return build(runs if several else runs[0])


def write_export(results, fmt: str, path: str | Path) -> Path:
    """Write the export of ``results`` in format ``fmt`` (ocel2-json, timelinejs, vis-timeline) to ``path``.

    The file is written atomically; the same runs give the same bytes.
    """
    return write_atomic(Path(path), json_text(export(results, fmt), compact=FORMATS[fmt][3]), "export")
