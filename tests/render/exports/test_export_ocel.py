"""OCEL 2.0 export: every shipped case read back by pm4py, counted against the run, and mined."""

from __future__ import annotations

import json
from collections import Counter

import jsonschema
import pytest
from conftest import ROOT

from simulator import run, to_ocel2, write_export

SCENARIOS = sorted(p.stem for p in (ROOT / "scenarios").glob("*.yaml"))
NAME = {"type": "string", "minLength": 1}
TYPE_DECL = {  # objectTypes[] / eventTypes[]: a name and its attributes' declared types
    "type": "object", "required": ["name", "attributes"], "additionalProperties": False,
    "properties": {"name": NAME, "attributes": {"type": "array", "items": {
        "type": "object", "required": ["name", "type"], "additionalProperties": False,
        "properties": {"name": NAME, "type": {"enum": ["string", "time", "integer", "float", "boolean"]}}}}},
}
RELATIONSHIPS = {"type": "array", "items": {"type": "object", "required": ["objectId", "qualifier"],
                                            "additionalProperties": False,
                                            "properties": {"objectId": NAME, "qualifier": NAME}}}
TIME = {"type": "string", "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$"}
VALUE = {"type": ["string", "number", "boolean"]}
# Written from the OCEL 2.0 JSON format (ocel-standard.org): the four top-level lists and their fields.
OCEL2_SCHEMA = {
    "type": "object", "required": ["objectTypes", "eventTypes", "objects", "events"], "additionalProperties": False,
    "properties": {
        "objectTypes": {"type": "array", "items": TYPE_DECL},
        "eventTypes": {"type": "array", "items": TYPE_DECL},
        "objects": {"type": "array", "items": {
            "type": "object", "required": ["id", "type"], "additionalProperties": False,
            "properties": {"id": NAME, "type": NAME, "relationships": RELATIONSHIPS, "attributes": {
                "type": "array", "items": {"type": "object", "required": ["name", "time", "value"],
                                           "additionalProperties": False,
                                           "properties": {"name": NAME, "time": TIME, "value": VALUE}}}}}},
        "events": {"type": "array", "items": {
            "type": "object", "required": ["id", "type", "time"], "additionalProperties": False,
            "properties": {"id": NAME, "type": NAME, "time": TIME, "relationships": RELATIONSHIPS, "attributes": {
                "type": "array", "items": {"type": "object", "required": ["name", "value"], "additionalProperties": False,
                                           "properties": {"name": NAME, "value": VALUE}}}}}},
    },
}


@pytest.fixture(scope="module")
def pm4py():
    """pm4py, a test-only dependency, imported when first needed (it takes seconds and prints a banner)."""
    import pm4py

    return pm4py


@pytest.fixture(scope="module")
def exported(tmp_path_factory, pm4py):
    """scenario -> (run, JSON document as written, the file read back by pm4py)."""
    folder = tmp_path_factory.mktemp("ocel")
    found = {}
    for name in SCENARIOS:
        result = run(ROOT / "scenarios" / f"{name}.yaml")
        path = write_export(result, "ocel2-json", folder / f"{name}.json")
        found[name] = (result, json.loads(path.read_text(encoding="utf-8")), pm4py.read_ocel2_json(str(path)))
    return found


def _types(document) -> Counter:
    return Counter(o["type"] for o in document["objects"])


@pytest.mark.parametrize("name", SCENARIOS)
def test_every_case_reads_back_with_all_events_objects_and_relationships(exported, name):
    result, document, ocel = exported[name]
    jsonschema.validate(document, OCEL2_SCHEMA)
    assert len(ocel.events) == len(result.events) == len(document["events"])
    assert len(ocel.objects) == len(document["objects"])
    assert len(ocel.relations) == sum(len(e["relationships"]) for e in document["events"])
    assert len(ocel.o2o) == sum(len(o["relationships"]) for o in document["objects"])
    # Every event belongs to the run's one case; the actors are there as objects.
    assert Counter(ocel.relations["ocel:qualifier"])["case"] == len(result.events)
    counts = _types(document)
    assert counts["case"] == 1
    members = {e.actor for e in result.events if e.event == "answer"} | {result.scenario.request.by}
    members |= {e.member for e in result.events if e.step == "national_approval" or e.event == "offer"}
    assert counts["member state"] == len(members)
    per_contingent = {s.id for s in result.treaty.procedure.steps if s.per_contingent}
    assert counts["contingent"] == len({e.member for e in result.events if e.step in per_contingent})
    flights = [e for e in result.events if e.event in ("first_departure", "departure") and "sortie" in e.action]
    assert counts["aircraft sortie"] == len(flights)
    # Event types carry the procedure step's label; timestamps are the run's, in UTC.
    activities = Counter(ocel.events["ocel:activity"])
    labels = {s.id: s.label for s in result.treaty.procedure.steps}
    assert sum(n for a, n in activities.items() if a.startswith(labels["request"] + ":")) == 2
    first = ocel.events["ocel:timestamp"].min()
    assert first == result.scenario.origin


@pytest.mark.parametrize("name", SCENARIOS)
def test_process_mining_runs_on_every_case(exported, name, pm4py):
    result, document, ocel = exported[name]
    flat = pm4py.ocel_flattening(ocel, "member state")
    assert flat["case:concept:name"].nunique() == _types(document)["member state"]
    dfg, starts, ends = pm4py.discover_dfg(flat)
    assert starts  # each member's trace starts somewhere
    assert sum(starts.values()) == sum(ends.values()) == _types(document)["member state"]  # once each, and ends once
    ocdfg = pm4py.discover_ocdfg(ocel)
    assert set(ocdfg["activities"]) == {e["type"] for e in document["events"]}


def test_kazakhstan_qualifiers_tell_who_did_what(exported, pm4py):
    result, document, ocel = exported["kazakhstan-2022"]
    relations = ocel.relations
    decision = relations[relations["ocel:activity"] == "Collective Security Council decision: end"]
    assert set(zip(decision["ocel:oid"], decision["ocel:qualifier"], strict=True)) == {
        ("r0:case", "case"), ("r0:body:csc", "decides"), ("r0:member:Kazakhstan", "decided for")}
    answers = relations[relations["ocel:activity"] == "Collective Security Council decision: answer"]
    assert Counter(answers["ocel:qualifier"]) == {"case": 6, "answers": 6, "answered in": 6}
    carried = ocel.o2o[ocel.o2o["ocel:qualifier"] == "is carried by"]
    assert len(carried) == _types(document)["aircraft sortie"] + _types(document)["road convoy"] == 191 + 1
    # Each sortie departs once and lands once; its load is an attribute of the sortie.
    sorties = relations[relations["ocel:type"] == "aircraft sortie"]
    assert set(Counter(sorties["ocel:oid"]).values()) == {2}
    russia = ocel.objects.set_index("ocel:oid").loc["r0:contingent:Russia"]
    assert russia["personnel"] == 1280
    guarded = relations[(relations["ocel:type"] == "site") & (relations["ocel:qualifier"] == "guarded")]
    assert "r0:site:Almaty airport" in set(guarded["ocel:oid"])
    # The directly-follows graph of member states shows Kyrgyzstan's two parliament sessions.
    dfg, _, _ = pm4py.discover_dfg(pm4py.ocel_flattening(ocel, "member state"))
    assert dfg[("National approval: session", "National approval: session")] == 1


def test_chosen_replications_are_cases_of_one_log(kz_path, tmp_path, pm4py):
    runs = [run(kz_path, mode="predictive", seed=1, replication=r) for r in (0, 5)]
    path = write_export(runs, "ocel2-json", tmp_path / "mc.json")
    ocel = pm4py.read_ocel2_json(str(path))
    assert len(ocel.events) == sum(len(r.events) for r in runs)
    cases = pm4py.ocel_flattening(ocel, "case")
    assert cases["case:concept:name"].value_counts().to_dict() == {"r0:case": len(runs[0].events),
                                                                     "r5:case": len(runs[1].events)}
    assert sorted(ocel.objects[ocel.objects["ocel:type"] == "case"]["replication"]) == [0, 5]
    with pytest.raises(ValueError, match="distinct replication"):
        to_ocel2([runs[0], runs[0]])


def test_same_run_same_bytes(kz_path, tmp_path):
    first = write_export(run(kz_path, mode="predictive", seed=3), "ocel2-json", tmp_path / "a.json").read_bytes()
    second = write_export(run(kz_path, mode="predictive", seed=3), "ocel2-json", tmp_path / "b.json").read_bytes()
    assert first == second
    assert first != write_export(run(kz_path, mode="predictive", seed=4), "ocel2-json", tmp_path / "c.json").read_bytes()


def test_instructors_injects_are_events_of_their_own(kz_path, tmp_path, pm4py):
    result = run(kz_path, injects=ROOT / "lessons" / "kazakhstan-2022-injects.yaml")
    path = write_export(result, "ocel2-json", tmp_path / "injects.json")
    ocel = pm4py.read_ocel2_json(str(path))
    injected = ocel.events[ocel.events["ocel:activity"] == "Instructor: inject"]
    assert len(injected) == sum(e.event == "inject" for e in result.events) > 0
    assert len(ocel.events) == len(result.events)
    # the lesson's two injects: 08:00 on 6 January and 00:00 on 7 January in Almaty, 32 h and 48 h after the origin
    origin = result.scenario.origin
    assert sorted((t - origin).total_seconds() / 3600 for t in injected["ocel:timestamp"]) == [32.0, 48.0]
