"""'move': a contingent moves by air (sorties queue for loading slots and shared aircraft), road or sea.

Deployment arrivals add to the force in the host state, withdrawal departures subtract. Every
departure and arrival event carries its carrier (``carrier``: air, road or sea) and the
personnel aboard (``load``); a sortie's events also its number and the leg's count of sorties.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from simulator.engine.kinds.base import StepKind, Trace

if TYPE_CHECKING:
    from simulator.engine.core import Engine
    from simulator.files.validation import Checker
    from simulator.model.scenario import Scenario
    from simulator.model.treaty import Step


class Move(StepKind):
    """One contingent's leg (the scenario's ``contingents.<member>.moves.<step>``) from start to last arrival."""

    name = "move"
    outcomes = ("done",)
    per_contingent = True
    record_events = ("first_departure", "first_arrival")
    event_fields = ("personnel", "sortie", "sorties", "load", "carrier")

    def check_scenario(self, step: Step, scenario: Scenario, check: Checker) -> None:
        """Every contingent has a way to make this move."""
        for name, contingent in scenario.contingents.items():
            if step.id not in contingent.moves:
                check.error(("contingents", name, "moves"), f"no way to make move {step.id!r}",
                            f"add moves: {{{step.id}: {{mode: air, ...}}}}")

    def waiting_for(self, engine: Engine, step: Step, member: str | None, trace: Trace) -> str:
        """Its sorties or convoy, with how many landed so far."""
        landed = sum(1 for e in trace.events if e.event in ("arrival", "first_arrival"))
        return f"waits for its sorties or convoy ({landed} landed so far){trace.done()}"

    def process(self, engine: Engine, step: Step, member: str | None) -> Iterator:
        """Hand over (when the leg says so), then move by road, sea or air; 'done' when all arrived."""
        env = engine.env
        contingent = engine.scenario.contingents[member]
        leg = contingent.moves[step.id]
        outbound = step.phase == "withdrawal"
        stream = engine.stream(step, member)
        if leg.handover_h.median() > 0:
            yield env.timeout(stream.draw(leg.handover_h))
            engine.log(step, "handover", "hands its sites over to the host's forces", member)
        personnel = contingent.personnel.modelled
        if leg.mode in ("road", "sea"):
            by_road = leg.mode == "road"
            record = yield from engine.wait(None, None, engine.pin(step.id, member, "first_departure"))
            engine.log(step, "first_departure", "convoy sets off by road" if by_road else "ships sail", member,
                       personnel=-personnel if outbound else None, record=record, load=personnel, carrier=leg.mode)
            arrival_pin = engine.pin(step.id, member, "first_arrival")
            record = yield from engine.wait(leg.road_h if by_road else leg.sea_h, stream, arrival_pin)
            engine.log(step, "first_arrival", f"{'convoy' if by_road else 'ships'} arrive: {personnel} personnel", member,
                       personnel=None if outbound else personnel, record=record, load=personnel, carrier=leg.mode)
            engine.log(step, "end", f"{personnel} personnel moved", member, outcome="arrived")
            return "done"
        yield from _airlift(engine, step, member, leg, personnel, outbound, stream)
        engine.log(step, "end", f"last sortie lands: {personnel} personnel moved", member, outcome="arrived")
        return "done"


def _airlift(engine: Engine, step: Step, member: str, leg, personnel: int, outbound: bool, stream) -> Iterator:
    env = engine.env
    pool = engine.scenario.air[step.id]
    sorties = leg.sorties or max(1, math.ceil(personnel / pool.personnel_per_sortie))
    manifest = _manifest(personnel, sorties)
    aircraft = engine.aircraft(step.id)
    slots = engine.resource(leg.slots)
    emit = engine.emitter(step, member)

    # In replay, hold the first sortie so that it departs or lands at the recorded time.
    departure_pin = engine.pin(step.id, member, "first_departure")
    arrival_pin = engine.pin(step.id, member, "first_arrival")
    if departure_pin or arrival_pin:
        lead = leg.loading_h.median() + (leg.flight_h.median() if arrival_pin else 0.0)
        yield from engine.wait(None, None, departure_pin or arrival_pin, lead=lead)

    landed = env.event()
    # Only the first departure and the first landing can be the record's pinned event.
    first_departure = departure_pin and departure_pin[1]
    first_arrival = arrival_pin and arrival_pin[1]
    # One sampler a distribution: the draws of stream.draw, one call fewer each (a sortie draws three times).
    loading_h, flight_h, turnaround_h = (stream.sampler(d) for d in (leg.loading_h, leg.flight_h, pool.turnaround_h))
    timeout, closures = env.timeout, engine.closures
    departed = arrived = 0

    def turnaround(plane):
        yield timeout(turnaround_h())
        aircraft.release(plane)

    def sortie(number: int, load: int, departs: str, lands: str):
        nonlocal departed, arrived
        slot = slots.request()
        yield slot
        plane = aircraft.request()
        yield plane
        yield timeout(loading_h())
        slots.release(slot)
        departed += 1
        emit("first_departure" if departed == 1 else "departure", departs, "", -load if outbound else None, None,
             first_departure if departed == 1 else None, None, number, sorties, load, "air")
        yield timeout(flight_h())
        if closures:
            yield from engine.landing_clear(step.id)
        arrived += 1
        emit("first_arrival" if arrived == 1 else "arrival", lands, "", None if outbound else load, None,
             first_arrival if arrived == 1 else None, None, number, sorties, load, "air")
        env.process(turnaround(plane))
        if arrived == sorties:
            landed.succeed()

    for number, load, departs, lands in manifest:
        env.process(sortie(number, load, departs, lands))
    yield landed


@lru_cache(maxsize=256)
def _manifest(personnel: int, sorties: int) -> tuple[tuple[int, int, str, str], ...]:
    """(number, personnel aboard, departure text, landing text) of each sortie of a leg.

    The same for every replication of a case, so made once: a leg's texts cost 3% of a replication otherwise (callgrind).
    """
    loads = [personnel // sorties + (1 if i < personnel % sorties else 0) for i in range(sorties)]
    return tuple((number, load, f"sortie {number}/{sorties} departs with {load} personnel",
                  f"sortie {number}/{sorties} lands with {load} personnel")
                 for number, load in enumerate(loads, start=1))
