"""What follows each outcome of each step, read from the treaty alone.

The engine asks this table at every step and the checks walk it; build_network hangs the same
table on its graph. It needs no networkx, so `treaty-sim validate` starts without loading it.
"""

from __future__ import annotations

from simulator.model.treaty import Step, Treaty

Transitions = dict[tuple[str, str], list[Step]]


def transition_table(treaty: Treaty) -> Transitions:
    """(step id, outcome) -> the steps that follow that outcome, in treaty order (absent: none)."""
    steps = treaty.procedure.steps
    by_id = {step.id: step for step in steps}
    order = {step.id: i for i, step in enumerate(steps)}
    table: Transitions = {}
    for step in steps:
        for outcome, targets in step.next.items():
            following = sorted((by_id[t] for t in targets if t in by_id), key=lambda s: order[s.id])
            if following:
                table[(step.id, outcome)] = following
    return table


def descendants(treaty: Treaty, step_id: str) -> set[str]:
    """Ids of the steps that can come after ``step_id`` along any ``next``, whatever the outcome
    (not ``step_id`` itself, even on a loop: as networkx's ``descendants``)."""
    following = {step.id: [t for targets in step.next.values() for t in targets] for step in treaty.procedure.steps}
    seen: set[str] = set()
    todo = [step_id]
    while todo:
        for target in following.get(todo.pop(), ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    seen.discard(step_id)
    return seen
