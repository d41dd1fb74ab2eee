"""The decision network: procedure steps as a networkx graph built from treaty data."""

from __future__ import annotations

import networkx as nx

from simulator.model.treaty import Step, Treaty


def build_network(treaty: Treaty) -> nx.DiGraph:
    """Nodes are step ids (attribute ``step``: the Step); edges carry ``on``: the outcome taken."""
    graph = nx.DiGraph(treaty=treaty.treaty, treaty_model=treaty, start=treaty.procedure.start)
    for order, step in enumerate(treaty.procedure.steps):
        graph.add_node(step.id, step=step, order=order)
    for step in treaty.procedure.steps:
        for outcome, targets in step.next.items():
            for target in targets:
                graph.add_edge(step.id, target, on=outcome)
    # The engine asks "what follows this outcome?" at every step; answer from a table.
    transitions: dict[tuple[str, str], list[Step]] = {}
    for source, target, data in graph.edges(data=True):
        transitions.setdefault((source, data["on"]), []).append(graph.nodes[target]["step"])
    for following in transitions.values():
        following.sort(key=lambda s: graph.nodes[s.id]["order"])
    graph.graph["transitions"] = transitions
    return graph


def successors(graph: nx.DiGraph, step_id: str, outcome: str) -> list[Step]:
    """Steps that follow ``step_id`` when it ends with ``outcome``, in treaty order."""
    return graph.graph["transitions"].get((step_id, outcome), [])


def precedes(graph: nx.DiGraph, earlier: str, later: str) -> bool:
    """True when every run reaches ``later`` only after ``earlier`` (an ancestor in the graph)."""
    return earlier != later and nx.has_path(graph, earlier, later)


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


def possible_outcomes(treaty: Treaty, scenario, step: Step) -> tuple[str, ...]:
    """The outcomes ``step`` can have in runs of ``scenario`` (any mode, any seed)."""
    from simulator.network.admissibility import admissibility

    if step.kind == "request":
        members = [m.name for m in treaty.active_members(scenario.local_date)]
        return (admissibility(scenario, treaty, members)[0],)
    if step.kind == "choose":
        value = scenario.choices.get(step.id, step.default)
        if isinstance(value, dict):
            return tuple(option for option, p in value.items() if p > 0)
        return (value,) if value is not None else tuple(step.options)
    if step.kind == "decide":
        behaviour = scenario.bodies.get(step.actor)
        body = treaty.body(step.actor)
        blocking = behaviour is not None and any(body.blocked_by(a) for a in behaviour.answers.values())
        return ("blocked",) if blocking else ("adopted",)
    return treaty.outcomes_of(step)


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
