"""Drawing the decision network: steps left to right by depth, coloured by phase."""

from __future__ import annotations

import textwrap

import matplotlib
import networkx as nx
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from simulator.network.graph import layers
from simulator.render.charts.timeline import PHASE_COLOURS


@matplotlib.rc_context({"text.parse_math": False})  # names and titles are text, never TeX
def network_figure(graph: nx.DiGraph, title: str, taken: set[str] | None = None,
                   taken_edges: set[tuple[str, str]] | None = None) -> Figure:
    """Steps left to right by depth; with ``taken``, the path a run took is drawn dark, the rest faded."""
    depth = layers(graph)
    columns: dict[int, list[str]] = {}
    for node in sorted(graph.nodes, key=lambda n: (depth[n], graph.nodes[n]["order"])):
        columns.setdefault(depth[node], []).append(node)
    pos = {}
    for col, nodes in columns.items():
        for row, node in enumerate(nodes):
            pos[node] = (col, -(row - (len(nodes) - 1) / 2) * 1.6)
    width = max(12, 1.1 * len(columns))
    figure = Figure(figsize=(width, 7), layout="constrained")
    ax = figure.add_subplot()
    ax.set_axis_off()
    steps = {n: graph.nodes[n]["step"] for n in graph.nodes}
    colours = [PHASE_COLOURS[steps[n].phase] for n in graph.nodes]
    if taken is None:
        nx.draw_networkx_edges(graph, pos, ax=ax, arrows=True, arrowsize=12, node_size=1400,
                               edge_color="0.45", connectionstyle="arc3,rad=0.05")
        nx.draw_networkx_nodes(graph, pos, ax=ax, node_color=colours, node_size=1400, edgecolors="white")
    else:
        _draw_path(graph, pos, ax, colours, taken, taken_edges or set())
    conditional = {(u, v): " / ".join(d["outcomes"]) for u, v, d in graph.edges(data=True) if d["outcomes"] != ("done",)}
    nx.draw_networkx_edge_labels(graph, pos, edge_labels=conditional, ax=ax, font_size=7)
    for node, (x, y) in pos.items():
        step = steps[node]
        per = " (per contingent)" if step.per_contingent else ""
        label = "\n".join(textwrap.wrap(step.label + per, 16))
        ax.text(x, y + 0.42, label, ha="center", va="bottom", fontsize=7.5)
        basis = "; ".join(step.basis).replace("request_article", "requested article")
        ax.text(x, y - 0.42, "\n".join(textwrap.wrap(basis, 18)), ha="center", va="top", fontsize=6, color="0.35")
    ax.margins(x=0.05, y=0.2)
    ax.set_title(title, loc="left", fontsize=11)
    ax.legend(handles=[Patch(color=c, label=p) for p, c in PHASE_COLOURS.items()],
              loc="lower left", fontsize=8, frameon=False, ncols=7)
    return figure


def _draw_path(graph, pos, ax, colours, taken, taken_edges) -> None:
    """Nodes and edges of the path taken in full colour with a black ring; the others faded."""
    edges = list(graph.edges)
    on_path = [e in taken_edges for e in edges]
    nx.draw_networkx_edges(graph, pos, ax=ax, edgelist=[e for e, t in zip(edges, on_path, strict=True) if not t], arrows=True,
                           arrowsize=10, node_size=1400, edge_color="0.8", connectionstyle="arc3,rad=0.05")
    nx.draw_networkx_edges(graph, pos, ax=ax, edgelist=[e for e, t in zip(edges, on_path, strict=True) if t], arrows=True,
                           arrowsize=14, node_size=1400, edge_color="black", width=2.2,
                           connectionstyle="arc3,rad=0.05")
    nodes = list(graph.nodes)
    for selected, alpha, ring, width in ((False, 0.25, "white", 1.0), (True, 1.0, "black", 2.5)):
        chosen = [n for n in nodes if (n in taken) == selected]
        nx.draw_networkx_nodes(graph, pos, ax=ax, nodelist=chosen, node_size=1400, alpha=alpha, edgecolors=ring,
                               linewidths=width, node_color=[colours[nodes.index(n)] for n in chosen])
