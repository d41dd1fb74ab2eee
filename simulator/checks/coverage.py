"""Coverage of a treaty: which kinds of request can lead to which responses, from the treaty data.

Rows are the kinds of request (formal under each article and wording, informal contact, appeal
to one member, joint, none), columns the responses the record knows anywhere. A cell is
reachable (with an example path through the network), not allowed (the treaty data's
``coverage.not_allowed``, with its sources) or unknown (``coverage.unknown``, or no route and no
rule). Uses only the public functions of checks.reachability and network.graph.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from simulator.checks.reachability import outcomes_of
from simulator.engine.kinds.request import REQUEST_OUTCOMES
from simulator.model.treaty import RESPONSES, Treaty
from simulator.network.graph import build_network, successors

COLUMN_TITLES = {
    "no_action": "no action", "statement": "statement", "consultations": "consultations", "mission": "mission",
    "aid": "material aid", "measures": "measures", "forces": "assistance with forces", "declined": "declined",
    "other_forum": "moved to another forum",
}
# The response an outcome class is (a step's `responses:` adds what classes do not say).
CLASS_RESPONSE = {
    "no_request": "no_action", "no_action": "no_action", "consultations_only": "consultations",
    "mission_only": "mission", "aid": "aid", "measures": "measures", "deployed": "forces", "declined": "declined",
}
NO_ROUTE = "no route in the treaty data: neither its texts nor any recorded case shows one"
assert set(COLUMN_TITLES) == set(RESPONSES) and set(REQUEST_OUTCOMES) >= {"none", "bilateral", "informal"}


@dataclass(frozen=True)
class Row:
    """One kind of request and the outcomes its request step can end with."""

    kind: str  # formal | informal | bilateral | joint | none
    title: str
    outcomes: tuple[str, ...]
    article: str | None = None


@dataclass(frozen=True)
class Cell:
    """reachable (``path``: step (outcome) → …), not_allowed (``sources``, ``why``) or unknown (``why``)."""

    status: str
    path: str = ""
    why: str = ""
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class CoverageTable:
    treaty: str
    name: str
    rows: list[Row]
    cells: dict[tuple[str, str], Cell]  # (row title, response) -> cell
    conflicts: list[str]  # cells the data declares not allowed that a route reaches

    def counts(self) -> dict[str, int]:
        """How many cells are reachable, not allowed and unknown."""
        found = {"reachable": 0, "not_allowed": 0, "unknown": 0}
        for cell in self.cells.values():
            found[cell.status] += 1
        return found


def request_rows(treaty: Treaty) -> list[Row]:
    """The table's rows, in the order of the treaty's articles, then the other kinds of request."""
    scope = treaty.scope is not None and treaty.scope.between_members == "no_collective_action"
    between = ("between_members",) if scope else ()  # any request in a conflict between members
    rows, joint = [], []
    for article in treaty.articles:
        if article.route is None:
            continue
        for wording in article.wordings:
            limited = wording.covers != "any" or wording.territory == "own"
            outcomes = (article.route,) + ("out_of_scope",) * limited + between
            since = f", from {wording.since}" if wording.since else ""
            rows.append(Row("formal", f"formal: {article.id} ({wording.version} wording{since})", outcomes, article.id))
            joint += [o for o in outcomes if o not in joint]
    rows.append(Row("informal", "informal contact", ("informal",) + between))
    rows.append(Row("bilateral", "appeal to one member", ("bilateral",) + between))
    rows.append(Row("joint", "joint request (several members)", tuple(joint)))
    rows.append(Row("none", "no request", ("none",) + between))
    return rows


def _responses(treaty: Treaty, step, outcome: str) -> set[str]:
    found = {step.responses[outcome]} if outcome in step.responses else set()
    if step.phase == "deployment":  # forces reaching the host state establish `deployed` (analysis.outcome)
        found.add("forces")
    if outcome in step.establishes:
        found.add(CLASS_RESPONSE[step.establishes[outcome]])
    return found


def _walk(treaty: Treaty, graph, row: Row) -> dict[str, str]:
    """response -> the shortest example path that gives it, for one row.

    A path that ends without any outcome class established is "no action" (analysis.outcome: the
    organisation was seized but took no collective action).
    """
    start = treaty.step(treaty.procedure.start)
    found: dict[str, str] = {}
    todo = deque(((start, outcome), (f"{start.id} ({outcome})",), False) for outcome in row.outcomes)
    seen = {(start.id, o) for o in row.outcomes}
    while todo:
        (step, outcome), path, marked = todo.popleft()
        responses = _responses(treaty, step, outcome)
        for response in responses:
            found.setdefault(response, " → ".join(path))
        marked = marked or bool(responses)
        following = successors(graph, step.id, outcome)
        if not following and not marked:
            found.setdefault("no_action", " → ".join(path))
        for nxt in following:
            for next_outcome in outcomes_of(treaty, nxt):
                if (nxt.id, next_outcome) not in seen:
                    seen.add((nxt.id, next_outcome))
                    todo.append(((nxt, next_outcome), path + (f"{nxt.id} ({next_outcome})",), marked))
    return found


def _declared(cells, row: Row, response: str):
    return next((c for c in cells if response in c.responses
                 and (row.kind in c.requests or (row.article is not None and row.article in c.requests))), None)


def coverage(treaty: Treaty) -> CoverageTable:
    """The coverage table of ``treaty``."""
    graph = build_network(treaty)
    rows, cells, conflicts = request_rows(treaty), {}, []
    for row in rows:
        reached = _walk(treaty, graph, row)
        for response in RESPONSES:
            banned = _declared(treaty.coverage.not_allowed, row, response)
            if response in reached:
                cells[row.title, response] = Cell("reachable", path=reached[response])
                if banned is not None:
                    conflicts.append(f"{row.title} / {COLUMN_TITLES[response]}: declared not allowed "
                                     f"({', '.join(banned.source)}) but reachable: {reached[response]}")
            elif banned is not None:
                cells[row.title, response] = Cell("not_allowed", why=banned.why, sources=tuple(banned.source))
            else:
                open_ = _declared(treaty.coverage.unknown, row, response)
                why, sources = (open_.why, tuple(open_.source)) if open_ is not None else (NO_ROUTE, ())
                cells[row.title, response] = Cell("unknown", why=why, sources=sources)
    return CoverageTable(treaty.treaty, treaty.name, rows, cells, conflicts)


MARKS = {"reachable": "✓", "not_allowed": "✗", "unknown": "?"}


def coverage_markdown(table: CoverageTable) -> str:
    """The table as Markdown: a grid of marks, then every cell's path, sources or reason."""
    counts = table.counts()
    lines = [
        f"# Coverage: {table.name}",
        "",
        f"Generated from `simulator/treaties/{table.treaty}.yaml` by `treaty-sim check {table.treaty} --coverage`;"
        " do not edit by hand (a test keeps this page equal to the command's output).",
        "",
        f"Cells: {counts['reachable']} reachable (✓), {counts['not_allowed']} not allowed (✗), "
        f"{counts['unknown']} unknown (?).",
        "",
        "| request | " + " | ".join(COLUMN_TITLES[r] for r in RESPONSES) + " |",
        "|---|" + "---|" * len(RESPONSES),
    ]
    for row in table.rows:
        marks = [MARKS[table.cells[row.title, r].status] for r in RESPONSES]
        lines.append(f"| {row.title} | " + " | ".join(marks) + " |")
    for row in table.rows:
        lines += ["", f"## {row.title}", "", f"The request step ends with: {', '.join(row.outcomes)}.", ""]
        for response in RESPONSES:
            cell = table.cells[row.title, response]
            cited = f" [{', '.join(cell.sources)}]" if cell.sources else ""
            detail = cell.path if cell.status == "reachable" else cell.why + cited
            lines.append(f"- {MARKS[cell.status]} {COLUMN_TITLES[response]}: {detail}")
    if table.conflicts:
        lines += ["", "## Conflicts", ""] + [f"- {c}" for c in table.conflicts]
    return "\n".join(lines) + "\n"
