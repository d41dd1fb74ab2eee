"""A run's outputs rendered in memory (events, milestones, outcome, timeline charts, summary) and
written together into one folder."""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from simulator.base.text import csv_text
from simulator.base.timeutil import at_hours, fmt, local
from simulator.files.writing import PARTIAL_EVENTS, OutputSet
from simulator.render.charts.output import png_and_svg
from simulator.render.event_log import to_csv, to_jsonl
from simulator.render.summary import summary_markdown


def milestones_csv(result) -> str:
    rows = [m.row(result.scenario.origin) for m in result.milestones]
    return csv_text(rows, list(rows[0]) if rows else ["id"])


def outcome_json(result) -> str:
    """The run's outcome class, the step and actor that decided it, and the record's class."""
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
        "seed": result.seed if result.mode == "predictive" else None,  # replay draws nothing
        "outcome": result.outcome,
        "decided_by": decided,
        "text": result.outcome_text(),
        "recorded": None if recorded is None else {"outcome": recorded.outcome, "source": recorded.source},
        "matches_record": result.matches_record,
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


Timeline = tuple[bytes, bytes] | Callable[[], tuple[bytes, bytes] | None] | None

RUN_FILES = ("events.csv", "events.jsonl", "milestones.csv", "outcome.json", "timeline.png", "timeline.svg", "summary.md")


def render_run(result, charts: bool = True, timeline: Timeline = None) -> dict[str, bytes | str]:
    """Every output of one run, by file name, rendered in memory (charts are the slow part).

    ``timeline``: the chart's PNG and SVG bytes if drawn elsewhere (by a ChartWorker), or a function
    returning them (None if it could not), or None: then drawn here.
    """
    files = _text_files(result)
    if charts:
        files.update(_timeline(result, timeline))
    return {name: files[name] for name in RUN_FILES if name in files}


def _text_files(result) -> dict[str, str]:
    origin = result.scenario.origin
    return {
        "events.csv": to_csv(result.events, origin),
        "events.jsonl": to_jsonl(result.events, origin),
        "milestones.csv": milestones_csv(result),
        "outcome.json": outcome_json(result),
        "summary.md": summary_markdown(result),
    }


def _timeline(result, timeline: Timeline) -> dict[str, bytes]:
    drawn = timeline() if callable(timeline) else timeline
    png, svg = drawn or png_and_svg(result.chart())
    return {"timeline.png": png, "timeline.svg": svg}


def write_run(result, out_dir: Path, timeline: Timeline = None) -> list[Path]:
    """All outputs of one run into ``out_dir``; a partial event log left by an earlier failed run goes.

    ``timeline`` as for :func:`render_run`; a function is called once the other files are written,
    so that a chart process draws while this one writes.
    """
    # locked and checked before the charts are drawn: a refusal comes first, a second writer waits for none of it
    with OutputSet(Path(out_dir), "run", RUN_FILES) as outputs:
        for name, data in [*_text_files(result).items(), *_timeline(result, timeline).items()]:
            outputs.add(name, data)
        paths = outputs.commit()
        partial = Path(out_dir) / PARTIAL_EVENTS
        if partial.is_file() and not partial.is_symlink():
            with suppress(OSError):
                partial.unlink()
    return sorted(paths, key=lambda path: RUN_FILES.index(path.name))
