"""Decision points of a lesson: where the class takes a role and decides, and what each answer changes.

Three kinds, each changing a copy of the scenario (the record stays the yardstick):
``council`` (a member's answer in a deciding body: bodies.<body>.answers), ``parliament`` (whether
a parliament's first session reaches quorum: its attendance and the record's session dates) and
``choice`` (the option of a 'choose' step: choices.<step>).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from simulator.base.distributions import Duration
from simulator.base.errors import UserError
from simulator.checks.scenario import check_scenario
from simulator.checks.treaty import load_sources, load_treaty
from simulator.files.yamlio import LoadedYaml
from simulator.model.scenario import ParliamentStage, Scenario


@dataclass
class DecisionPoint:
    """One decision the class takes: who they are, what they are asked, and the answers they may give."""

    id: str
    kind: str  # council | parliament | choice
    step: str
    role: str
    question: str
    options: dict[str, str]
    history: str
    member: str = ""
    body: str = ""
    intro: str = ""
    unavailable: dict[str, str] = field(default_factory=dict)  # answer -> why the scenario cannot run it
    assume: object = None  # a lesson's Assumptions: data the what-ifs need that the scenario lacks

    def describe(self, answer: str) -> str:
        """The answer in words, e.g. 'Armenia objects in the Collective Security Council'."""
        return f"{self.id}: {answer} ({self.options.get(answer) or self.unavailable.get(answer, '')})"

    def apply(self, scenario: Scenario, answer: str) -> Scenario:
        """A copy of ``scenario`` in which the class's ``answer`` is taken."""
        if self.assume is not None and answer != self.history:
            scenario = scenario.model_copy(update={
                "durations": dict(scenario.durations, **self.assume.durations),
                "bodies": dict(scenario.bodies, **self.assume.bodies),
                "horizon_days": max(scenario.horizon_days, self.assume.horizon_days or 0),
            })
        if self.kind == "council":
            behaviour = scenario.bodies[self.body]
            answers = dict(behaviour.answers, **{self.member: answer})
            bodies = dict(scenario.bodies, **{self.body: behaviour.model_copy(update={"answers": answers})})
            return scenario.model_copy(update={"bodies": bodies})
        if self.kind == "choice":
            return scenario.model_copy(update={"choices": dict(scenario.choices, **{self.step: answer})})
        return _parliament(scenario, self, answer)


def _stage(scenario: Scenario, member: str) -> tuple[int, ParliamentStage]:
    stages = scenario.contingents[member].approval
    return next((i, s) for i, s in enumerate(stages) if isinstance(s, ParliamentStage))


def _first_session(scenario: Scenario, step: str, member: str):
    return next((e for e in scenario.record if e.step == step and e.member == member
                 and e.event == "session" and e.attempt == 1), None)


def _parliament(scenario: Scenario, point: DecisionPoint, answer: str) -> Scenario:
    """Attendance and the record's session dates as the class decided.

    The record's later entries for this approval (second session, decree) are dropped from the
    copy so that the model, not the historical dates, times what follows; milestones are still
    compared with the original record.
    """
    if answer == point.history:
        return scenario
    index, stage = _stage(scenario, point.member)
    needed = stage.needed()
    first = _first_session(scenario, point.step, point.member)
    record = [e for e in scenario.record if not (e.step == point.step and e.member == point.member)]
    if answer == "boycott":
        update = {"attendance": Duration("fixed", (0.0,)), "attendance_by_session": []}
    else:
        registered = needed if answer == "quorum" else needed - 1
        rest = list(stage.attendance_by_session[1:])
        update = {"attendance_by_session": [Duration("fixed", (min(1.0, registered / stage.seats),))] + rest}
        if first is not None:
            outcome = "approved" if answer == "quorum" else "no_quorum"
            record.insert(scenario.record.index(first), first.model_copy(update={"outcome": outcome, "registered": registered}))
    contingent = scenario.contingents[point.member]
    approval = list(contingent.approval)
    approval[index] = stage.model_copy(update=update)
    contingents = dict(scenario.contingents, **{point.member: contingent.model_copy(update={"approval": approval})})
    return scenario.model_copy(update={"contingents": contingents, "record": record})


def runnable(scenario: Scenario) -> str:
    """'' when the scenario has everything its runs need, else the first thing missing."""
    treaty = load_treaty(scenario.treaty)
    try:
        check_scenario(scenario, treaty, load_sources(scenario.treaty), LoadedYaml({}, {}, "what-if"))
    except UserError as exc:
        problem = exc.problems[0]
        return f"{problem.message} ({problem.path})" if problem.path else problem.message
    return ""


def finish(point: DecisionPoint, scenario: Scenario) -> DecisionPoint:
    """Move the answers whose what-if the scenario cannot run to ``unavailable``, saying why."""
    for answer in list(point.options):
        why = runnable(point.apply(scenario, answer)) if answer != point.history else ""
        if why:
            point.unavailable[answer] = f"the scenario cannot run it: {why}"
            del point.options[answer]
    return point


def council_point(scenario, treaty, history, body_id: str, member: str | None = None, point_id: str | None = None):
    """The class speaks for one member in a deciding body (default member: the chair's state)."""
    body = treaty.body(body_id)
    step = next(s for s in treaty.procedure.steps if s.kind == "decide" and s.actor == body_id
                and any(e.step == s.id for e in history.events))
    chair = treaty.chair_on(scenario.local_date)  # None where the treaty has no rotating chair (NATO, the EU)
    members = [m.name for m in treaty.active_members(scenario.local_date)]
    member = member or (chair if chair not in (None, scenario.request.by)
                        else next(m for m in members if m != scenario.request.by))
    chairs = f"; {member} chairs it this year" if member == chair else ""
    blocks = {"blocks": "blocks, like an objection", "allowed": "does not block"}
    options = {
        "consent": f"{member} consents (consent binds no member to send forces)",
        "object": f"{member} objects: one objection blocks consensus",
        "abstain": f"{member} abstains (under the {body.name}'s rule an abstention "
                   f"{blocks.get(body.abstention, body.abstention)})",
    }
    request = scenario.request
    question = (f"{request.by} asks for help under {request.article or 'no article'}. The {body.name} decides "
                f"by consensus ({step.label}). What does {member} answer?")
    history_answer = scenario.bodies[body_id].answers.get(member, "consent")
    point = DecisionPoint(point_id or body_id, "council", step.id, f"{member} in the {body.name}{chairs}", question,
                          options, history_answer, member=member, body=body_id)
    return point


def parliament_point(scenario, treaty, history, member: str | None = None, point_id: str | None = None):
    """The class are the deputies of a contributing state's parliament at its first session."""
    approve = next(s for s in treaty.procedure.steps if s.kind == "approve")
    with_parliament = [m for m, c in scenario.contingents.items() if any(isinstance(s, ParliamentStage) for s in c.approval)]
    if member is None:
        recorded = [m for m in with_parliament if _first_session(scenario, approve.id, m) is not None]
        member = (recorded or with_parliament)[0]
    _, stage = _stage(scenario, member)
    needed, seats = stage.needed(), stage.seats
    first = _first_session(scenario, approve.id, member)
    if first is not None:
        history_answer = "quorum" if first.outcome == "approved" else "no_quorum"
    else:
        session = next((e for e in history.events if e.step == approve.id and e.member == member and e.event == "session"), None)
        history_answer = "quorum" if session is not None and session.outcome == "approved" else "no_quorum"
    personnel = scenario.contingents[member].personnel.modelled
    options = {
        "quorum": f"enough deputies register at the first session ({needed} of {seats}) and it approves",
        "no_quorum": f"fewer than {needed} of {seats} register: the first session fails; later sessions as modelled",
        "boycott": f"the deputies stay away from every session: {member}'s contingent stays home",
    }
    question = (f"The {stage.name} must approve sending {member}'s contingent of {personnel:,} abroad; "
                f"a quorum is {needed} of {seats} deputies. Do you come to the first session?")
    point = DecisionPoint(point_id or "parliament", "parliament", approve.id, f"the deputies of the {stage.name} ({member})",
                          question, options, history_answer, member=member)
    return point


def choice_point(scenario, treaty, history, step_id: str, point_id: str | None = None):
    """The class takes the place of the actor of a 'choose' step (e.g. the Secretary General's assessment)."""
    step = treaty.step(step_id)
    body = treaty.body(step.actor)
    actor = body.name if body is not None else step.actor
    value = scenario.choices.get(step_id, step.default)
    if not isinstance(value, str):
        end = next((e for e in history.events if e.step == step_id and e.event == "end"), None)
        value = end.outcome if end is not None else next(iter(step.options))
    question = f"{step.label}: the {actor} {step.action}. Which do you choose?"
    point = DecisionPoint(point_id or step_id, "choice", step_id, f"the {actor}", question, dict(step.options),
                          value)
    return point


def derive_points(scenario: Scenario, history) -> list[DecisionPoint]:
    """Decision points for a scenario without a lesson file, in the order the history reaches them.

    The first council decision, the first parliament with a session in the record (or any), and
    the first 'choose' step that the unchanged run reaches.
    """
    treaty = load_treaty(scenario.treaty)
    steps = {s.id: s for s in treaty.procedure.steps}
    started: dict[str, float] = {}
    for event in history.events:
        started.setdefault(event.step, event.hours)
    found: list[tuple[float, DecisionPoint]] = []
    kinds = set()
    for step_id, hours in started.items():
        step = steps.get(step_id)
        if step is None or step.kind in kinds:
            continue
        if step.kind == "decide" and step.actor in scenario.bodies:
            found.append((hours, council_point(scenario, treaty, history, step.actor)))
        elif step.kind == "choose":
            found.append((hours, choice_point(scenario, treaty, history, step_id)))
        elif step.kind == "approve" and any(isinstance(s, ParliamentStage) for c in scenario.contingents.values()
                                            for s in c.approval):
            point = parliament_point(scenario, treaty, history)
            session = next((e.hours for e in history.events if e.step == step_id and e.member == point.member
                            and e.event == "session"), hours)
            found.append((session, point))
        else:
            continue
        kinds.add(step.kind)
    points = [finish(point, scenario) for _, point in sorted(found, key=lambda pair: pair[0])]
    # A choice whose other options the case cannot run is offered only when there is nothing else to decide.
    varied = [p for p in points if p.kind != "choice" or len(p.options) > 1]
    return varied or points
