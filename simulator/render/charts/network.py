"""Drawing the decision network: a layered layout, top to bottom, each step a box holding its label.

The layers are the steps' depths from the request; within a layer, steps are ordered by where their
predecessors stand (barycentre sweeps), so that edges cross less. The figure's height follows the
layers and their labels, and every text is sized to read at ``TEXT_PX`` pixels when the report shows the
figure ``REPORT_WIDTH_PX`` wide (its width at a 1366 px screen): readable from the back of a room.
"""

from __future__ import annotations

import textwrap
import warnings

import matplotlib
import networkx as nx
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from simulator.network.graph import layers
from simulator.render.charts.timeline import PHASE_COLOURS

REPORT_WIDTH_PX = 1021  # the report's figures at 1366 px: main is 1100 px wide, less its paddings
TEXT_PX = 13.0
SLOT_IN = 2.1  # width of one step's column
LINE = 1.25  # line height, in font sizes
GAP_LINES = 3.2  # between two layers: room for the edges and their labels
SWEEPS = 4


def without_loops(graph: nx.DiGraph) -> nx.DiGraph:
    """The graph less the edges that go back to a step on the way from the request (a blocked vote that sends
    the request back): drawn, they curve upwards instead of pushing the whole procedure down."""
    back, seen, on_path = [], set(), set()
    for root in [graph.graph["start"], *graph.nodes]:
        if root in seen:
            continue
        stack = [(root, iter(graph.successors(root)))]
        seen.add(root)
        on_path.add(root)
        while stack:
            node, successors = stack[-1]
            nxt = next(successors, None)
            if nxt is None:
                stack.pop()
                on_path.discard(node)
            elif nxt in on_path:
                back.append((node, nxt))
            elif nxt not in seen:
                seen.add(nxt)
                on_path.add(nxt)
                stack.append((nxt, iter(graph.successors(nxt))))
    acyclic = graph.copy()
    acyclic.remove_edges_from(back)
    return acyclic


def layered_order(graph: nx.DiGraph, depth: dict[str, int]) -> list[list[str]]:
    """The steps of each layer, ordered to keep edges short: each sweep sorts a layer by the mean place of
    its neighbours in the layer before (down) or after (up); ties keep the treaty file's order."""
    rows: list[list[str]] = [[] for _ in range(max(depth.values(), default=0) + 1)]
    for node in sorted(graph.nodes, key=lambda n: (depth[n], graph.nodes[n]["order"])):
        rows[depth[node]].append(node)
    rows = [row for row in rows if row]  # a procedure with loops can leave a depth empty

    def sort_by(row: list[str], neighbours, place: dict[str, float]) -> list[str]:
        def key(node: str) -> tuple[float, int]:
            seen = [place[n] for n in neighbours(node) if n in place]
            return (sum(seen) / len(seen) if seen else place.get(node, 0.0), graph.nodes[node]["order"])

        return sorted(row, key=key)

    for _ in range(SWEEPS):
        for index in range(1, len(rows)):
            place = {n: i - (len(rows[index - 1]) - 1) / 2 for i, n in enumerate(rows[index - 1])}
            rows[index] = sort_by(rows[index], graph.predecessors, place)
        for index in range(len(rows) - 2, -1, -1):
            place = {n: i - (len(rows[index + 1]) - 1) / 2 for i, n in enumerate(rows[index + 1])}
            rows[index] = sort_by(rows[index], graph.successors, place)
    return rows


def _tint(colour: str, white: float) -> tuple[float, float, float]:
    red, green, blue = to_rgb(colour)
    return (red + (1 - red) * white, green + (1 - green) * white, blue + (1 - blue) * white)


def _box_text(step, chars: int) -> str:
    per = " (per contingent)" if step.per_contingent else ""
    label = textwrap.wrap(step.label + per, chars)
    basis = "; ".join(step.basis).replace("request_article", "requested article")
    return "\n".join(label + (textwrap.wrap(basis, chars) if basis else []))


@matplotlib.rc_context({"text.parse_math": False})  # names and titles are text, never TeX
def network_figure(graph: nx.DiGraph, title: str, taken: set[str] | None = None,
                   taken_edges: set[tuple[str, str]] | None = None) -> Figure:
    """Steps top to bottom by depth, in boxes; with ``taken``, the path a run took is drawn dark, the rest faded."""
    rows = layered_order(graph, layers(without_loops(graph)))
    width_in = max(10.0, SLOT_IN * max(len(row) for row in rows))
    font = TEXT_PX * 72 * width_in / REPORT_WIDTH_PX  # points that show TEXT_PX pixels in the report
    chars = max(12, int(SLOT_IN * 72 / (0.62 * font)) - 1)
    steps = {n: graph.nodes[n]["step"] for n in graph.nodes}
    texts = {n: _box_text(steps[n], chars) for n in graph.nodes}
    line_in = LINE * font / 72
    heights = [max(texts[n].count("\n") + 1 for n in row) * line_in for row in rows]
    pos, y = {}, 0.0
    for row, height in zip(rows, heights, strict=True):
        y -= height / 2
        for i, node in enumerate(row):
            pos[node] = ((i - (len(row) - 1) / 2) * SLOT_IN, y)
        y -= height / 2 + GAP_LINES * line_in
    height_in = -y + 2.2
    figure = Figure(figsize=(width_in, height_in))
    ax = figure.add_axes((0, 0, 1, (height_in - 1.4) / height_in))
    ax.set_axis_off()
    ax.set_xlim(-width_in / 2, width_in / 2)
    ax.set_ylim(y + GAP_LINES * line_in / 2, 0.2)
    boxes = {}
    for node, (x, y_node) in pos.items():
        colour = PHASE_COLOURS[steps[node].phase]
        on_path = taken is None or node in taken
        frame = {"boxstyle": "round,pad=0.35", "facecolor": _tint(colour, 0.55 if on_path else 0.85),
                 "edgecolor": "black" if taken is not None and on_path else colour,
                 "linewidth": 2.2 if taken is not None and on_path else 1.0}
        boxes[node] = ax.text(x, y_node, texts[node], ha="center", va="center", fontsize=font, linespacing=1.1,
                              color="black" if on_path else "0.35", bbox=frame, zorder=3)
    _edges(ax, graph, boxes, pos, taken_edges if taken is not None else None, font)
    figure.text(0.01, 1 - 0.35 / height_in, title, ha="left", va="top", fontsize=font * 1.1)
    figure.legend(handles=[Patch(color=c, label=p) for p, c in PHASE_COLOURS.items()], loc="upper left",
                  bbox_to_anchor=(0.0, 1 - 0.75 / height_in), fontsize=font, frameon=False, ncols=4)
    _separate_edge_labels(figure, [t for t in ax.texts if t.get_gid() == "edge-label"], list(boxes.values()))
    return figure


def _edges(ax, graph, boxes, pos, taken_edges, font) -> None:
    """An arrow from the bottom of each step's box to the top of the next one's (a curve when it goes up or
    sideways); outcomes other than plain completion labelled halfway."""
    for u, v, data in graph.edges(data=True):
        on_path = taken_edges is None or (u, v) in taken_edges
        down = pos[v][1] < pos[u][1]
        style = {"arrowstyle": "-|>", "color": "black" if taken_edges is not None and on_path else "0.6",
                 "linewidth": 2.0 if taken_edges is not None and on_path else 1.0, "shrinkA": 2, "shrinkB": 2,
                 "mutation_scale": 14, "connectionstyle": "arc3,rad=0" if down else "arc3,rad=-0.35"}
        if down:
            ax.annotate("", xy=(0.5, 1.0), xycoords=boxes[v], xytext=(0.5, 0.0), textcoords=boxes[u],
                        arrowprops=style, zorder=2 if on_path else 1)
        else:
            ax.annotate("", xy=(1.0, 0.5), xycoords=boxes[v], xytext=(1.0, 0.5), textcoords=boxes[u],
                        arrowprops=style, zorder=2 if on_path else 1)
        if data["outcomes"] != ("done",):
            (x0, y0), (x1, y1) = pos[u], pos[v]
            at = (x0 + (x1 - x0) * 0.5, y0 + (y1 - y0) * 0.5) if down else (max(x0, x1) + 0.6, (y0 + y1) / 2)
            ax.text(*at, " / ".join(data["outcomes"]), ha="center", va="center", fontsize=font * 0.95,
                    color="0.15" if on_path else "0.45", gid="edge-label", zorder=4,
                    bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.9})


def _separate_edge_labels(figure, labels, boxes) -> None:
    """Move an edge label that would cover a box or another label up or down, a little at a time, until it
    is clear: labels of edges leaving neighbouring steps otherwise sit on each other."""
    renderer = FigureCanvasAgg(figure).get_renderer()  # text sizes need a renderer; the SVG uses the same metrics
    with warnings.catch_warnings():  # a glyph the font lacks (🛰 in a name) is drawn as a box, as when saved
        warnings.filterwarnings("ignore", message="Glyph .* missing from", category=UserWarning)
        _place_labels(figure, labels, boxes, renderer)


def _place_labels(figure, labels, boxes, renderer) -> None:
    placed = [b.get_window_extent(renderer) for b in boxes]
    for label in labels:
        x, y = label.get_position()
        step = label.get_fontsize() * 1.3 / 72 * figure.dpi
        to_data = label.axes.transData
        for attempt in range(40):
            shift = (attempt + 1) // 2 * (1 if attempt % 2 else -1) * step  # 0, +1, -1, +2, -2 … lines
            px, py = to_data.transform((x, y))
            label.set_position(to_data.inverted().transform((px, py + shift)))
            extent = label.get_window_extent(renderer).padded(step * 0.3)  # browsers' fonts differ a little
            if not any(extent.overlaps(other) for other in placed):
                break
        placed.append(label.get_window_extent(renderer))
