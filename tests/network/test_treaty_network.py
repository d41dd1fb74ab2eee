"""The CSTO as data, and the decision network built from it."""

from __future__ import annotations

from datetime import date

import networkx as nx
import pytest

from simulator import UserError, build_network, load_treaty
from simulator.checks.reachability import outcomes_of
from simulator.checks.treaty import TREATY_DIR, load_sources
from simulator.network.graph import successors


@pytest.fixture(scope="module")
def csto():
    return load_treaty("csto")


def test_members_and_suspension(csto):
    active = [m.name for m in csto.active_members(date(2022, 1, 5))]
    assert active == ["Armenia", "Belarus", "Kazakhstan", "Kyrgyzstan", "Russia", "Tajikistan"]
    uzbekistan = csto.member("Uzbekistan")
    assert uzbekistan.suspended == date(2012, 12, 19) and "L13" in uzbekistan.source
    assert uzbekistan.active_on(date(2010, 1, 1)) and not uzbekistan.active_on(date(2013, 1, 1))


@pytest.mark.parametrize("year, chair", [(2021, "Tajikistan"), (2022, "Armenia"), (2023, "Belarus"),
                                         (2024, "Kazakhstan"), (2025, "Kyrgyzstan"), (2026, "Russia")])
def test_chair_rotation_matches_the_record(csto, year, chair):
    assert csto.chair_rotation.chair(year) == chair


def test_bodies_forces_and_articles(csto):
    assert {b.id for b in csto.bodies} == {"csc", "pc", "cmfa", "cmd", "cssc", "sg", "js", "crc"}
    assert all(b.rule == "consensus" for b in csto.bodies if b.id in ("csc", "pc", "cmfa", "cmd", "cssc"))
    assert {f.id: f.strength for f in csto.forces} == {"cpkf": 3600, "crrf": 18000, "crdf": 5000}
    art4 = csto.article("CST Art. 4")
    assert [w.version for w in art4.wordings] == ["1992", "2010"]
    assert csto.article("PKA Art. 3").wordings[0].source == ["L23", "L26"]


def test_every_cited_source_key_resolves(csto):
    sources = load_sources("csto")
    cited = {k for s in csto.procedure.steps for k in s.source} | {k for b in csto.bodies for k in b.source}
    assert cited <= set(sources)
    assert sources["S44"]["urls"][0].startswith("https://")


def test_network_runs_from_request_to_report(csto):
    graph = build_network(csto)
    assert graph.number_of_nodes() == 28
    assert nx.is_directed_acyclic_graph(graph)
    request = csto.step("request")
    branches = {outcome: [s.id for s in successors(graph, "request", outcome)] for outcome in outcomes_of(csto, request)}
    assert branches == {
        "none": [], "bilateral": [], "out_of_scope": ["scope_statement"], "between_members": ["good_offices"],
        "consultations": ["emergency_consultations"], "assistance": ["consultations"], "standing": ["task_force"],
        "informal": ["emergency_pc"],
    }
    path = nx.shortest_path(graph, "request", "sg_report")
    assert path[:3] == ["request", "consultations", "council_decision"]
    assert "deployment_complete" in path and "withdrawal_decision" in path
    assert [s.id for s in successors(graph, "council_decision", "adopted")] == ["decision_issued"]
    assert successors(graph, "council_decision", "blocked") == []
    assert [s.id for s in successors(graph, "national_approval", "approved")] == ["force_generation"]


def test_every_step_names_a_legal_basis(csto):
    articles = {a.id for a in csto.articles}
    for step in csto.procedure.steps:
        assert step.basis and all(b in articles or b == "request_article" for b in step.basis), step.id


def test_broken_treaty_file_is_located(tmp_path):
    text = (TREATY_DIR / "csto.yaml").read_text()
    broken = text.replace("next: end_request", "next: end_requst")
    path = tmp_path / "broken.yaml"
    path.write_text(broken)
    (tmp_path / "broken.sources.yaml").write_text((TREATY_DIR / "csto.sources.yaml").read_text())
    with pytest.raises(UserError) as info:
        load_treaty(path)
    problem = info.value.problems[0]
    assert "unknown step 'end_requst'" in problem.message and "end_request" in problem.hint
    assert broken.splitlines()[problem.line - 1].strip() == "next: end_requst"
