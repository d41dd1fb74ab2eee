"""Broken copies of shipped files, one a file kind and mistake: the kind's schema and the command that
reads the file must both refuse each (tests/model/test_schemas.py and tests/cli/test_inspection_commands.py).

Each mistake is structural (what a JSON Schema can see): an unknown field, a wrong type, a missing
required field, a time the loader cannot read.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import yaml
from conftest import ROOT

from simulator.files.yamlio import load_yaml

TREATIES = ROOT / "simulator" / "treaties"


def _set(path: tuple, value):
    def change(data):
        *parents, last = path
        for key in parents:
            data = data[key]
        data[last] = value
    return change


def _drop(path: tuple):
    def change(data):
        *parents, last = path
        for key in parents:
            data = data[key]
        del data[last]
    return change


# (kind, mistake, shipped file it is made from, change to the file's data, the field the loader names)
BROKEN = [
    ("scenario", "unknown field", "scenarios/kazakhstan-2022.yaml", _set(("horizon",), 60), "horizon"),
    ("scenario", "wrong type", "scenarios/kazakhstan-2022.yaml", _set(("seed",), "one"), "seed"),
    ("scenario", "missing required", "scenarios/kazakhstan-2022.yaml", _drop(("origin",)), "origin"),
    ("scenario", "time without offset", "scenarios/kazakhstan-2022.yaml", _set(("origin",), "2022-01-05T00:00"),
     "origin"),
    ("scenario", "time in words", "scenarios/nato-poland-2014.yaml", _set(("record", 0, "at"), "3 March 2014"),
     "record[0].at"),
    ("scenario", "a source key with a space", "scenarios/kazakhstan-2022.yaml",
     _set(("sources",), {"my source": {"title": "A report", "url": "https://example.org/report"}}), "sources.my source"),
    ("scenario", "hours beyond ten years", "scenarios/kazakhstan-2022.yaml", _set(("durations",), {"request": 10**6}),
     "durations.request"),
    ("variant", "unknown field", "scenarios/variants/kz-half-aircraft.yaml", _set(("sett",), {}), "sett"),
    ("variant", "wrong type", "scenarios/variants/kz-half-aircraft.yaml", _set(("set",), ["air"]), "set"),
    ("variant", "missing required", "scenarios/variants/kz-half-aircraft.yaml", _drop(("base",)), "base"),
    ("variant", "date for an instant", "scenarios/variants/kz-half-aircraft.yaml", _set(("fork_at",), "2022-01-06"),
     "fork_at"),
    ("injects", "unknown kind", "lessons/kazakhstan-2022-injects.yaml", _set(("injects", 0, "kind"), "airport_taken"),
     "injects[0]"),
    ("injects", "wrong type", "lessons/kazakhstan-2022-injects.yaml", _set(("injects", 1, "aircraft"), "forty"),
     "injects[1].aircraft_grounded.aircraft"),
    ("injects", "missing required", "lessons/kazakhstan-2022-injects.yaml", _drop(("injects", 0, "at")),
     "injects[0].airport_seized.at"),
    ("injects", "bad time", "lessons/kazakhstan-2022-injects.yaml", _set(("injects", 0, "at"), "2022-01-06 8am"),
     "injects[0].airport_seized.at"),
    ("lesson", "unknown field", "lessons/armenia-2021-05.yaml", _set(("points", 0, "question"), "?"),
     "points[0].question"),
    ("lesson", "wrong type", "lessons/armenia-2021-05.yaml", _set(("points", 0, "kind"), 3), "points[0].kind"),
    ("lesson", "missing required", "lessons/armenia-2021-05.yaml", _drop(("points",)), "points"),
    ("answers", "a list for an answer", "lessons/kazakhstan-2022-answers.yaml", _set(("csc",), ["object"]), "csc"),
    ("answers", "true for an answer", "lessons/kazakhstan-2022-answers.yaml", _set(("csc",), True), "csc"),
    ("treaty", "unknown field", "simulator/treaties/csto.yaml", _set(("members", 0, "joind"), "1994-04-20"),
     "members[0].joind"),
    ("treaty", "wrong type", "simulator/treaties/csto.yaml", _set(("forces", 0, "strength"), "many"),
     "forces[0].strength"),
    ("treaty", "missing required", "simulator/treaties/csto.yaml", _drop(("procedure",)), "procedure"),
    ("treaty", "date in words", "simulator/treaties/csto.yaml", _set(("members", 0, "joined"), "May 1992"),
     "members[0].joined"),
]
IDS = [f"{kind}: {mistake}" for kind, mistake, *_ in BROKEN]


def write_broken(folder: Path, source: str, change) -> Path:
    """A changed copy of a shipped file in ``folder`` (a treaty with its sources beside it; a variant with its base)."""
    data = copy.deepcopy(load_yaml(ROOT / source).data)  # as the loader reads it: instants stay text
    change(data)
    target = folder / Path(source).name
    if source.startswith("simulator/treaties/"):
        target = folder / "pact.yaml"
        shutil.copy(TREATIES / (Path(source).stem + ".sources.yaml"), folder / "pact.sources.yaml")
    if source.startswith("scenarios/variants/"):
        target = folder / "variants" / Path(source).name
        target.parent.mkdir(exist_ok=True)
        shutil.copy(ROOT / "scenarios" / "kazakhstan-2022.yaml", folder / "kazakhstan-2022.yaml")
    target.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return target
