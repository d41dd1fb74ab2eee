"""A run's outputs rendered in memory (events, milestones, outcome, timeline charts, summary) and
written together into one folder."""

from __future__ import annotations

import json
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


RUN_FILES = ("events.csv", "events.jsonl", "milestones.csv", "outcome.json", "timeline.png", "timeline.svg", "summary.md")


def render_run(result, charts: bool = True, timeline: tuple[bytes, bytes] | None = None) -> dict[str, bytes | str]:
    """Every output of one run, by file name, rendered in memory (charts are the slow part).

    ``timeline``: the chart's PNG and SVG bytes if already drawn (by a ChartWorker), else drawn here.
    """
    origin = result.scenario.origin
    files: dict[str, bytes | str] = {
        "events.csv": to_csv(result.events, origin),
        "events.jsonl": to_jsonl(result.events, origin),
        "milestones.csv": milestones_csv(result),
        "outcome.json": outcome_json(result),
    }
    if charts:
        files["timeline.png"], files["timeline.svg"] = timeline or png_and_svg(result.chart())
    files["summary.md"] = summary_markdown(result)
    return files


def write_run(result, out_dir: Path, timeline: tuple[bytes, bytes] | None = None) -> list[Path]:
    """All outputs of one run into ``out_dir``; a partial event log left by an earlier failed run goes."""
    # locked and checked before the charts are drawn: a refusal comes first, a second writer waits for none of it
    with OutputSet(Path(out_dir), "run", RUN_FILES) as outputs:
        for name, data in render_run(result, timeline=timeline).items():
            outputs.add(name, data)
        paths = outputs.commit()
        partial = Path(out_dir) / PARTIAL_EVENTS
        if partial.is_file() and not partial.is_symlink():
            with suppress(OSError):
                partial.unlink()
    return paths
