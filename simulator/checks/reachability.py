"""What runs of a scenario can reach in its treaty's decision network (any mode, any seed).

Each step's kind says which of its outcomes a scenario allows (StepKind.possible_outcomes);
the steps those outcomes lead to are the ones the scenario must provide for.
"""

from __future__ import annotations

from simulator.engine.kinds import kind_named
from simulator.model.treaty import Step, Treaty
from simulator.network.transitions import transition_table


def outcomes_of(treaty: Treaty, step: Step) -> tuple[str, ...]:
    """The outcomes ``step`` can end with (the keys its ``next`` and ``establishes`` may use)."""
    return kind_named(step.kind).outcomes_of(step, treaty)


def possible_outcomes(treaty: Treaty, scenario, step: Step) -> tuple[str, ...]:
    """The outcomes ``step`` can have in runs of ``scenario`` (any mode, any seed)."""
    return kind_named(step.kind).possible_outcomes(step, treaty, scenario)


def reachable_steps(treaty: Treaty, scenario) -> list[Step]:
    """Steps that runs of ``scenario`` can reach, in treaty order (the branches its request opens)."""
    table = transition_table(treaty)
    steps = {step.id: step for step in treaty.procedure.steps}
    start = treaty.procedure.start
    seen, todo = {start}, [start]
    while todo:
        step = steps[todo.pop()]
        for outcome in possible_outcomes(treaty, scenario, step):
            for nxt in table.get((step.id, outcome), ()):
                if nxt.id not in seen:
                    seen.add(nxt.id)
                    todo.append(nxt.id)
    return [step for step in treaty.procedure.steps if step.id in seen]
