"""The HTML report: one self-contained file with the case, its sources, network path, milestones and step-through data
(the `report` command that writes it: tests/cli/test_teaching_commands.py)."""

from __future__ import annotations

import json
import re

import pytest
from conftest import ROOT

from simulator import load_scenario, run
from simulator.render.html import Distribution, html_report
from simulator.render.html.figures import path_taken

SCENARIOS = ROOT / "scenarios"


@pytest.fixture(scope="module")
def kz_html(kz_replay) -> str:
    """The report of the Kazakhstan replay, as `treaty-sim report` writes it (tests/cli/test_teaching_commands.py)."""
    return html_report([kz_replay])


def embedded(html: str) -> list[dict]:
    return json.loads(re.search(r'<script type="application/json" id="run-data">(.*?)</script>', html, re.S).group(1))


def test_nothing_is_fetched_from_outside(kz_html):
    # Scripts, styles and images are inline: no src= or stylesheet link to any URL, no CSS import.
    assert not re.search(r'\ssrc="(?!data:)', kz_html)
    assert "<link" not in kz_html and "@import" not in kz_html and "url(http" not in kz_html
    assert kz_html.count("<style>") == 1 and "<script src" not in kz_html
    # Links to sources stay plain links, opened only when clicked.
    external = re.findall(r'<a href="(https?://[^"]+)"', kz_html)
    assert external and all(re.search(rf'<a href="{re.escape(url)}" rel="noopener noreferrer"', kz_html) for url in external)


def test_report_shows_case_sources_outcome_and_milestones(kz_html, kz_replay):
    assert "<h2>CSTO peacekeeping deployment to Kazakhstan, January 2022</h2>" in kz_html
    assert 'class="badge deployed">deployed</span>' in kz_html and "the run matches the record" in kz_html
    title = kz_replay.sources()["S44"]["title"]
    from html import escape

    assert f"<strong>S44</strong> {escape(title)}" in kz_html  # source key resolved to its title and link
    assert kz_html.count("<tr class=\"yes\">") == 21  # every milestone on the record
    assert "Kyrgyz parliament fails quorum (39 of 60)" in kz_html
    assert kz_html.count('<svg') >= 3  # network, timeline and the (empty) personnel chart
    assert "Distributions" not in kz_html and 'id="comparison"' not in kz_html


def test_step_through_data(kz_html):
    (data,) = embedded(kz_html)
    decision = next(s for s in data["steps"] if s["rule"] == "Collective Security Council decision" and s["outcome"] == "adopted")
    assert decision["actor"] == "Collective Security Council" and "CST Art. 4" in decision["basis"]
    assert decision["action"] == "decides to send the collective forces" and decision["record"]
    assert max(n for _, n in data["series"]) == 2030 and data["series"][-1][1] == 0
    assert list(data["ticks"][:2]) == [[0, "05 Jan"], [48, "07 Jan"]]  # local midnights, every 2 days
    # Per contingent and move: first departure, first and last landing, not every sortie.
    assert sum(" sortie " in f" {s['action']}" for s in data["steps"]) <= 3 * 2 * 5


def test_path_taken_follows_the_event_log(kz_replay, variant):
    steps, edges = path_taken(kz_replay)
    assert {"request", "council_decision", "airlift", "withdrawal_complete"} <= steps
    assert "monitoring_mission" not in steps and "good_offices" not in steps
    assert {("request", "consultations"), ("council_decision", "decision_issued"), ("airlift", "deployment_complete")} <= edges
    blocked = run(load_scenario(variant(lambda d: d["bodies"]["csc"].update(answers={"Russia": "object"}))))
    steps, edges = path_taken(blocked)
    assert "council_decision" in steps and "airlift" not in steps
    assert not any(source == "council_decision" for source, _ in edges)


def test_several_scenarios_are_compared_and_distributions_have_a_hook(tmp_path):
    results = [run(SCENARIOS / f"{name}.yaml") for name in ("armenia-2021-05", "belarus-2020")]
    table = Distribution("Outcome classes over 100 runs", ["outcome", "share"], [["consultations_only", "100%"]])
    html = html_report(results, distributions=[table])
    comparison = html.split('id="comparison"')[1].split("</section>")[0]
    assert "consultations_only" in comparison and "no_request" in comparison and comparison.count("✓ matches") == 2
    assert 'id="distributions"' in html and "Outcome classes over 100 runs" in html
    assert len(embedded(html)) == 2
    assert html == html_report(results, distributions=[table])  # same inputs, same bytes


def test_cases_of_different_treaties_are_aligned_on_the_request():
    results = [run(SCENARIOS / f"{name}.yaml") for name in ("kazakhstan-2022", "nato-turkey-2012-06")]
    comparison = html_report(results).split('id="comparison"')[1].split("</section>")[0]
    cells = [row.split("<td")[1:] for row in comparison.split("<tr>")[2:]]
    assert ">0.26<" in cells[0][5] and ">2.03<" in cells[1][5]  # days from each request to its decision
    assert "Request → first collective decision → first forces" in comparison  # the aligned chart


def test_event_times_in_the_case_zone_with_the_actor_local_time_beside(kz_html):
    # Was each actor's own clock (21:00 UTC+4, 21:37 UTC+3, 00:37 UTC+6): an ordered list that looked shuffled.
    shown = re.findall(r'<summary><time>([^<]+)</time>(?:<span class="local"[^>]*>local ([^<]+)</span>)? <strong>([^<]+)',
                       kz_html)
    assert shown and all(when.endswith(" UTC+6") for when, _, _ in shown)  # Asia/Almaty, the scenario's zone
    assert [when for when, _, _ in shown] == sorted(when for when, _, _ in shown)
    assert ("2022-01-06 00:37 UTC+6", "05 Jan 21:37 UTC+3", "Belarus") in shown
    assert ("2022-01-06 00:37 UTC+6", "", "Kyrgyzstan") in shown  # Bishkek keeps Almaty's clock: nothing beside
    (data,) = embedded(kz_html)
    assert {(s["when"], s["local"]) for s in data["steps"] if s["actor"] == "CSC chair (Armenia)"} == {
        ("2022-01-05 23:00 UTC+6", "21:00 UTC+4")}
