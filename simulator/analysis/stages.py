"""The stages every activation shares, across treaties: request, first collective decision, first forces.

Aligning runs on the request makes cases of different treaties comparable (e.g. how fast the
North Atlantic Council acted on an Art. 4 request against the CSTO on Kazakhstan's appeal).
"""

from __future__ import annotations

from dataclasses import dataclass

NOT_A_REQUEST = ("none", "bilateral")


@dataclass(frozen=True)
class KeyStages:
    """Hours after the origin of the request, the first adopted decision and the first forces."""

    scenario: str
    treaty: str
    title: str
    basis: str
    outcome: str
    recorded: str
    request_h: float | None
    decision_h: float | None
    forces_h: float | None

    def after_request(self, hours: float | None) -> float | None:
        """Days from the request to ``hours`` (None when either is missing)."""
        if hours is None or self.request_h is None:
            return None
        return (hours - self.request_h) / 24

    def row(self) -> dict:
        def days(hours):
            value = self.after_request(hours)
            return "" if value is None else f"{value:.2f}"

        return {
            "scenario": self.scenario, "treaty": self.treaty, "basis": self.basis, "outcome": self.outcome,
            "recorded": self.recorded, "request_to_decision_days": days(self.decision_h),
            "request_to_forces_days": days(self.forces_h),
        }


def key_stages(result) -> KeyStages:
    """The request, the first adopted decision and the first forces of one run."""
    steps = {s.id: s for s in result.treaty.procedure.steps}
    request_h = decision_h = forces_h = None
    asked = result.scenario.request.to == "organisation"
    for event in result.events:
        step = steps.get(event.step)
        if step is None:  # not a procedure step (an instructor's inject)
            continue
        if request_h is None and asked and step.kind == "request" and event.event == "end" \
                and event.outcome not in NOT_A_REQUEST:
            request_h = event.hours
        if decision_h is None and step.kind == "decide" and event.event == "end" and event.outcome == "adopted":
            decision_h = event.hours
        arrived = event.personnel is not None and event.personnel > 0
        if forces_h is None and step.phase == "deployment" and (arrived or (step.kind == "act" and event.event == "end")):
            forces_h = event.hours
    scenario = result.scenario
    return KeyStages(
        scenario=scenario.scenario, treaty=result.treaty.treaty, title=scenario.title, basis=scenario.request.basis(),
        outcome=result.outcome, recorded=scenario.recorded.outcome if scenario.recorded else "",
        request_h=request_h, decision_h=decision_h, forces_h=forces_h,
    )
