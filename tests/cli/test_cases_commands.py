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
