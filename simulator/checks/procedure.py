"""Static checks of a treaty's decision network, before any run: `treaty-sim check`.

Everything is computed on the graph, never by enumerating runs (a treaty of 40 two-way choices has
2^40 of them): unreachable steps and steps with no way out by one graph search each, loops as the
network's strongly connected components, and each forbidden path by one search over the
(step, outcome) pairs. Nothing recurses, so a long procedure cannot exhaust the stack.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import networkx as nx

from simulator.checks.reachability import outcomes_of
from simulator.model.treaty import PathRule, StepSelector, Treaty
from simulator.network.graph import successors

END = "<end>"
State = tuple[str, str]  # (step id, the outcome it ends with)


@dataclass(frozen=True)
class Finding:
    """One thing wrong with a procedure (or, as a note, worth knowing)."""

    check: str
    message: str
    steps: tuple[str, ...] = ()
    severity: str = "error"


def _ways_out(graph: nx.DiGraph, treaty: Treaty) -> nx.DiGraph:
    """The network plus an end node after every outcome that starts nothing."""
    full = nx.DiGraph(graph)
    for node, data in graph.nodes(data=True):
        for outcome in outcomes_of(treaty, data["step"]):
            if not successors(graph, node, outcome):
                full.add_edge(node, END)
    return full


def _loop(graph: nx.DiGraph, component: set[str]) -> list[str]:
    """One loop through a strongly connected component, from its first step in treaty order back to it."""
    first = min(component, key=lambda n: graph.nodes[n]["order"])
    sub = graph.subgraph(component)
    edges = nx.find_cycle(sub, source=first)
    loop = [edges[0][0]] + [v for _, v in edges]
    at = loop.index(first) if first in loop[:-1] else 0
    body = loop[:-1]
    return body[at:] + body[:at] + [body[at]]


def structural_findings(graph: nx.DiGraph, treaty: Treaty) -> list[Finding]:
    """Unreachable steps, steps that can never lead to the end, and loops (one finding a loop)."""
    start = graph.graph["start"]
    findings = []
    reachable = nx.descendants(graph, start) | {start}
    for node in graph.nodes:
        if node not in reachable:
            findings.append(Finding("unreachable", f"step {node!r} cannot be reached from {start!r}", (node,)))
    full = _ways_out(graph, treaty)
    ending = nx.ancestors(full, END) if END in full else set()
    for node in graph.nodes:
        if node not in ending:
            findings.append(Finding("no way out", f"step {node!r} can never lead to the end of the procedure", (node,)))
    components = [c for c in nx.strongly_connected_components(graph)
                  if len(c) > 1 or any(graph.has_edge(n, n) for n in c)]
    for component in sorted(components, key=lambda c: min(graph.nodes[n]["order"] for n in c)):
        loop = _loop(graph, component)
        findings.append(Finding("cycle", "steps wait on each other in a loop: " + " → ".join(loop),
                                tuple(loop[:-1])))
    return findings


def _is(selector: StepSelector, graph: nx.DiGraph, state: State) -> bool:
    step, outcome = state
    return selector.matches(graph.nodes[step]["step"]) and selector.ends_with(outcome)


def _states(graph: nx.DiGraph, treaty: Treaty, step_id: str) -> list[State]:
    return [(step_id, outcome) for outcome in outcomes_of(treaty, graph.nodes[step_id]["step"])]


def _avoiding(graph: nx.DiGraph, treaty: Treaty, rule: PathRule) -> set[State]:
    """The (step, outcome) pairs from which a run can go on without ever meeting a required one.

    A fork starts every step an outcome lists, so a pair is kept only while each of those steps has
    a kept outcome; removals travel back through a work list (linear in the network's size)."""
    outcomes = {n: _states(graph, treaty, n) for n in graph.nodes}
    kept = {s for states in outcomes.values() for s in states if not _is(rule.requires, graph, s)}
    forced_by: dict[str, list[State]] = {}
    for states in outcomes.values():
        for state in states:
            for nxt in successors(graph, *state):
                forced_by.setdefault(nxt.id, []).append(state)
    left = {n: sum(s in kept for s in states) for n, states in outcomes.items()}
    dead = deque(n for n, count in left.items() if count == 0)
    while dead:
        step = dead.popleft()
        for state in forced_by.get(step, ()):
            if state in kept:
                kept.discard(state)
                left[state[0]] -= 1
                if left[state[0]] == 0:
                    dead.append(state[0])
    return kept


def forbidden_path(graph: nx.DiGraph, treaty: Treaty, rule: PathRule) -> list[State] | None:
    """The shortest way from the start to a step the rule forbids, or None: a breadth-first search over
    (step, outcome) pairs.

    ``before``: the way never passes a required pair, so the target is reached without one first.
    Otherwise (the same run) the way keeps to the pairs from which every step a fork starts can
    still avoid the required ones (see _avoiding), so that a whole run goes without them."""
    allowed = None if rule.before else _avoiding(graph, treaty, rule)
    parent: dict[State, State | None] = {}
    queue: deque[State] = deque()
    for state in _states(graph, treaty, graph.graph["start"]):
        if allowed is None or state in allowed:
            parent[state] = None
            queue.append(state)
    while queue:
        state = queue.popleft()
        if _is(rule.reaching, graph, state):
            path = [state]
            while parent[path[-1]] is not None:
                path.append(parent[path[-1]])
            return path[::-1]
        if _is(rule.requires, graph, state):
            continue  # past a required step, every step has it before
        for nxt in successors(graph, state[0], state[1]):
            for following in _states(graph, treaty, nxt.id):
                if following not in parent and (allowed is None or following in allowed):
                    parent[following] = state
                    queue.append(following)
    return None


def rule_findings(graph: nx.DiGraph, treaty: Treaty) -> list[Finding]:
    """A finding for each forbidden-path rule some way through the network breaks, with that way."""
    findings = []
    for rule in treaty.procedure.forbidden:
        path = forbidden_path(graph, treaty, rule)
        if path is not None:
            shown = " → ".join(f"{step} ({outcome})" for step, outcome in path)
            findings.append(Finding(
                "forbidden path",
                f"{rule.name}: a run reaches {rule.reaching.describe()} without {rule.requires.describe()} "
                f"{'before it' if rule.before else 'in the same run'}; e.g. {shown}",
                tuple(step for step, _ in path),
            ))
    return findings


def check_procedure(graph: nx.DiGraph, treaty: Treaty) -> tuple[list[Finding], int]:
    """(findings, number of (step, outcome) pairs checked): every check on the whole network."""
    findings = structural_findings(graph, treaty) + rule_findings(graph, treaty)
    pairs = sum(len(outcomes_of(treaty, data["step"])) for _, data in graph.nodes(data=True))
    return findings, pairs
