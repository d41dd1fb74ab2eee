"""Writing exports: one registry of formats, deterministic bytes, atomic files."""

from __future__ import annotations

import json
from pathlib import Path

from simulator.base.errors import UserError
from simulator.files.writing import write_atomic
from simulator.render.exports.ocel import as_runs, to_ocel2
from simulator.render.exports.ocel_sqlite import write_sqlite
from simulator.render.exports.ocel_xml import to_xml_bytes
from simulator.render.exports.timelinejs import to_timelinejs
from simulator.render.exports.vistimeline import to_vis_timeline

# format -> (builder, file name, takes several runs, writer of what the builder returns to a path, atomically)
FORMATS = {
    "ocel2-json": (to_ocel2, "ocel2.json", True, lambda data, path: write_atomic(path, json_text(data, compact=True), "export")),
    "ocel2-sqlite": (to_ocel2, "ocel2.sqlite", True, write_sqlite),
    "ocel2-xml": (to_ocel2, "ocel2.xml", True, lambda data, path: write_atomic(path, to_xml_bytes(data), "export")),
    "timelinejs": (to_timelinejs, "timelinejs.json", False, lambda data, path: write_atomic(path, json_text(data), "export")),
    "vis-timeline": (to_vis_timeline, "vis-timeline.json", False,
                     lambda data, path: write_atomic(path, json_text(data), "export")),
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
    """The export of ``results`` (one RunResult, or several for the OCEL formats) in format ``fmt``: a dict."""
    check_format(fmt)
    build, _, several, _ = FORMATS[fmt]
    runs = as_runs(results)
    if len(runs) != 1 and not several:
        raise UserError.single(f"{fmt} shows one run, not {len(runs)}", hint="export one replication at a time")
    return build(runs if several else runs[0])


def write_data(data: dict, fmt: str, path: str | Path) -> Path:
    """Write ``data``, the result of :func:`export`, as a file of format ``fmt`` at ``path``, atomically."""
    check_format(fmt)
    return FORMATS[fmt][3](data, Path(path))


def write_export(results, fmt: str, path: str | Path) -> Path:
    """Write the export of ``results`` in format ``fmt`` to ``path``.

    Formats: ocel2-json, ocel2-sqlite, ocel2-xml (OCEL 2.0 in its three official formats),
    timelinejs, vis-timeline. The file is written atomically (a temporary file beside it, then
    renamed); the same runs give the same bytes.
    """
    return write_data(export(results, fmt), fmt, path)
