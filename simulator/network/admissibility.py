"""The treaty's rules on a request: whether it reaches the organisation and which branch it opens."""

from __future__ import annotations

from simulator.model.scenario import Scenario
from simulator.model.treaty import Treaty


def admissibility(scenario: Scenario, treaty: Treaty, members: list[str]) -> tuple[str, str]:
    """(outcome, what happened in words) of the affected state's request, from the treaty's rules.

    The outcome is the invoked article's route, or: between_members (the treaty excludes collective
    action in a conflict between its members), none, bilateral, or out_of_scope (the article's
    wording in force on the case's date does not cover the crisis).
    """
    request, crisis = scenario.request, scenario.crisis
    scope = treaty.scope
    if (crisis is not None and scope is not None and scope.between_members == "no_collective_action"
            and crisis.where in members and crisis.against in members):
        asked = "makes no request" if request.to == "none" else f"appeals ({request.article or request.to})"
        return "between_members", (
            f"{asked}; the conflict is between member states {crisis.where} and {crisis.against}, "
            "so the treaty allows no collective action"
        )
    if request.to == "none":
        return "none", "makes no request to the organisation"
    if request.to == "informal":
        return "informal", "contacts the organisation informally; no formal request"
    if request.to != "organisation":
        return "bilateral", f"appeals to {request.to} bilaterally, not to the organisation"
    article = treaty.article(request.article)
    wording = article.wording_on(scenario.local_date)
    on_own_territory = crisis is None or crisis.where == request.by
    gap = wording.scope_gap(crisis.kind if crisis else None, on_own_territory) if crisis else ""
    if gap:
        return "out_of_scope", f"invokes {article.id}, but {gap}"
    jointly = f" together with {', '.join(request.joined_by)}" if request.joined_by else ""
    return article.route, f"{_verb(treaty, request)} under {article.id} ({wording.version} wording){jointly}"


def _verb(treaty: Treaty, request) -> str:
    step = treaty.step(treaty.procedure.start)
    return step.action if step is not None and step.kind == "request" else "requests assistance"
