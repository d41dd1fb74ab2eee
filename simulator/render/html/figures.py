"""Figures for the HTML report, inlined: SVG text (ids made unique per figure) or base64 PNG."""

from __future__ import annotations

import io
import re

import matplotlib


def inline_svg(figure, prefix: str) -> str:
    """The figure as an <svg> element to paste into HTML: text stays text, ids get ``prefix``.

    Several matplotlib SVGs in one page would otherwise share ids (clip paths, glyphs) and
    clip each other's drawings.
    """
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": "treaty-sim", "svg.fonttype": "none"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    text = text[text.index("<svg"):]
    text = re.sub(r'id="([^"]+)"', rf'id="{prefix}-\1"', text)
    text = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}-\1)", text)
    text = re.sub(r'xlink:href="#([^"]+)"', rf'xlink:href="#{prefix}-\1"', text)
    # Scale with the page: keep the viewBox, drop the fixed size.
    text = re.sub(r'<svg([^>]*?) width="[^"]+" height="[^"]+"', r'<svg\1 class="figure"', text, count=1)
    return text


def path_taken(result) -> tuple[set[str], set[tuple[str, str]]]:
    """Steps that appear in the run's event log, and the transitions between them it took."""
    graph_steps = {s.id for s in result.treaty.procedure.steps}
    steps = {e.step for e in result.events if e.step in graph_steps}
    outcomes: dict[str, set[str]] = {}
    for event in result.events:
        if event.event == "end" and event.step in graph_steps:
            outcomes.setdefault(event.step, set()).add(event.outcome)
    edges = set()
    for step in result.treaty.procedure.steps:
        for outcome, targets in step.next.items():
            # A step with one way on (act, move, join) may log its end in other words ("arrived").
            if outcome in outcomes.get(step.id, ()) or (len(step.next) == 1 and step.id in outcomes):
                edges |= {(step.id, t) for t in targets if t in steps}
    return steps, edges


def network_svg(result, prefix: str) -> str:
    """The treaty's decision network with the run's path highlighted, as inline SVG."""
    # deferred: networkx, for the one figure that draws the network
    from simulator.network.graph import build_network
    from simulator.render.charts.network import network_figure

    taken, edges = path_taken(result)
    title = f"{result.treaty.name}: the path this run took (dark) through the procedure"
    return inline_svg(network_figure(build_network(result.treaty), title, taken, edges), prefix)
