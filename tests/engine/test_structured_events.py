"""Events are data: what exports need is a typed field of Event, filled by the step's kind; no export parses ``action``."""

from __future__ import annotations

from collections import defaultdict

import pytest
from conftest import ROOT

from simulator import run, to_ocel2
from simulator.engine.kinds import kind_named

pytestmark = pytest.mark.xdist_group("structured-events")  # the module's three runs are made once, on one worker

KZ = ROOT / "scenarios" / "kazakhstan-2022.yaml"
NATO_TURKEY = ROOT / "scenarios" / "nato-turkey-2012-patriot.yaml"  # Dutch and German moves by sea
OPTIONAL = {"personnel": None, "attempt": None, "sortie": None, "sorties": None, "load": None, "carrier": ""}


@pytest.fixture(scope="module")
def runs():
    return [run(KZ), run(KZ, mode="predictive", seed=4), run(NATO_TURKEY)]


def test_every_leg_says_what_carried_whom(runs):
    carriers = set()
    for result in runs:
        legs = defaultdict(list)
        for e in result.events:
            if e.carrier:
                legs[(e.step, e.member, e.carrier)].append(e)
        assert legs
        # every move that departs says what carried it
        assert {(step, member) for step, member, _ in legs} == \
            {(e.step, e.member) for e in result.events if e.event == "first_departure"}
        for (step, member, carrier), events in legs.items():
            carriers.add(carrier)
            personnel = result.scenario.contingents[member].personnel.modelled
            arrivals = [e for e in events if e.event in ("arrival", "first_arrival")]
            if carrier == "air":
                count = events[0].sorties
                assert sorted(e.sortie for e in arrivals) == list(range(1, count + 1)), (step, member)
                assert {e.sorties for e in events} == {count}
                assert sum(e.load for e in arrivals) == personnel
            else:
                assert [e.event for e in events] == ["first_departure", "first_arrival"]
                assert {e.load for e in events} == {personnel} and {e.sortie for e in events} == {None}
    assert carriers == {"air", "road", "sea"}


def test_each_kind_declares_the_event_fields_it_fills(runs):
    for result in runs:
        steps = {s.id: s for s in result.treaty.procedure.steps}
        for e in result.events:
            if e.step not in steps:  # an instructor's inject
                continue
            filled = {name for name, empty in OPTIONAL.items() if getattr(e, name) != empty}
            assert filled <= set(kind_named(steps[e.step].kind).event_fields), (e.step, e.event, filled)


def _without_actions(document: dict) -> dict:
    for event in document["events"]:
        event["attributes"] = [a for a in event["attributes"] if a["name"] != "action"]
    return document


def test_the_ocel_export_reads_fields_not_the_action_text(runs):
    for result in runs:
        reworded = run(result.scenario, mode=result.mode, seed=result.seed)
        reworded.events[:] = [e._replace(action="(reworded)") for e in reworded.events]
        assert _without_actions(to_ocel2(reworded)) == _without_actions(to_ocel2(result))
        sorties = [o for o in to_ocel2(reworded)["objects"] if o["type"] in ("aircraft sortie", "road convoy")]
        assert sorties
        # one object an aircraft sortie (counted by the event's sorties field) and one a road convoy
        firsts = [e for e in result.events if e.event == "first_departure" and e.carrier in ("air", "road")]
        assert len(sorties) == sum(e.sorties if e.carrier == "air" else 1 for e in firsts)


def test_the_timeline_counts_aircraft_sorties_only(runs):
    from simulator.render.exports.timeline import slug, timeline

    for result in runs:
        legs = {slug("step", e.step, e.member): e.carrier for e in result.events if e.carrier}
        spans = {entry.id: entry for entry in timeline(result)[0]}
        assert set(legs) <= set(spans)
        for leg, carrier in legs.items():
            counted = any(line.endswith((" sortie.", " sorties.")) for line in spans[leg].lines)
            assert counted == (carrier == "air"), (spans[leg].headline, carrier)
