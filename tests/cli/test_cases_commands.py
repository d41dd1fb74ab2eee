"""`treaty-sim cases`: the shipped cases across treaties, aligned on the request."""

from __future__ import annotations

import csv
import io

from conftest import ROOT

from simulator import run
from simulator.analysis.stages import key_stages
from simulator.cli import main

SCENARIOS = ROOT / "scenarios"


def test_kazakhstan_stages_follow_the_record():
    stages = key_stages(run(SCENARIOS / "kazakhstan-2022.yaml"))
    # appeal ~21:00 on 5 Jan, decision by 03:15 on 6 Jan, first landing on the morning of 6 Jan
    assert 0.1 < stages.after_request(stages.decision_h) < 0.5
    assert stages.after_request(stages.decision_h) < stages.after_request(stages.forces_h) < 1


def test_no_request_has_no_stages():
    stages = key_stages(run(SCENARIOS / "kyrgyz-tajik-2022.yaml"))
    assert (stages.request_h, stages.decision_h, stages.forces_h) == (None, None, None)
    assert stages.basis == "no request" and stages.outcome == "no_action"


def test_cli_writes_one_row_a_case(tmp_path, capsys):
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


def test_compare_aligns_cases_of_different_treaties_on_the_request(tmp_path, capsys):
    files = [SCENARIOS / "kazakhstan-2022.yaml", SCENARIOS / "nato-turkey-2012-06.yaml"]
    assert main(["compare", *map(str, files), "-o", str(tmp_path)]) == 0
    rows = list(csv.DictReader(io.StringIO((tmp_path / "compare-aligned.csv").read_text(encoding="utf-8"))))
    assert [(r["treaty"], r["outcome"]) for r in rows] == [("csto", "deployed"), ("nato", "consultations_only")]
    assert "Cases aligned on the request" in capsys.readouterr().out
    assert (tmp_path / "compare-aligned.png").exists()


def test_an_informal_contact_is_not_called_a_bilateral_appeal():
    result = run(SCENARIOS / "armenia-2020-07.yaml")
    assert key_stages(result).basis == "informal contact"
    assert result.scenario.request.describe() == "none formal: Armenia contacted the organisation informally"
