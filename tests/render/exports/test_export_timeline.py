"""TimelineJS3 and vis-timeline exports: only the formats' documented fields, and what a class needs."""

from __future__ import annotations

import json

import jsonschema
import pytest
from conftest import ROOT

from simulator import load_scenario, run, to_timelinejs, to_vis_timeline

pytestmark = pytest.mark.xdist_group("export-timeline")  # every case is run once for the module, on one worker

SCENARIOS = sorted(p.stem for p in (ROOT / "scenarios").glob("*.yaml"))
TEXT = {"type": "string"}

# TimelineJS3 JSON format (timeline.knightlab.com/docs/json-format.html): date, text, slide, era.
TL_DATE = {"type": "object", "required": ["year"], "additionalProperties": False, "properties": {
    "year": {"type": "integer"}, "month": {"type": "integer", "minimum": 1, "maximum": 12},
    "day": {"type": "integer", "minimum": 1, "maximum": 31}, "hour": {"type": "integer", "minimum": 0, "maximum": 23},
    "minute": {"type": "integer", "minimum": 0, "maximum": 59}, "second": {"type": "integer"},
    "millisecond": {"type": "integer"}, "display_date": TEXT}}
TL_TEXT = {"type": "object", "additionalProperties": False, "properties": {"headline": TEXT, "text": TEXT}}
TL_SLIDE = {"type": "object", "additionalProperties": False, "properties": {
    "start_date": TL_DATE, "end_date": TL_DATE, "text": TL_TEXT, "media": {"type": "object"}, "group": TEXT,
    "display_date": TEXT, "background": {"type": "object"}, "autolink": {"type": "boolean"}, "unique_id": TEXT}}
TIMELINEJS_SCHEMA = {
    "type": "object", "required": ["events"], "additionalProperties": False, "properties": {
        "events": {"type": "array", "minItems": 1, "items": {**TL_SLIDE, "required": ["start_date", "text"]}},
        "title": TL_SLIDE,
        "eras": {"type": "array", "items": {"type": "object", "required": ["start_date", "end_date"],
                                            "additionalProperties": False, "properties": {
                                                "start_date": TL_DATE, "end_date": TL_DATE, "text": TL_TEXT}}},
        "scale": {"enum": ["human", "cosmological"]}}}

# vis-timeline DataSet items and groups (visjs.github.io/vis-timeline/docs/timeline/#Data_Format).
ISO = {"type": "string", "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"}
VIS_ITEM = {"type": "object", "required": ["id", "content", "start"], "additionalProperties": False, "properties": {
    "id": TEXT, "content": TEXT, "start": ISO, "end": ISO, "group": TEXT, "className": TEXT, "title": TEXT,
    "type": {"enum": ["box", "point", "range", "background"]}, "style": TEXT, "subgroup": TEXT,
    "editable": {"type": "boolean"}, "selectable": {"type": "boolean"}, "align": TEXT}}
VIS_GROUP = {"type": "object", "required": ["id", "content"], "additionalProperties": False, "properties": {
    "id": TEXT, "content": TEXT, "title": TEXT, "className": TEXT, "order": {"type": "integer"}, "style": TEXT,
    "visible": {"type": "boolean"}, "nestedGroups": {"type": "array"}, "subgroupOrder": TEXT}}
VIS_SCHEMA = {"type": "object", "required": ["groups", "items"], "additionalProperties": False, "properties": {
    "groups": {"type": "array", "items": VIS_GROUP}, "items": {"type": "array", "minItems": 1, "items": VIS_ITEM}}}


@pytest.fixture(scope="module")
def runs():
    return {name: run(ROOT / "scenarios" / f"{name}.yaml") for name in SCENARIOS}


@pytest.mark.parametrize("name", SCENARIOS)
def test_timelinejs_uses_the_documented_fields_and_groups_by_actor(runs, name):
    result = runs[name]
    data = to_timelinejs(result)
    jsonschema.validate(data, TIMELINEJS_SCHEMA)
    slides = data["events"]
    assert len({s["unique_id"] for s in slides}) == len(slides)
    assert {s["group"] for s in slides} <= {e.actor for e in result.events}
    for slide in slides:
        assert "<b>Legal basis:</b>" in slide["text"]["text"]
        if "end_date" in slide:
            assert slide["end_date"]["display_date"] >= slide["start_date"]["display_date"]
    phases = {s.phase for s in result.treaty.procedure.steps if s.id in {e.step for e in result.events}}
    assert {era["text"]["headline"].lower() for era in data["eras"]} == phases
    assert result.scenario.title in data["title"]["text"]["headline"]


@pytest.mark.parametrize("name", SCENARIOS)
def test_vis_timeline_items_and_groups(runs, name):
    result = runs[name]
    data = to_vis_timeline(result)
    jsonschema.validate(data, VIS_SCHEMA)
    items = data["items"]
    assert len({i["id"] for i in items}) == len(items)
    groups = {g["id"] for g in data["groups"]}
    assert groups == {i["group"] for i in items if "group" in i}
    for item in items:
        if item["type"] == "range":
            assert item["end"] > item["start"]
        if item["type"] != "background":
            assert "Legal basis: " in item["title"] and "Sources: " in item["title"]


def test_kazakhstan_slides_tell_the_story_with_basis_record_and_sources(runs):
    data = to_timelinejs(runs["kazakhstan-2022"])
    slides = {s["unique_id"]: s for s in data["events"]}
    decision = slides["step-council-decision"]
    assert decision["group"] == "Collective Security Council"
    text = decision["text"]["text"]
    assert "Answers: Armenia consents, Belarus consents" in text
    assert "CST Art. 4; PKA Art. 3" in text
    assert "<b>Record:</b> Collective Security Council decision: 2022-01-06 03:00–03:50 UTC+6 (on the record's date)" in text
    assert '<a href="https://' in text and ">S44</a>" in text
    assert decision["start_date"] == {"year": 2022, "month": 1, "day": 5, "hour": 23, "minute": 0,
                                      "display_date": "2022-01-05 23:00 UTC+6"}
    assert decision["end_date"]["day"] == 6 and decision["end_date"]["hour"] == 3
    quorum = [s for s in data["events"] if "no quorum" in s["text"]["headline"]]
    assert len(quorum) == 1 and quorum[0]["group"] == "Kyrgyzstan"
    assert "Kyrgyz parliament fails quorum" in quorum[0]["text"]["text"]
    assert [e["text"]["headline"] for e in data["eras"]][:2] == ["Request", "Decision"]
    airlift = slides["step-airlift-russia"]
    assert "68 sorties" in airlift["text"]["text"] and airlift["group"] == "Russia"


def test_an_objection_is_a_moment_of_its_own(variant):
    def belarus_objects(data):
        data["bodies"]["csc"]["answers"] = {"Belarus": "object"}

    result = run(load_scenario(variant(belarus_objects)))
    items = to_vis_timeline(result)["items"]
    objection = [i for i in items if i["content"] == "objects"]
    assert len(objection) == 1 and objection[0]["group"] == "Belarus" and objection[0]["type"] == "point"
    slides = to_timelinejs(result)["events"]
    decision = next(s for s in slides if s["unique_id"] == "step-council-decision")
    assert "Belarus objects" in decision["text"]["text"] and "Outcome: blocked." in decision["text"]["text"]


def test_timelines_are_the_same_bytes_every_time(kz_path):
    from simulator.render.exports import json_text

    for build in (to_timelinejs, to_vis_timeline):
        assert json_text(build(run(kz_path))) == json_text(build(run(kz_path)))


def test_a_source_url_that_is_not_http_is_text_in_the_slides(kz_path, monkeypatch):
    """TimelineJS shows slide text as HTML: a `javascript:` registry URL must not become a link there."""
    from simulator.run import RunResult

    result = run(kz_path)
    real = RunResult.sources

    def hostile(self):
        return {k: dict(v, urls=["javascript:alert(document.domain)"]) for k, v in real(self).items()}

    monkeypatch.setattr(RunResult, "sources", hostile)
    text = json.dumps(to_timelinejs(result), ensure_ascii=False)
    assert "javascript:alert(document.domain)" in text  # still said, as text
    assert "href=\\\"javascript" not in text and "<a href" not in text
    monkeypatch.setattr(RunResult, "sources", real)
    assert "<a href=\\\"https://" in json.dumps(to_timelinejs(result), ensure_ascii=False)
