"""`treaty-sim new`: a scaffold that validates and runs, refusing to overwrite, and clear errors for a treaty,
member, article or date it does not know (the scaffold's content from Python: tests/checks/test_scaffold.py)."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT
from jsonschema import Draft202012Validator

from simulator.cli import main
from simulator.files.yamlio import load_yaml

NEW = ["new", "armenia-2023-05", "--treaty", "csto", "--by", "Armenia", "--article", "CST Art. 4", "--on", "2023-05-01"]


def test_new_writes_a_scaffold_that_validates_and_runs(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(NEW) == 0
    assert "Wrote armenia-2023-05.yaml: fill in each TODO" in capsys.readouterr().out
    text = (tmp_path / "armenia-2023-05.yaml").read_text(encoding="utf-8")
    assert "origin: 2023-05-01T00:00+04:00" in text and "TODO" in text
    assert main(["validate", "armenia-2023-05.yaml"]) == 0
    assert "✓ armenia-2023-05.yaml: armenia-2023-05 (csto), 1 record entry" in capsys.readouterr().out
    assert main(["run", "armenia-2023-05.yaml", "--mode", "predictive", "--out", "out"]) == 0
    assert (tmp_path / "out" / "events.csv").read_text().count("\n") > 5


def test_new_points_editors_at_the_scenario_schema(tmp_path, monkeypatch, capsys):
    """Beside a schemas/ folder (a checkout, an examples copy) by a relative path; elsewhere the library's by URI."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine" / "schemas").mkdir(parents=True)
    (tmp_path / "mine" / "schemas" / "scenario.schema.json").write_text("{}")
    assert main([*NEW, "-o", "mine/scenarios/a.yaml"]) == 0
    assert main([*NEW, "-o", "b.yaml"]) == 0
    first = (tmp_path / "mine" / "scenarios" / "a.yaml").read_text(encoding="utf-8").split("\n", 2)
    assert first[0] == "# yaml-language-server: $schema=../schemas/scenario.schema.json"
    assert first[1].startswith("# armenia-2023-05: a new case of the Collective Security Treaty Organization")
    elsewhere = (tmp_path / "b.yaml").read_text(encoding="utf-8").split("\n", 1)[0]
    assert elsewhere == f"# yaml-language-server: $schema={(ROOT / 'schemas' / 'scenario.schema.json').as_uri()}"
    schema = json.loads((ROOT / "schemas" / "scenario.schema.json").read_text(encoding="utf-8"))
    checker = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert [e.message for e in checker.iter_errors(load_yaml(tmp_path / "b.yaml").data)] == []


def test_new_refuses_to_overwrite(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "armenia-2023-05.yaml").write_text("mine\n")
    assert main(NEW) == 2
    err = capsys.readouterr().err
    assert "armenia-2023-05.yaml: a file is already there; not overwritten" in err and "fix: choose another" in err
    assert (tmp_path / "armenia-2023-05.yaml").read_text() == "mine\n"


@pytest.mark.parametrize("change, message, fix", [
    (("--treaty", "seato"), "unknown treaty 'seato'", "fix: use one of: csto, eu, nato"),
    (("--by", "Armenja"), "unknown member (active on 2023-05-01) 'Armenja'", "fix: did you mean 'Armenia'?"),
    (("--by", "Uzbekistan"), "Uzbekistan is not a member of the Collective Security Treaty Organization (CSTO) on "
     "2023-05-01 (joined", "fix: give a date when it was a member"),
    (("--article", "CST Art. 5"), "unknown article 'CST Art. 5'", "known: CST Art. 2, CST Art. 4"),
    (("--on", "1 May 2023"), "--on '1 May 2023' is not a date", "fix: write it as YYYY-MM-DD"),
], ids=["treaty", "member-typo", "not-a-member-then", "article", "date"])
def test_new_says_what_it_does_not_know(change, message, fix, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    args = list(NEW)
    args[args.index(change[0]) + 1] = change[1]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err and fix in err
    assert list(tmp_path.iterdir()) == []
