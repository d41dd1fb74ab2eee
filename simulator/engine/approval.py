"""National approval of a contingent: government decision, decree, or a parliament vote with quorum."""

from __future__ import annotations

from collections.abc import Iterator

from simulator.model.scenario import ParliamentStage
from simulator.model.treaty import Step


def approve(engine, step: Step, member: str) -> Iterator:
    """Run the member's approval stages in order; 'approved' or 'refused'."""
    stages = engine.scenario.contingents[member].approval
    completion = engine.pin(step.id, member)
    for index, stage in enumerate(stages):
        last = index == len(stages) - 1
        stream = engine.stream(step, member)
        if isinstance(stage, ParliamentStage):
            passed = yield from _parliament(engine, step, member, stage, stream)
            if not passed:
                engine.log(step, "end", f"{stage.name} does not approve the contingent", member, outcome="refused")
                return "refused"
            continue
        event = {"decree": "decree", "vote": "vote"}.get(stage.stage, "decision")
        pin = engine.pin(step.id, member, event) or (completion if last else None)
        record = yield from engine.wait(stage.delay_h, stream, pin)
        who = {
            "decree": f"{stage.by} signs the decree",
            "vote": f"{stage.by} votes" + (f" ({stage.result})" if getattr(stage, "result", "") else ""),
        }.get(stage.stage, f"{stage.by} decides")
        verb = "approving" if stage.decision == "approve" else "refusing"
        engine.log(step, event, f"{who}, {verb} the contingent", member, outcome=stage.decision, record=record)
        if stage.decision == "refuse":
            engine.log(step, "end", "contingent refused", member, outcome="refused")
            return "refused"
    record = yield from engine.wait(None, None, completion)
    engine.log(step, "end", step.action, member, outcome="approved", record=record)
    return "approved"


def _parliament(engine, step: Step, member: str, stage: ParliamentStage, stream) -> Iterator:
    needed = stage.needed()
    for attempt in range(1, stage.max_sessions + 1):
        delay = stage.first_session_h if attempt == 1 else stage.retry_h
        pin = engine.pin(step.id, member, "session", attempt)
        record = yield from engine.wait(delay, stream, pin)
        if pin is not None:
            entry = pin[1]
            outcome, registered = entry.outcome, entry.registered
        else:
            registered = min(
                round(stage.seats * stream.draw(stage.attendance_at(attempt)))
                for c in range(stage.chambers)
            )
            if registered < needed:
                outcome = "no_quorum"
            elif stage.decision == "refuse":
                outcome = "rejected"
            else:
                votes_for = round(registered * stream.draw(stage.support))
                outcome = "approved" if votes_for >= stage.votes_needed(registered) else "rejected"
        present = "" if registered is None else f"{registered} registered, "
        text = {
            "no_quorum": f"{stage.name}: no quorum ({present}{needed} of {stage.seats} needed)",
            "approved": f"{stage.name} approves the contingent ({present}{needed} of {stage.seats} needed)",
            "rejected": f"{stage.name} votes against the contingent",
        }[outcome]
        engine.log(step, "session", text, member, outcome=outcome, attempt=attempt, record=record)
        if outcome == "approved":
            return True
        if outcome == "rejected":
            return False
    engine.log(step, "session", f"{stage.name}: no quorum after {stage.max_sessions} sessions; gives up",
               member, outcome="no_quorum", attempt=stage.max_sessions)
    return False
