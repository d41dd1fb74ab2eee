"""What runs of a scenario can reach in its treaty's decision network (any mode, any seed).

Each step's kind says which of its outcomes a scenario allows (StepKind.possible_outcomes);
the steps those outcomes lead to are the ones the scenario must provide for.
"""

from __future__ import annotations

import networkx as nx

from simulator.engine.kinds import kind_named
from simulator.model.treaty import Step, Treaty
from simulator.network.graph import successors


def outcomes_of(treaty: Treaty, step: Step) -> tuple[str, ...]:
    """The outcomes ``step`` can end with (the keys its ``next`` and ``establishes`` may use)."""
    return kind_named(step.kind).outcomes_of(step, treaty)


def possible_outcomes(treaty: Treaty, scenario, step: Step) -> tuple[str, ...]:
    """The outcomes ``step`` can have in runs of ``scenario`` (any mode, any seed)."""
    return kind_named(step.kind).possible_outcomes(step, treaty, scenario)


def reachable_steps(graph: nx.DiGraph, scenario) -> list[Step]:
    """Steps that runs of ``scenario`` can reach, in treaty order (the branches its request opens)."""
    treaty_steps = {n: graph.nodes[n]["step"] for n in graph.nodes}
    treaty = graph.graph["treaty_model"]
    seen, todo = {graph.graph["start"]}, [graph.graph["start"]]
    while todo:
        step = treaty_steps[todo.pop()]
        for outcome in possible_outcomes(treaty, scenario, step):
            for nxt in successors(graph, step.id, outcome):
                if nxt.id not in seen:
                    seen.add(nxt.id)
                    todo.append(nxt.id)
    return sorted((treaty_steps[s] for s in seen), key=lambda s: graph.nodes[s.id]["order"])
