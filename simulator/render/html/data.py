"""What the HTML report shows of one run, as plain data for the template and the page's script."""

from __future__ import annotations

from datetime import timedelta

from simulator.base.links import web_link
from simulator.base.timeutil import at_hours, case_and_actor_times, fmt, local

ROUTINE = ("start", "departure", "arrival")  # left out of the timeline and the step-through (sorties after the first)
TICK_DAYS = ((14, 1), (31, 2), (120, 7), (800, 30))


def _sources(result) -> dict[str, dict]:
    """Each source's title and first URL; ``link`` is that URL only if it may be a link (http or https)."""
    sources = {}
    for key, entry in result.sources().items():
        url = (entry.get("urls") or [""])[0]
        sources[key] = {"key": key, "title": entry.get("title", ""), "url": url, "link": web_link(url) or ""}
    return sources


def cited_keys(result) -> list[str]:
    """Every source key the run's scenario, events and milestones cite, in order of first use."""
    scenario = result.scenario
    keys: list[str] = []
    groups = [scenario.request.source, scenario.crisis.source if scenario.crisis else []]
    groups += [scenario.recorded.source if scenario.recorded else []]
    groups += [m.sources for m in result.milestones] + [e.sources for e in result.events]
    for group in groups:
        keys.extend(k for k in group if k not in keys)
    return keys


def _rule(step, event) -> str:
    if step is None:
        return "instructor's inject" if event.step == "inject" else event.step
    return step.label


def event_times(event, scenario) -> tuple[str, str]:
    """The event's time in the case's zone and the actor's local time beside it when it differs."""
    return case_and_actor_times(scenario.origin, event.hours, scenario.timezone, event.zone)


def steps_data(result) -> list[dict]:
    """The event log as the step-through walks it: who acts, under which rule, what it decided."""
    steps = {s.id: s for s in result.treaty.procedure.steps}
    in_theatre = 0
    rows = []
    for event in result.events:
        if event.personnel:
            in_theatre += event.personnel
        if event.event in ROUTINE:
            continue
        step = steps.get(event.step)
        when, actor_local = event_times(event, result.scenario)
        rows.append({
            "when": when,
            "local": actor_local,
            "hours": round(event.hours, 3),
            "actor": event.actor,
            "member": event.member,
            "rule": _rule(step, event),
            "phase": step.phase if step else "inject",
            "basis": event.basis,
            "action": event.action,
            "outcome": event.outcome,
            "sources": list(event.sources),
            "record": event.pinned,
            "personnel": in_theatre,
        })
    return rows


def personnel_series(result) -> list[list[float]]:
    """(hours, personnel in the host state) after every change, from the run's events."""
    series = [[0.0, 0]]
    total = 0
    for event in result.events:
        if event.personnel:
            total += event.personnel
            if series[-1][0] == round(event.hours, 3):
                series[-1][1] = total
            else:
                series.append([round(event.hours, 3), total])
    return series


def day_ticks(result, span_h: float) -> list[list]:
    """Calendar ticks for the personnel chart: (hours, label) at local midnights of the scenario's zone."""
    scenario = result.scenario
    days = span_h / 24
    step = next((every for limit, every in TICK_DAYS if days <= limit), 91)
    first = local(scenario.origin, scenario.timezone).replace(hour=0, minute=0, second=0, microsecond=0)
    ticks, day = [], first
    while True:
        hours = (day - scenario.origin).total_seconds() / 3600
        if hours > span_h:
            break
        if hours >= 0:
            ticks.append([round(hours, 3), day.strftime("%d %b" if step < 30 else "%b %Y")])
        day = (day + timedelta(days=step)).replace(hour=0)  # stay on midnight across offset changes
    return ticks


def run_data(result) -> dict:
    """Embedded JSON for one run's step-through."""
    steps = steps_data(result)
    span = max([e.hours for e in result.events] + [1.0])
    return {"steps": steps, "series": personnel_series(result), "span": round(span, 3),
            "ticks": day_ticks(result, span), "zone": result.scenario.timezone}


def milestone_rows(result) -> list[dict]:
    origin = result.scenario.origin
    return [{"label": m.label, "record": m.record, "zone": m.zone, "simulated": m.simulated_text(origin),
             "delta": "" if m.delta_h is None else f"{m.delta_h:+.1f}", "on_record": m.on_record,
             "sources": list(m.sources)} for m in result.milestones]


def outcome_data(result) -> dict:
    mark, scenario = result.outcome_mark, result.scenario
    decided = ""
    if mark.step:
        decided = f"{mark.actor} ({mark.step}), {fmt(local(at_hours(scenario.origin, mark.hours), scenario.timezone))}"
    recorded = scenario.recorded
    return {"outcome": result.outcome, "text": result.outcome_text(), "decided": decided,
            "recorded": None if recorded is None else recorded.outcome,
            "recorded_sources": [] if recorded is None else list(recorded.source),
            "matches": result.matches_record, "personnel": result.personnel_deployed}


def request_text(scenario) -> str:
    """The scenario's request in a sentence."""
    return scenario.request.describe()


def run_context(result, index: int) -> dict:
    """Everything the template needs to show one run."""
    from simulator.render.html.figures import inline_svg, network_svg  # deferred: matplotlib

    scenario = result.scenario
    sources = _sources(result)
    missing = {"title": "(not in the source registry)", "url": "", "link": ""}
    cited = [sources.get(k, {"key": k, **missing}) for k in cited_keys(result)]
    on_record = sum(m.on_record for m in result.milestones)
    return {
        "index": index,
        "anchor": f"run-{index}-{scenario.scenario}",
        "scenario": scenario,
        "mode": result.mode + (f", seed {result.seed}" if result.mode == "predictive" else ""),
        "label": "with the instructor's injects" if result.notes else "",
        "request": request_text(scenario),
        "outcome": outcome_data(result),
        "milestones": milestone_rows(result),
        "on_record": on_record,
        "steps": steps_data(result),
        "sources": cited,
        "titles": {k: v["title"] for k, v in sources.items()},
        "network": network_svg(result, f"net{index}"),
        "timeline": inline_svg(result.chart(), f"tl{index}"),
        "violations": [v.message() for v in result.violations],
        "notes": result.notes,
        "data": run_data(result),
    }
