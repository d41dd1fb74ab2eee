"""The decision network built from the CSTO's procedure: its steps, branches and paths."""

from __future__ import annotations

import networkx as nx
import pytest

from simulator import build_network, load_treaty
from simulator.checks.reachability import outcomes_of
from simulator.network.graph import successors


@pytest.fixture(scope="module")
def csto():
    return load_treaty("csto")


def test_network_runs_from_request_to_report(csto):
    graph = build_network(csto)
    assert graph.number_of_nodes() == 35
    assert nx.is_directed_acyclic_graph(graph)
    request = csto.step("request")
    branches = {outcome: [s.id for s in successors(graph, "request", outcome)] for outcome in outcomes_of(csto, request)}
    assert branches == {
        "none": ["taken_up"], "bilateral": ["taken_up"], "out_of_scope": ["scope_statement"], "between_members": ["good_offices"],
        "consultations": ["emergency_consultations"], "assistance": ["consultations"], "standing": ["task_force"],
        "informal": ["emergency_pc"],
    }
    path = nx.shortest_path(graph, "request", "sg_report")
    assert path[:3] == ["request", "consultations", "council_decision"]
    assert "deployment_complete" in path and "withdrawal_decision" in path
    assert [s.id for s in successors(graph, "council_decision", "adopted")] == ["decision_issued"]
    assert successors(graph, "council_decision", "blocked") == []
    # two outcomes lead to one step: one edge, and each outcome still finds it
    assert graph.edges["request", "taken_up"]["outcomes"] == ("none", "bilateral")
    assert [s.id for s in successors(graph, "national_approval", "approved")] == ["force_generation"]
