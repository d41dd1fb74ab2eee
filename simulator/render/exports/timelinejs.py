"""TimelineJS3 JSON (https://timeline.knightlab.com/docs/json-format.html): slides for a class."""

from __future__ import annotations

from html import escape

from simulator.base.links import web_link
from simulator.base.timeutil import at_hours, fmt, local
from simulator.render.exports.timeline import Entry, slug, timeline


def to_timelinejs(result) -> dict:
    """One run as TimelineJS3 data: a title slide, one slide a step or notable moment, eras by phase.

    Slides are grouped by actor; each slide's text gives what happened, the legal basis, the
    record's date where the record has one, and the sources as links. Dates are local times of
    the scenario's zone (TimelineJS shows them as given), each with a ``display_date``.
    """
    entries, phases = timeline(result)
    sources = result.sources()
    scenario = result.scenario

    def date(hours: float) -> dict:
        here = local(at_hours(scenario.origin, hours), scenario.timezone)
        return {"year": here.year, "month": here.month, "day": here.day, "hour": here.hour,
                "minute": here.minute, "display_date": fmt(here)}

    slides = []
    for entry in entries:
        slide = {"unique_id": entry.id, "start_date": date(entry.start_h)}
        if entry.end_h is not None and entry.end_h > entry.start_h:
            slide["end_date"] = date(entry.end_h)
        slide["text"] = {"headline": escape(entry.headline, quote=False), "text": _html(entry, sources)}
        slide["group"] = entry.group
        slides.append(slide)
    mode = "replay of the record" if result.mode == "replay" else f"predictive run, seed {result.seed}"
    intro = [scenario.description.strip(), f"Outcome ({mode}): {result.outcome_text()}."]
    if scenario.recorded is not None:
        intro.append(f"The record's outcome: {scenario.recorded.outcome}.")
    title_text = "".join(f"<p>{escape(t, quote=False)}</p>" for t in intro if t)
    return {
        "title": {"unique_id": slug("title", scenario.scenario),
                  "text": {"headline": escape(scenario.title, quote=False), "text": title_text}},
        "events": slides,
        "eras": [{"start_date": date(p.start_h), "end_date": date(p.end_h), "text": {"headline": p.name.capitalize()}}
                 for p in phases],
        "scale": "human",
    }


def _html(entry: Entry, sources: dict[str, dict]) -> str:
    parts = [f"<p>{escape(line, quote=False)}</p>" for line in entry.lines]
    if entry.record:
        parts.append(f"<p><b>Record:</b> {escape(entry.record, quote=False)}</p>")
    parts.append(f"<p><b>Legal basis:</b> {escape(entry.basis, quote=False)}</p>")
    if entry.sources:
        parts.append("<p><b>Sources:</b> " + "; ".join(_source(key, sources.get(key)) for key in entry.sources) + "</p>")
    return "".join(parts)


def _source(key: str, source: dict | None) -> str:
    if not source:
        return escape(key, quote=False)
    title = escape(str(source.get("title", "")), quote=False)
    urls = source.get("urls") or []
    name = escape(key, quote=False)
    link = web_link(urls[0]) if urls else None
    if link:
        return f'<a href="{escape(link)}">{name}</a> {title}'
    shown = f" ({escape(str(urls[0]), quote=False)})" if urls and urls[0] else ""  # not http(s): text, not a link
    return f"{name} {title}{shown}"
