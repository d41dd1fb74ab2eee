"""Mistakes in a copy of the shipped Kazakhstan scenario, each with what a clear error says about it: the field,
the message and the start of its `fix:` hint ("" when the message is the whole story). Checked through
load_scenario (tests/checks/test_scenario_validation.py) and through `treaty-sim run`
(tests/cli/test_runs_commands.py). Each change takes the scenario's data, as conftest's ``variant`` expects."""

from __future__ import annotations


def _fail(data, path, value):
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


def _record(data, record_id):
    return next(r for r in data["record"] if r["id"] == record_id)


BAD_INPUTS = {
    "unknown field": (
        lambda d: d["contingents"]["Armenia"].update(personel=100),
        "contingents.Armenia.personel", "unknown field 'personel'", "did you mean 'personnel'",
    ),
    "wrong type": (
        lambda d: d["air"]["airlift"].update(aircraft="many"),
        "air.airlift.aircraft", "integer", "treaty-sim schema",
    ),
    "unknown member": (
        lambda d: d["contingents"].update(Atlantis=d["contingents"]["Armenia"]),
        "contingents.Atlantis", "unknown member", "known: Armenia",
    ),
    "unknown body": (
        lambda d: d["bodies"].update(nac=d["bodies"]["csc"]),
        "bodies.nac", "unknown deciding body 'nac'", "known: csc",
    ),
    "dates out of order": (
        lambda d: _record(d, "written-request").update(at={"date": "2022-01-10", "assume": "12:00", "why": "x"}),
        "record[", "dates out of order", "correct one of the two dates",
    ),
    "unknown source key": (
        lambda d: _record(d, "appeal").update(source=["S19", "S999"]),
        "record[0].source[1]", "unknown source key 'S999'", "add it to this scenario's sources: block",
    ),
    "missing source": (
        lambda d: _record(d, "appeal").update(source=[]),
        "record[0].source", "at least 1 item", "",
    ),
    "duration of the wrong shape": (
        lambda d: d["durations"].update(consultations={"normal": [1, 2]}),
        "durations.consultations", "expected a duration", "",
    ),
    "absurd count": (
        lambda d: d["air"]["airlift"].update(personnel_per_sortie=1)
        or d["contingents"]["Russia"]["personnel"].update(modelled_as=900_000),
        "contingents.Russia.moves.airlift", "sorties", "personnel_per_sortie",
    ),
    "instant as a number": (
        lambda d: d.update(origin=5),
        "origin", "an instant must be written as text", "",
    ),
    "instant without offset": (
        lambda d: d.update(origin="2022-01-05T00:00"),
        "origin", "no UTC offset", "",
    ),
    "a date where an instant is due": (
        lambda d: _record(d, "kyrgyz-approval").update(at="2022-01-07"),
        "record[", "is a date, not an instant; write e.g. 2022-01-07T12:00+06:00, or {date: 2022-01-07", "",
    ),
    "a date with an offset": (
        lambda d: _record(d, "kyrgyz-approval").update(at={"date": "2022-01-07+06:00", "assume": "12:00", "why": "x"}),
        "record[", "a date takes no UTC offset: write 2022-01-07", "",
    ),
}
