"""'approve': national approval of a contingent: government decision, decree, or a parliament vote with quorum."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from simulator.engine.kinds.base import StepKind, Trace
from simulator.model.scenario import ParliamentStage

if TYPE_CHECKING:
    from simulator.engine.core import Engine
    from simulator.model.treaty import Step, Treaty

SESSION_OUTCOMES = ("no_quorum", "approved", "rejected")  # what a parliament session can end with


class Approve(StepKind):
    """Each contingent's approval stages in order (the scenario's ``approval``); 'approved' or 'refused'."""

    name = "approve"
    outcomes = ("approved", "refused")
    per_contingent = True
    record_events = ("session", "decision", "vote", "decree")
    event_fields = ("attempt",)  # a parliament session's number

    def record_outcomes(self, step: Step, treaty: Treaty, event: str | None) -> tuple[str, ...]:
        """A session's outcome, or the approval's."""
        return SESSION_OUTCOMES if event == "session" else self.outcomes_of(step, treaty)

    def waiting_for(self, engine: Engine, step: Step, member: str | None, trace: Trace) -> str:
        """The contingent's approval, with its last stage done."""
        return f"waits for the contingent's approval{trace.done()}"

    def who_waits(self, engine: Engine, step: Step, member: str | None) -> str:
        """The member state and the approval stage it is in."""
        return f"{engine.actor(step, member)[0]}, {_approval_stage(engine, member, engine.state.events)}"

    def process(self, engine: Engine, step: Step, member: str | None) -> Iterator:
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


def _parliament(engine: Engine, step: Step, member: str, stage: ParliamentStage, stream) -> Iterator:
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


def _approval_stage(engine: Engine, member: str, events) -> str:
    """The approval stage a contingent is in: the first one its events do not show as done."""
    done = [e for e in events if e.member == member and e.event in ("decision", "decree", "session")]
    for stage in engine.scenario.contingents[member].approval:
        if isinstance(stage, ParliamentStage):
            if not any(e.event == "session" and e.outcome in ("approved", "rejected") for e in done):
                return stage.name
            continue
        event = "decree" if stage.stage == "decree" else "decision"
        if not any(e.event == event for e in done):
            return f"{stage.by} (decree)" if stage.stage == "decree" else "government"
    return "approval"
