"""The class's path as a what-if, and the debrief: their path against the record, and what changed the outcome."""

from __future__ import annotations

from dataclasses import dataclass, field

from simulator.analysis.milestones import milestones
from simulator.model.scenario import Scenario
from simulator.run import run

SAME_H = 0.01  # milestones closer than this (hours) count as unchanged


def play(scenario: Scenario, points, answers: dict[str, str], mode: str = "replay", seed: int | None = None,
         injects=None):
    """Run ``scenario`` with the class's ``answers`` taken (and the instructor's injects).

    Milestones are measured against the original record, not the what-if's copy of it.
    """
    changed = scenario
    for point in points:
        if point.id in answers:
            changed = point.apply(changed, answers[point.id])
    result = run(changed, mode=mode, seed=seed, injects=injects)
    result.milestones = milestones(scenario, result.events)
    return result


def moved_milestones(history, path) -> list[tuple]:
    """(history's milestone, the path's) for every milestone whose time differs between them."""
    moved = []
    for before, after in zip(history.milestones, path.milestones, strict=True):
        if (before.simulated_h is None) != (after.simulated_h is None) or (
                before.simulated_h is not None and abs(before.simulated_h - after.simulated_h) > SAME_H):
            moved.append((before, after))
    return moved


@dataclass
class Debrief:
    """The class's decisions against the record's, and which of them changed the outcome."""

    history: object
    path: object
    decisions: list[tuple] = field(default_factory=list)  # (point, history's answer, the class's answer)
    changed_outcome: list[str] = field(default_factory=list)
    moved: list[tuple] = field(default_factory=list)

    def verdict(self) -> str:
        history, path = self.history, self.path
        if path.outcome != history.outcome:
            cause = ("The decision that changed the outcome: " + "; ".join(self.changed_outcome)) if self.changed_outcome \
                else "No single decision did it: the combination of your decisions changed the outcome"
            return f"The outcome changed: {path.outcome} instead of {history.outcome}. {cause}."
        if self.moved:
            return (f"The outcome class stayed {path.outcome}: no decision changed it. "
                    f"Your decisions moved {len(self.moved)} of {len(path.milestones)} milestones.")
        return f"Your class followed the record's path: the same outcome ({path.outcome}) and the same milestones."


def debrief(scenario: Scenario, points, answers: dict[str, str], mode: str = "replay", seed: int | None = None,
            injects=None, history=None, path=None) -> Debrief:
    """Compare the class's path with the unchanged run; try each changed decision alone to find the cause."""
    history = history or run(scenario, mode=mode, seed=seed)
    path = path or play(scenario, points, answers, mode, seed, injects)
    report = Debrief(history, path, moved=moved_milestones(history, path))
    for point in points:
        if point.id not in answers:
            continue
        answer = answers[point.id]
        report.decisions.append((point, point.history, answer))
        if answer == point.history:
            continue
        alone = play(scenario, points, {point.id: answer}, mode, seed)
        if alone.outcome != history.outcome:
            report.changed_outcome.append(
                f"{point.id} — {point.role}: {answer} instead of {point.history} (alone it gives {alone.outcome})")
    if injects is not None:
        alone = play(scenario, points, {}, mode, seed, injects)
        if alone.outcome != history.outcome:
            report.changed_outcome.append(f"the instructor's injects (alone they give {alone.outcome})")
    return report
