"""OCEL 2.0 export: every shipped case read back by pm4py, counted against the run, and mined."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import jsonschema
import pytest
from conftest import ROOT

from simulator import run, to_ocel2, write_export

pytestmark = pytest.mark.xdist_group("export-ocel")  # every case's exports (and pm4py) made once, on one worker

SCENARIOS = sorted(p.stem for p in (ROOT / "scenarios").glob("*.yaml"))
FORMATS = ("ocel2-json", "ocel2-sqlite", "ocel2-xml")
SUFFIX = {"ocel2-json": "json", "ocel2-sqlite": "sqlite", "ocel2-xml": "xml"}
# The standard's own validators, copied unchanged from pm4py-core (where from: ocel2/README.md).
OFFICIAL = Path(__file__).with_name("ocel2")
OCEL2_SCHEMA = json.loads((OFFICIAL / "schema_ocel2.json").read_text(encoding="utf-8"))
# The XSD's two known defects (ocel2/README.md); any other complaint fails.
XSD_DEFECTS = re.compile(r"^Element 'relationship': This element is not expected\. Expected is \( object \)\.$"
                         r"|^Element 'attribute': (More than one|No) match found for key-sequence \['[^']*'\] of keyref "
                         r"'(event|object)AttributeRef'\.$")


def schema_errors(document) -> list[str]:
    validator = jsonschema.Draft7Validator(OCEL2_SCHEMA, format_checker=jsonschema.FormatChecker())
    return [e.message for e in validator.iter_errors(document)]


def xsd_errors(path) -> list[str]:
    """What the standard's XSD says of an XML file, but for its two known defects."""
    import lxml.etree  # why here: a test-only dependency, as pm4py is

    schema = lxml.etree.XMLSchema(file=str(OFFICIAL / "ocel2-validation.xsd"))
    schema.validate(lxml.etree.parse(str(path)))
    return [e.message for e in schema.error_log if not XSD_DEFECTS.match(e.message)]


@pytest.fixture(scope="module")
def pm4py():
    """pm4py, a test-only dependency, imported when first needed (it takes seconds and prints a banner)."""
    import pm4py

    return pm4py


@pytest.fixture(scope="module")
def three(tmp_path_factory, pm4py):
    """scenario -> (run, JSON document, {format: path}, {format: the file read back by pm4py}):
    every shipped case run once and written in the three OCEL 2.0 formats."""
    folder = tmp_path_factory.mktemp("ocel")
    readers = {"ocel2-json": pm4py.read_ocel2_json, "ocel2-sqlite": pm4py.read_ocel2_sqlite,
               "ocel2-xml": pm4py.read_ocel2_xml}
    found = {}
    for name in SCENARIOS:
        result = run(ROOT / "scenarios" / f"{name}.yaml")
        paths = {fmt: write_export(result, fmt, folder / f"{name}.{SUFFIX[fmt]}") for fmt in FORMATS}
        document = json.loads(paths["ocel2-json"].read_text(encoding="utf-8"))
        found[name] = (result, document, paths, {fmt: readers[fmt](str(p)) for fmt, p in paths.items()})
    return found


@pytest.fixture(scope="module")
def exported(three):
    """scenario -> (run, JSON document as written, the JSON file read back by pm4py)."""
    return {name: (result, document, logs["ocel2-json"]) for name, (result, document, _, logs) in three.items()}


def _types(document) -> Counter:
    return Counter(o["type"] for o in document["objects"])


@pytest.mark.parametrize("name", SCENARIOS)
def test_every_case_reads_back_with_all_events_objects_and_relationships(exported, name):
    result, document, ocel = exported[name]
    assert schema_errors(document) == []
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


def test_the_official_schema_checks_value_types_and_times(exported):
    """The schema as run here rejects what the project's own looser schema let through."""
    assert "date-time" in jsonschema.FormatChecker().checkers  # else "format" would be ignored silently
    _, document, _ = exported["kazakhstan-2022"]
    broken = json.loads(json.dumps(document))
    broken["objects"][0]["attributes"][0]["value"] = 1280
    broken["events"][0]["time"] = "2022-01-05T00:00+06:00"
    assert sorted(schema_errors(broken)) == ["'2022-01-05T00:00+06:00' is not a 'date-time'",
                                            "1280 is not of type 'string'"]


def _typed(value, kind: str):
    """A value as its declared OCEL type says, whichever reader gave it (text, number or 0/1)."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if kind == "boolean":
        return str(value).lower() in ("true", "1", "1.0")
    if kind == "integer":
        return int(float(value))
    if kind == "float":
        return float(value)
    return str(value)


def _declared(document, key: str) -> dict[str, dict[str, str]]:
    return {t["name"]: {a["name"]: a["type"] for a in t["attributes"]} for t in document[key]}


def _event_values(document) -> dict:
    kinds = _declared(document, "eventTypes")
    return {e["id"]: {a["name"]: _typed(a["value"], kinds[e["type"]][a["name"]]) for a in e["attributes"]}
            for e in document["events"]}


def _read_event_values(ocel, document) -> dict:
    kinds = _declared(document, "eventTypes")
    found = {}
    for row in ocel.events.to_dict("records"):
        values = {n: _typed(row.get(n), k) for n, k in kinds[row["ocel:activity"]].items()}
        found[row["ocel:eid"]] = {n: v for n, v in values.items() if v is not None}
    return found


def _timed(document) -> set:
    """(object, attribute, UTC time, value) of every value an object takes after the standard's 1970 start."""
    kinds = _declared(document, "objectTypes")
    return {(o["id"], a["name"], a["time"], _typed(a["value"], kinds[o["type"]][a["name"]]))
            for o in document["objects"] for a in o["attributes"] if a["time"] != "1970-01-01T00:00:00Z"}


def _read_changes(ocel, document) -> set:
    kinds = _declared(document, "objectTypes")
    changes = ocel.object_changes
    return {(r["ocel:oid"], r["ocel:field"], r["ocel:timestamp"].strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
             _typed(r[r["ocel:field"]], kinds[r["ocel:type"]][r["ocel:field"]]))
            for r in changes.to_dict("records")} if len(changes) else set()


@pytest.mark.parametrize("name", SCENARIOS)
def test_every_case_in_sqlite_and_xml_meets_the_standard_and_reads_back_as_the_json(three, name):
    from pm4py.objects.ocel.validation import ocel20_rel_validation  # why here: pm4py is test-only and slow to import

    result, document, paths, logs = three[name]
    satisfied, unsatisfied = ocel20_rel_validation.apply(str(paths["ocel2-sqlite"]))
    assert (len(satisfied), unsatisfied) == (24, [])
    assert xsd_errors(paths["ocel2-xml"]) == []
    events = {(e["id"], e["type"]) for e in document["events"]}
    objects = {(o["id"], o["type"]) for o in document["objects"]}
    e2o = {(e["id"], r["objectId"], r["qualifier"]) for e in document["events"] for r in e["relationships"]}
    o2o = {(o["id"], r["objectId"], r["qualifier"]) for o in document["objects"] for r in o["relationships"]}
    assert len(events) == len(result.events) and e2o and objects
    times = Counter(e["time"] for e in document["events"])
    for fmt, ocel in logs.items():
        assert set(zip(ocel.events["ocel:eid"], ocel.events["ocel:activity"], strict=True)) == events, fmt
        assert Counter(t.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z" for t in ocel.events["ocel:timestamp"]) == times
        assert set(zip(ocel.objects["ocel:oid"], ocel.objects["ocel:type"], strict=True)) == objects, fmt
        assert set(zip(ocel.relations["ocel:eid"], ocel.relations["ocel:oid"], ocel.relations["ocel:qualifier"],
                       strict=True)) == e2o, fmt
        assert len(ocel.relations) == len(e2o) and len(ocel.o2o) == len(o2o), fmt
        assert set(zip(ocel.o2o["ocel:oid"], ocel.o2o["ocel:oid_2"], ocel.o2o["ocel:qualifier"], strict=True)) == o2o
        assert _read_event_values(ocel, document) == _event_values(document), fmt
    # SQLite keeps every later value of an object as a change; the JSON and XML readers take each
    # attribute's first value as the object's own, whatever its time, and the rest as changes.
    timed = _timed(document)
    assert _read_changes(logs["ocel2-sqlite"], document) == timed
    first = {min((t for t in timed if t[:2] == key[:2]), key=lambda t: t[2]) for key in timed}
    assert _read_changes(logs["ocel2-json"], document) == _read_changes(logs["ocel2-xml"], document) == timed - first


def test_the_xsd_and_the_relational_check_reject_broken_files(three, tmp_path):
    from pm4py.objects.ocel.validation import ocel20_rel_validation  # why here: pm4py is test-only and slow to import

    _, _, paths, _ = three["kazakhstan-2022"]
    text = paths["ocel2-xml"].read_text(encoding="utf-8")
    broken = tmp_path / "broken.xml"
    broken.write_text(text.replace('time="2022-01-0', 'time="5 January 2022-0', 1), encoding="utf-8")
    assert any("dateTime" in e for e in xsd_errors(broken))
    import sqlite3  # why here: only this test edits a database

    db = tmp_path / "broken.sqlite"
    db.write_bytes(paths["ocel2-sqlite"].read_bytes())
    with sqlite3.connect(db) as conn:
        conn.execute("ALTER TABLE event_object RENAME TO e2o")
    assert "const_1_existence_type_independent_tables" in ocel20_rel_validation.apply(str(db))[1]


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_same_run_same_bytes(kz_path, tmp_path, fmt):
    runs = [run(kz_path, mode="predictive", seed=3, replication=r) for r in (0, 2)]
    first = write_export(runs, fmt, tmp_path / f"a.{SUFFIX[fmt]}").read_bytes()
    assert first == write_export(runs, fmt, tmp_path / f"b.{SUFFIX[fmt]}").read_bytes()
    assert not list(tmp_path.glob(".*.tmp"))
