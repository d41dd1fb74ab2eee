"""The decision network: procedure steps as a networkx graph built from treaty data."""

from __future__ import annotations

import networkx as nx

from simulator.model.treaty import Step, Treaty
from simulator.network.transitions import transition_table


def build_network(treaty: Treaty) -> nx.DiGraph:
    """Nodes are step ids (attribute ``step``: the Step); edges carry ``outcomes``: the outcomes that lead
    along them (``on``: the first of them)."""
    graph = nx.DiGraph(treaty=treaty.treaty, treaty_model=treaty, start=treaty.procedure.start)
    for order, step in enumerate(treaty.procedure.steps):
        graph.add_node(step.id, step=step, order=order)
    for step in treaty.procedure.steps:
        for outcome, targets in step.next.items():
            for target in targets:
                if graph.has_edge(step.id, target):  # several outcomes lead there: one edge lists them all
                    graph.edges[step.id, target]["outcomes"] += (outcome,)
                else:
                    graph.add_edge(step.id, target, on=outcome, outcomes=(outcome,))
    # The engine asks "what follows this outcome?" at every step; answer from a table.
    graph.graph["transitions"] = transition_table(treaty)
    return graph


def successors(graph: nx.DiGraph, step_id: str, outcome: str) -> list[Step]:
    """Steps that follow ``step_id`` when it ends with ``outcome``, in treaty order."""
    return graph.graph["transitions"].get((step_id, outcome), [])


def layers(graph: nx.DiGraph) -> dict[str, int]:
    """Depth of each step from the start, for drawing left to right."""
    start = graph.graph["start"]
    depth = {start: 0}
    for node in nx.topological_sort(graph) if nx.is_directed_acyclic_graph(graph) else graph.nodes:
        for succ in graph.successors(node):
            depth[succ] = max(depth.get(succ, 0), depth.get(node, 0) + 1)
    for node in graph.nodes:
        depth.setdefault(node, 0)
    return depth
