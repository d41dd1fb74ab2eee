"""vis-timeline data (https://visjs.github.io/vis-timeline/docs/timeline/): items and groups."""

from __future__ import annotations

from html import escape

from simulator.base.timeutil import at_hours
from simulator.render.exports.timeline import slug, timeline


def iso(result, hours: float) -> str:
    """ISO 8601 UTC instant to the second, which vis-timeline (moment) reads unambiguously."""
    return at_hours(result.scenario.origin, hours).strftime("%Y-%m-%dT%H:%M:%SZ")


def to_vis_timeline(result) -> dict:
    """One run as vis-timeline DataSet contents: ``{"groups": [...], "items": [...]}``.

    A group per actor (in order of first appearance); a ``range`` item per step, a ``point``
    per notable moment, a ``background`` item per phase. Each item's ``title`` (the tooltip,
    HTML lines) gives what happened, the legal basis, the record's date and the sources. Load with
    ``new vis.Timeline(el, new vis.DataSet(data.items), new vis.DataSet(data.groups))``.
    """
    entries, phases = timeline(result)
    groups = list(dict.fromkeys(e.group for e in entries))
    items = [{"id": slug("phase", p.name), "content": p.name.capitalize(), "start": iso(result, p.start_h),
              "end": iso(result, p.end_h), "type": "background", "className": slug("phase", p.name)}
             for p in phases]
    for entry in entries:
        item = {"id": entry.id, "group": entry.group, "content": escape(entry.label, quote=False),
                "start": iso(result, entry.start_h)}
        if entry.end_h is not None and entry.end_h > entry.start_h:
            item.update(end=iso(result, entry.end_h), type="range")
        else:
            item["type"] = "point"
        lines = [entry.headline, *entry.lines]
        if entry.record:
            lines.append(f"Record: {entry.record}")
        lines += [f"Legal basis: {entry.basis}", "Sources: " + " ".join(entry.sources)]
        item.update(title="<br>".join(escape(line, quote=False) for line in lines), className=slug("phase", entry.phase))
        items.append(item)
    return {"groups": [{"id": g, "content": escape(g, quote=False), "order": i} for i, g in enumerate(groups)],
            "items": items}
