"""The run's short Markdown summary."""

from __future__ import annotations

from simulator.base.links import web_link
from simulator.base.text import cell


def _recorded_text(result) -> str:
    recorded = result.scenario.recorded
    if recorded is None:
        return ""
    verdict = "matches" if result.matches_record else "differs from"
    return f" ({verdict} the record: {recorded.outcome}, {' '.join(recorded.source)})"


def summary_markdown(result) -> str:
    scenario = result.scenario
    origin = scenario.origin
    lines = [
        f"# {scenario.title}",
        "",
        f"- Scenario: `{scenario.scenario}` on treaty `{scenario.treaty}` ({result.treaty.name})",
        f"- Mode: {result.mode}" + (f", seed {result.seed}" if result.mode == "predictive" else ""),
        f"- Request: {scenario.request.describe()}",
        f"- Outcome: {result.outcome_text()}",
        f"- Outcome class: **{result.outcome}**{_recorded_text(result)}",
        f"- Events logged: {len(result.events)}",
    ]
    if result.stalls:
        lines += ["", "## Did not finish", ""] + [f"- {cell(text)}" for text in result.stall_messages()]
    lines += [
        "",
        "## Milestones against the record",
        "",
        "| Milestone | Record | Simulated | Δ h | On record | Sources |",
        "|---|---|---|---:|:---:|---|",
    ]
    for m in result.milestones:
        delta = "" if m.delta_h is None else f"{m.delta_h:+.1f}"
        lines.append(
            f"| {cell(m.label)} | {cell(m.record)} ({m.zone}) | {m.simulated_text(origin)} | {delta} | "
            f"{'yes' if m.on_record else 'no'} | {' '.join(m.sources)} |"
        )
    disputed = [entry for entry in scenario.record if entry.conflicts]
    if disputed:
        lines += ["", "Where sources disagree (the table uses the first reading):", ""]
        for entry in disputed:
            others = "; ".join(f"{c.reading} ({' '.join(c.source)})" for c in entry.conflicts)
            lines.append(f"- {entry.label}: also {others}")
    lines += _strength(scenario)
    if result.mode == "replay":
        lines += ["", "## Record against the procedure", ""]
        if result.violations:
            lines += [f"- {v.message()}" for v in result.violations]
        else:
            lines.append("Every pinned date is consistent with the procedure's order and modelled durations.")
    if scenario.assumptions:
        lines += ["", "## Assumptions", ""] + [f"- {a}" for a in scenario.assumptions]
    cited = sorted({key for m in result.milestones for key in m.sources})
    if cited:
        sources = result.sources()
        lines += ["", "## Sources cited by the milestones", ""]
        for key in cited:
            entry = sources.get(key, {})
            url = (entry.get("urls") or [""])[0]
            shown = f"<{url}>" if web_link(url) or not url else f"`{str(url).replace('`', '')}`"  # else: text, not a link
            lines.append(f"- **{key}** {entry.get('title', '')} {shown}")
    return "\n".join(lines) + "\n"


def _figure(quantity) -> str:
    if quantity.value is not None:
        return f"{quantity.value:,} ({quantity.status}; {' '.join(quantity.source)})"
    if quantity.modelled_as is not None:
        return f"unknown; modelled as {quantity.modelled_as:,}"
    return "unknown"


def _strength(scenario) -> list[str]:
    if not scenario.contingents:
        return []
    lines = ["", "## Contingents", "", "| Member | Personnel | Equipment |", "|---|---|---|"]
    for name, contingent in scenario.contingents.items():
        lines.append(f"| {name} | {cell(_figure(contingent.personnel))} | {cell(_figure(contingent.equipment))} |")
    modelled = sum(c.personnel.modelled for c in scenario.contingents.values())
    lines.append(f"| **modelled total** | {modelled:,} | |")
    if scenario.strength is not None:
        official = scenario.strength
        lines.append(f"| **official total** | {cell(_figure(official.personnel))} | {cell(_figure(official.equipment))} |")
    return lines
