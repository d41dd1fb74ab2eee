"""Static checks of a treaty's decision network, before any run: `treaty-sim check`."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from simulator.checks.reachability import outcomes_of
from simulator.model.treaty import PathRule, Treaty
from simulator.network.graph import successors

END = "<end>"
MAX_RUNS = 100_000  # distinct runs through the network; far above any real procedure


@dataclass(frozen=True)
class Finding:
    """One thing wrong with a procedure (or, as a note, worth knowing)."""

    check: str
    message: str
    steps: tuple[str, ...] = ()
    severity: str = "error"


def network_runs(graph: nx.DiGraph, treaty: Treaty) -> list[dict[str, str]]:
    """Every way through the network: which steps run and the outcome each ends with.

    A step's outcome starts all the steps listed for it (a fork), so a run is a set of steps,
    not one path. Steps already in a run are not run again, which keeps cycles finite.
    """
    runs: list[dict[str, str]] = []
    nodes = graph.nodes

    def expand(chosen: dict[str, str], frontier: tuple[str, ...]) -> None:
        if len(runs) >= MAX_RUNS:
            return
        while frontier and frontier[0] in chosen:
            frontier = frontier[1:]
        if not frontier:
            runs.append(chosen)
            return
        node, rest = frontier[0], frontier[1:]
        for outcome in outcomes_of(treaty, nodes[node]["step"]):
            following = tuple(s.id for s in successors(graph, node, outcome) if s.id not in chosen)
            expand({**chosen, node: outcome}, rest + following)

    expand({}, (graph.graph["start"],))
    return runs


def _ways_out(graph: nx.DiGraph, treaty: Treaty) -> nx.DiGraph:
    """The network plus an end node after every outcome that starts nothing."""
    full = nx.DiGraph(graph)
    for node, data in graph.nodes(data=True):
        for outcome in outcomes_of(treaty, data["step"]):
            if not successors(graph, node, outcome):
                full.add_edge(node, END)
    return full


def structural_findings(graph: nx.DiGraph, treaty: Treaty) -> list[Finding]:
    start = graph.graph["start"]
    findings = []
    reachable = nx.descendants(graph, start) | {start}
    for node in graph.nodes:
        if node not in reachable:
            findings.append(Finding("unreachable", f"step {node!r} cannot be reached from {start!r}", (node,)))
    full = _ways_out(graph, treaty)
    stuck = [n for n in graph.nodes if not nx.has_path(full, n, END)]
    for node in stuck:
        findings.append(Finding("no way out", f"step {node!r} can never lead to the end of the procedure", (node,)))
    for cycle in sorted(nx.simple_cycles(graph), key=lambda c: (len(c), c)):
        first = min(cycle, key=lambda n: graph.nodes[n]["order"])
        at = cycle.index(first)
        loop = cycle[at:] + cycle[:at] + [first]
        findings.append(Finding("cycle", "steps wait on each other in a loop: " + " → ".join(loop), tuple(cycle)))
    return findings


def rule_findings(graph: nx.DiGraph, treaty: Treaty, runs: list[dict[str, str]]) -> list[Finding]:
    findings = []
    for rule in treaty.procedure.forbidden:
        bad = next((r for r in runs if _breaks(graph, rule, r)), None)
        if bad is not None:
            order = sorted(bad, key=lambda n: graph.nodes[n]["order"])
            path = " → ".join(f"{n} ({bad[n]})" for n in order)
            findings.append(Finding(
                "forbidden path",
                f"{rule.name}: a run reaches {rule.reaching.describe()} without {rule.requires.describe()} "
                f"{'before it' if rule.before else 'in the same run'}; e.g. {path}",
                tuple(order),
            ))
    return findings


def _breaks(graph: nx.DiGraph, rule: PathRule, run: dict[str, str]) -> bool:
    steps = {n: graph.nodes[n]["step"] for n in run}
    targets = [n for n, s in steps.items() if rule.reaching.matches(s) and rule.reaching.ends_with(run[n])]
    required = [n for n, s in steps.items() if rule.requires.matches(s) and rule.requires.ends_with(run[n])]
    taken = nx.DiGraph()
    taken.add_nodes_from(run)
    taken.add_edges_from((u, v) for u, v, on in graph.edges(data="outcomes") if u in run and v in run and run[u] in on)
    for target in targets:
        if rule.before:
            if not any(r != target and nx.has_path(taken, r, target) for r in required):
                return True
        elif not required:
            return True
    return False


def check_procedure(graph: nx.DiGraph, treaty: Treaty) -> tuple[list[Finding], int]:
    """(findings, number of distinct runs through the network)."""
    findings = structural_findings(graph, treaty)
    runs = network_runs(graph, treaty)
    findings += rule_findings(graph, treaty, runs)
    if len(runs) >= MAX_RUNS:
        findings.append(Finding("size", f"more than {MAX_RUNS:,} distinct runs; only those were checked", (), "note"))
    return findings, len(runs)
