"""`treaty-sim cases`: the shipped cases across treaties, aligned on the request."""

from __future__ import annotations

import csv
import io

from conftest import ROOT

from simulator.cli import main

SCENARIOS = ROOT / "scenarios"


def test_cases_writes_one_row_a_case(tmp_path, capsys):
    files = [SCENARIOS / "kazakhstan-2022.yaml", SCENARIOS / "nato-turkey-2012-06.yaml", SCENARIOS / "eu-france-2015.yaml"]
    assert main(["cases", *map(str, files), "-o", str(tmp_path)]) == 0
    rows = list(csv.DictReader(io.StringIO((tmp_path / "cases.csv").read_text(encoding="utf-8"))))
    assert [(r["scenario"], r["treaty"], r["outcome"]) for r in rows] == [
        ("kazakhstan-2022", "csto", "deployed"), ("nato-turkey-2012-06", "nato", "consultations_only"),
        ("eu-france-2015", "eu", "aid"),
    ]
    assert 1.9 < float(rows[1]["request_to_decision_days"]) < 2.1  # request 24 Jun, Council 26 Jun
    assert rows[2]["request_to_forces_days"] == ""
    assert (tmp_path / "cases.png").read_bytes()[:4] == b"\x89PNG"
    assert "<svg" in (tmp_path / "cases.svg").read_text()


def test_examples_copies_carry_the_schemas_their_first_lines_name(tmp_path, capsys):
    assert main(["examples", str(tmp_path / "mine")]) == 0
    assert "lessons/, schemas/" in capsys.readouterr().out
    copied = sorted((tmp_path / "mine").rglob("*.yaml"))
    assert len(copied) == len([*(ROOT / "scenarios").rglob("*.yaml"), *(ROOT / "lessons").glob("*.yaml")])
    for path in copied:
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        named = (path.parent / first.removeprefix("# yaml-language-server: $schema=")).resolve()
        assert named.parent == tmp_path / "mine" / "schemas" and named.is_file(), path
        assert named.read_bytes() == (ROOT / "schemas" / named.name).read_bytes()
