"""Engine set-ups for an instructor's injects (see simulator.model.injects): timed processes that log
the inject, ground aircraft or close a landing site, and the scenario change of a member's objection."""

from __future__ import annotations

from collections.abc import Callable

from simulator.base.timeutil import fmt, hours_between, local
from simulator.engine.events import Event
from simulator.model.injects import AircraftGrounded, Injects, MemberObjects, deployment_move, describe
from simulator.model.scenario import Scenario

Setup = Callable[[object], None]


def prepare(scenario: Scenario, treaty, injects: Injects,
            unchanged: Callable[[], object]) -> tuple[Scenario, list[Setup], list[str]]:
    """The scenario to run, engine set-ups (timed processes) and notes on what each inject did.

    ``unchanged()`` runs the scenario without injects (a member's objection lands in the body
    that decides next in that run); it is called at most once.
    """
    setups: list[Setup] = []
    notes: list[str] = []
    baseline = None
    for index, item in enumerate(injects.items):
        at_h = hours_between(scenario.origin, item.at)
        text = f"inject: {describe(item)}"
        setups.append(_logger(at_h, text, f"instructor's inject ({injects.where(index)})"))
        when = fmt(local(item.at, scenario.timezone))
        if isinstance(item, MemberObjects):
            if baseline is None:
                baseline = unchanged()
            scenario, note = _objection(scenario, treaty, baseline, item, at_h)
            notes.append(f"{when}: {note}")
        elif isinstance(item, AircraftGrounded):
            step = item.step or deployment_move(scenario, treaty)
            setups.append(_grounding(step, at_h, item.aircraft, item.hours))
            notes.append(f"{when}: {describe(item)}; the next {item.aircraft} aircraft of {step!r} "
                         "to come free stay on the ground")
        else:
            step = item.step or deployment_move(scenario, treaty)
            setups.append(_closure(step, at_h, item.hours))
            notes.append(f"{when}: {describe(item)}; sorties of {step!r} hold until it is retaken")
    return scenario, setups, notes


def _objection(scenario: Scenario, treaty, baseline, item: MemberObjects, at_h: float) -> tuple[Scenario, str]:
    """Set the member's answer to 'object' in the body that decides after ``at_h`` in the unchanged run."""
    decides = {s.id: s.actor for s in treaty.procedure.steps if s.kind == "decide"}
    ends = [e for e in baseline.events if e.step in decides and e.event == "end"
            and (item.body is None or decides[e.step] == item.body)]
    later = next((e for e in ends if e.hours >= at_h), None)
    if later is None:
        where = f"the {treaty.body(item.body).name}" if item.body else "any council"
        done = f" (it decided at {ends[-1].when(scenario.origin)})" if ends else ""
        return scenario, f"{item.member}'s objection has no effect: no decision of {where} follows it{done}"
    body_id = decides[later.step]
    behaviour = scenario.bodies[body_id]
    answers = dict(behaviour.answers, **{item.member: "object"})
    bodies = dict(scenario.bodies, **{body_id: behaviour.model_copy(update={"answers": answers})})
    name = treaty.body(body_id).name
    return scenario.model_copy(update={"bodies": bodies}), f"{item.member} objects in the {name} ({later.step})"


def _logger(at_h: float, text: str, basis: str) -> Setup:
    def setup(engine) -> None:
        def log():
            yield engine.env.timeout(at_h)
            events = engine.state.events
            events.append(Event(engine.replication, len(events), engine.env.now, "Instructor", engine.scenario.timezone,
                                "inject", "inject", text, basis=basis))

        engine.env.process(log())

    return setup


def _grounding(step: str, at_h: float, count: int, hours: float | None) -> Setup:
    def setup(engine) -> None:
        engine.jump_queue(step)

        def ground():
            yield engine.env.timeout(at_h)
            pool = engine.aircraft(step)
            held = [pool.request(priority=-1) for _ in range(count)]  # ahead of every waiting sortie
            if hours is None:
                return
            yield engine.env.timeout(hours)
            for request in held:
                if request.triggered:
                    pool.release(request)
                else:
                    request.cancel()

        engine.env.process(ground())

    return setup


def _closure(step: str, at_h: float, hours: float) -> Setup:
    def setup(engine) -> None:
        engine.closures.setdefault(step, []).append((at_h, at_h + hours))
        engine.closures[step].sort()

    return setup
