"""`treaty-sim export`: default paths, chosen replications, same bytes twice, clear errors."""

from __future__ import annotations

import json

from simulator import run, write_export
from simulator.cli import main


def test_export_writes_each_format_beside_the_run_outputs(kz_path, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    keys = {"ocel2-json": ["eventTypes", "events", "objectTypes", "objects"], "timelinejs": ["eras", "events", "scale", "title"],
            "vis-timeline": ["groups", "items"]}
    for fmt, name in (("ocel2-json", "ocel2.json"), ("timelinejs", "timelinejs.json"), ("vis-timeline", "vis-timeline.json")):
        assert main(["export", str(kz_path), "--format", fmt]) == 0
        path = tmp_path / "outputs" / "kazakhstan-2022" / name
        assert json.loads(path.read_text(encoding="utf-8"))
        assert sorted(json.loads(path.read_text(encoding="utf-8"))) == keys[fmt]  # the format's own top-level lists
        assert not list(path.parent.glob(".*.tmp"))
    printed = capsys.readouterr().out
    assert f"{len(run(kz_path).events)} events" in printed
    assert "slides in 11 groups" in printed and "items in 11 groups" in printed
    # The command writes what the Python function writes.
    same = write_export(run(kz_path), "ocel2-json", tmp_path / "py.json")
    assert same.read_bytes() == (tmp_path / "outputs" / "kazakhstan-2022" / "ocel2.json").read_bytes()


def test_chosen_predictive_replications_in_one_log(kz_path, tmp_path, capsys):
    args = ["export", str(kz_path), "-f", "ocel2-json", "--mode", "predictive", "--seed", "1", "-r", "0,5,7",
            "--out", str(tmp_path), "-q"]
    assert main(args) == 0
    path = tmp_path / "ocel2-r0_5_7.json"
    assert capsys.readouterr().out.strip() == str(path)
    cases = [o for o in json.loads(path.read_text())["objects"] if o["type"] == "case"]
    assert [o["id"] for o in cases] == ["r0:case", "r5:case", "r7:case"]
    first = path.read_bytes()
    assert main(args) == 0 and path.read_bytes() == first
    assert main(["export", str(kz_path), "-f", "timelinejs", "-m", "predictive", "-r", "5",
                 "-o", str(tmp_path / "kz5.json")]) == 0
    assert (tmp_path / "kz5.json").exists()
    # replication 5 of the scenario's own seed (1), as the Python function writes it
    fifth = write_export(run(kz_path, mode="predictive", seed=1, replication=5), "timelinejs", tmp_path / "py5.json")
    assert (tmp_path / "kz5.json").read_bytes() == fifth.read_bytes()
    slides = len(json.loads(fifth.read_text())["events"])
    assert f"Wrote {tmp_path / 'kz5.json'} (timelinejs): {slides} slides in 11 groups, 7 eras" in \
        " ".join(capsys.readouterr().out.split())


def test_mistakes_exit_2_with_a_message(kz_path, tmp_path, capsys):
    out = str(tmp_path / "x.json")
    assert main(["export", str(kz_path), "-f", "xes", "-o", out]) == 2
    assert "'xes' is not one of 'ocel2-json', 'ocel2-sqlite', 'ocel2-xml', 'timelinejs', 'vis-timeline'" in \
        capsys.readouterr().err
    assert main(["export", str(kz_path), "-f", "ocel2-json", "-r", "0,5", "-o", out]) == 2
    assert "add --mode predictive" in capsys.readouterr().err
    assert main(["export", str(kz_path), "-f", "vis-timeline", "-m", "predictive", "-r", "0-2", "-o", out]) == 2
    assert "vis-timeline shows one run, not 3" in capsys.readouterr().err
    assert main(["export", str(kz_path), "-f", "ocel2-json", "-m", "predictive", "-r", "five", "-o", out]) == 2
    assert "not a list of replication numbers" in capsys.readouterr().err
    assert main(["export", str(kz_path), "-f", "ocel2-json", "-m", "predictive", "-r", "0-1000", "-o", out]) == 2
    assert "at most 1,000 replications" in capsys.readouterr().err
    assert not (tmp_path / "x.json").exists()


def test_ocel_sqlite_and_xml_beside_the_json_and_in_the_help(kz_path, tmp_path, monkeypatch, capsys):
    import sqlite3  # why here: only this test opens the database written
    import xml.etree.ElementTree as ET  # why here: only this test parses the XML written

    monkeypatch.chdir(tmp_path)
    events = len(run(kz_path).events)
    for fmt, name in (("ocel2-sqlite", "ocel2.sqlite"), ("ocel2-xml", "ocel2.xml")):
        assert main(["export", str(kz_path), "-f", fmt]) == 0
        path = tmp_path / "outputs" / "kazakhstan-2022" / name
        assert f"Wrote {path.relative_to(tmp_path)} ({fmt}): {events} events, 216 objects" in capsys.readouterr().out
        assert path.read_bytes() == write_export(run(kz_path), fmt, tmp_path / f"py-{name}").read_bytes()
    with sqlite3.connect(tmp_path / "outputs" / "kazakhstan-2022" / "ocel2.sqlite") as db:
        assert db.execute("SELECT count(*) FROM event").fetchone() == (events,)
    log = ET.parse(tmp_path / "outputs" / "kazakhstan-2022" / "ocel2.xml").getroot()
    assert [child.tag for child in log] == ["object-types", "event-types", "objects", "events"]
    assert len(log.find("events")) == events
    # chosen replications: one file, its name saying which, in the format's own suffix
    assert main(["export", str(kz_path), "-f", "ocel2-sqlite", "-m", "predictive", "-r", "0,5", "-o", str(tmp_path), "-q"]) == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / "ocel2-r0_5.sqlite")
    assert main(["export", "--help"]) == 0
    helped = " ".join(capsys.readouterr().out.split())
    assert "ocel2-json, ocel2-sqlite, ocel2-xml" in helped and "timelinejs" in helped and "vis-timeline" in helped


def test_export_takes_a_variant_file_as_run_does(tmp_path, capsys):
    from conftest import SCENARIOS

    variant = SCENARIOS / "variants" / "kz-member-objects.yaml"
    target = tmp_path / "variant.json"
    assert main(["export", str(variant), "-f", "ocel2-json", "-o", str(target)]) == 0
    result = run(variant)
    assert f"{len(result.events)} events" in capsys.readouterr().out
    assert target.read_bytes() == write_export(result, "ocel2-json", tmp_path / "py.json").read_bytes()
    assert result.outcome == "declined"  # the variant's own outcome, not its base's (deployed)
