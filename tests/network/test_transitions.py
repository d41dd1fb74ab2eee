"""The transition table the checks walk without networkx agrees with the decision network."""

from __future__ import annotations

import networkx as nx
import pytest

from simulator import build_network, load_treaty
from simulator.network.transitions import descendants


@pytest.mark.parametrize("name", ["csto", "nato", "eu"])
def test_descendants_match_the_network(name):
    treaty = load_treaty(name)
    graph = build_network(treaty)
    for step in treaty.procedure.steps:
        assert descendants(treaty, step.id) == nx.descendants(graph, step.id), step.id


def test_on_a_loop_a_step_is_not_its_own_descendant():
    """As networkx: what comes after a step, not the step, even where a later step leads back to it."""
    treaty = load_treaty("csto")
    first, *rest = treaty.procedure.steps
    last = rest[-1]
    back = last.model_copy(update={"next": {**last.next, "done": [first.id]}})
    looped = treaty.model_copy(update={"procedure": treaty.procedure.model_copy(update={"steps": [first, *rest[:-1], back]})})
    graph = build_network(looped)
    assert nx.find_cycle(graph, first.id)
    assert descendants(looped, first.id) == nx.descendants(graph, first.id)
    assert first.id not in descendants(looped, first.id)
    assert last.id in descendants(looped, first.id)
