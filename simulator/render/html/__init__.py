"""One self-contained HTML report of one or more runs: styles, script and figures inline, no network.

    from simulator import html_report, run
    html = html_report([run("scenarios/kazakhstan-2022.yaml")])
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from simulator.analysis.stages import key_stages
from simulator.base.links import script_json
from simulator.files.writing import write_atomic
from simulator.render.html.data import outcome_data, request_text, run_context

TEMPLATES = Path(__file__).parent / "templates"


@dataclass
class Distribution:
    """Results of many runs to show in the report's Distributions section (e.g. Monte Carlo).

    ``columns`` name the table's columns, ``rows`` hold its cells; ``image_png`` (optional) is a
    chart's PNG bytes, shown above the table. The section appears only when distributions are given.
    """

    title: str
    columns: list[str]
    rows: list[list]
    scenario: str = ""
    note: str = ""
    image_png: bytes | None = None

    def image_uri(self) -> str:
        """The chart as a data: URI for an inline <img>, or '' without one."""
        return "" if self.image_png is None else "data:image/png;base64," + base64.b64encode(self.image_png).decode()


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["script_json"] = script_json  # JSON inside <script>: nothing in it may end or change the element
    return env


def comparison_rows(results) -> list[dict]:
    """One row a run, for the comparison of several scenarios."""
    rows = []
    for result in results:
        outcome = outcome_data(result)
        stages = key_stages(result).row()
        rows.append({"title": result.scenario.title, "scenario": result.scenario.scenario,
                     "request": request_text(result.scenario),
                     "outcome": outcome, "on_record": sum(m.on_record for m in result.milestones),
                     "milestones": len(result.milestones), "events": len(result.events),
                     "to_decision": stages["request_to_decision_days"], "to_forces": stages["request_to_forces_days"]})
    return rows


def aligned_svg(results) -> str:
    """The cases aligned on their request (request → first decision → first forces), inline SVG."""
    # deferred: matplotlib
    from simulator.render.charts.cases import cases_figure
    from simulator.render.html.figures import inline_svg

    return inline_svg(cases_figure([key_stages(r) for r in results]), "aligned")


def html_report(results, distributions: list[Distribution] | None = None, injects: list[dict] | None = None,
                title: str | None = None) -> str:
    """The report of ``results`` (RunResults) as one HTML document (text)."""
    results = list(results)
    runs = [run_context(result, i) for i, result in enumerate(results)]
    if title is None:
        title = results[0].scenario.title if len(results) == 1 else f"{len(results)} cases compared"
    template = _environment().get_template("report.html.j2")
    return template.render(
        title=title, runs=runs, comparison=comparison_rows(results) if len(results) > 1 else [],
        aligned=aligned_svg(results) if len(results) > 1 else "",
        distributions=distributions or [], injects=injects or [],
        data=[run["data"] for run in runs],
    )


def write_html_report(path: str | Path, results, **options) -> Path:
    """Write the report to ``path`` atomically; returns the path."""
    return write_atomic(Path(path), html_report(results, **options), "report")
