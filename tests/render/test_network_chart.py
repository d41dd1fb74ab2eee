"""The decision network's layered layout: the request on top, a loop drawn back up rather than pushing steps down
(what the report shows of it in a browser: tests/render/html/test_report_browser.py)."""

from __future__ import annotations

from tiny_pact import looping_pact

from simulator import load_treaty, run
from simulator.network.graph import build_network, layers
from simulator.render.charts.network import layered_order, network_figure, without_loops


def _rows(graph) -> list[list[str]]:
    return layered_order(graph, layers(without_loops(graph)))


def test_every_treaty_starts_with_its_request_alone_on_top():
    for name in ("csto", "nato", "eu"):
        graph = build_network(load_treaty(name))
        rows = _rows(graph)
        assert rows[0] == [graph.graph["start"]], name
        assert sorted(n for row in rows for n in row) == sorted(graph.nodes), name  # every step drawn once


def test_a_blocked_vote_that_sends_the_request_back_is_drawn_as_a_loop(tmp_path):
    result = run(looping_pact(tmp_path, 5))
    graph = build_network(result.treaty)
    rows = _rows(graph)
    assert rows[0] == [graph.graph["start"]] and all(rows)  # no empty layer
    figure = network_figure(graph, "loop")
    assert "blocked" in [t.get_text() for t in figure.axes[0].texts]
