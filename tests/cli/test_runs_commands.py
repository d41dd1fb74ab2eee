"""`treaty-sim run` end to end: the console script, its outputs, the event log, default folders, variants,
instructor's injects, and bad input."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bad_scenarios import BAD_INPUTS
from conftest import ROOT, SCENARIOS

from simulator import UserError, load_scenario, run
from simulator.cli import main
from simulator.files.output_set import MANIFEST  # the record of what a command wrote, beside its files

VARIANTS = SCENARIOS / "variants"
OUTPUTS = ("events.csv", "events.jsonl", "milestones.csv", "outcome.json", "timeline.png", "timeline.svg", "summary.md")


def test_console_script_replays_kazakhstan(kz_path, tmp_path):
    exe = Path(sys.executable).with_name("treaty-sim")
    proc = subprocess.run([str(exe), "run", str(kz_path)], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    out_dir = tmp_path / "outputs" / "kazakhstan-2022"
    assert sorted(p.name for p in out_dir.iterdir()) == sorted([*OUTPUTS, MANIFEST])
    assert "Milestones against the record" in proc.stdout
    assert "2,030 personnel" in proc.stdout
    assert (out_dir / "timeline.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (out_dir / "timeline.svg").read_text().lstrip().startswith("<?xml")
    summary = (out_dir / "summary.md").read_text()
    assert "Kyrgyz parliament fails quorum" in summary and "S39" in summary
    assert "| Russia | unknown; modelled as 1,280 |" in summary
    assert "| **official total** | 2,030 (official; S27 S57 S61) | 250 (official; S27) |" in summary


def test_outputs_content(kz_path, tmp_path, capsys):
    assert main(["run", str(kz_path), "--out", str(tmp_path / "kz")]) == 0
    header = (tmp_path / "kz" / "events.csv").read_text().splitlines()[0]
    for column in ("replication", "hours", "utc", "local", "zone", "actor", "step", "action", "basis", "sources"):
        assert column in header.split(",")
    first = json.loads((tmp_path / "kz" / "events.jsonl").read_text().splitlines()[0])
    assert first["zone"].startswith("Asia/Almaty") and first["local"].endswith("+06:00")
    milestones = (tmp_path / "kz" / "milestones.csv").read_text().splitlines()
    assert len(milestones) == 1 + 21 and all(line.endswith(",yes") for line in milestones[1:])


def test_event_log_in_the_terminal(kz_path, tmp_path, capsys):
    assert main(["run", str(kz_path), "--out", str(tmp_path), "--events"]) == 0
    out = " ".join(capsys.readouterr().out.split())  # undo the terminal's line wrapping
    assert "Event log" in out and "Kyrgyzstan: Jogorku Kenesh: no quorum (39 registered, 60 of 90 needed)" in out
    assert "Belarus: consents in the Collective Security Council" in out
    # Per contingent and move: first departure, first landing and last landing, not all ~370 sortie events.
    assert out.count(" sortie ") <= 3 * 2 * 5
    assert out.index("Event log") < out.index("Milestones against the record")


def test_predictive_default_folder_names_the_seed(kz_path, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["run", str(kz_path), "--mode", "predictive", "--seed", "9", "--quiet"]) == 0
    assert (tmp_path / "outputs" / "kazakhstan-2022-predictive-seed9" / "events.csv").exists()
    folder = tmp_path / "outputs" / "kazakhstan-2022-predictive-seed9"
    assert capsys.readouterr().out == "outputs/kazakhstan-2022-predictive-seed9\n"  # --quiet: only where it wrote
    assert sorted(p.name for p in folder.iterdir()) == sorted([*OUTPUTS, MANIFEST])
    outcome = json.loads((folder / "outcome.json").read_text())
    assert (outcome["mode"], outcome["seed"], outcome["outcome"]) == ("predictive", 9, "deployed")
    expected = run(kz_path, mode="predictive", seed=9)
    assert (folder / "events.csv").read_text().count("\n") == 1 + len(expected.events)


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_a_clear_error(case, variant, tmp_path, capsys, monkeypatch):
    change, field, message, hint = BAD_INPUTS[case]
    path = variant(change)
    monkeypatch.chdir(tmp_path)
    assert main(["run", str(path)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert f"{path}:" in err, err  # file and line
    line = int(err.split(f"{path}:")[1].split(":")[0])
    assert line > 0
    assert field in err and message in err, err
    if hint:
        assert "fix:" in err and hint in err, err
    assert not (tmp_path / "outputs").exists(), "nothing may be written for bad input"
    # Every problem printed as load_scenario locates it (its line checked in tests/checks/test_scenario_validation.py).
    with pytest.raises(UserError) as caught:
        load_scenario(path)
    flat = " ".join(err.split())
    assert flat.startswith(f"error: {len(caught.value.problems)} problem")
    for problem in caught.value.problems:
        assert " ".join(str(problem).split()) in flat, str(problem)


def test_bad_input_through_the_real_process(variant, tmp_path):
    path = variant(lambda d: d["request"].update(article="CST Art. 99"))
    exe = Path(sys.executable).with_name("treaty-sim")
    proc = subprocess.run([str(exe), "run", str(path)], cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": "200"}, timeout=120)
    assert proc.returncode == 2
    assert "unknown article 'CST Art. 99'" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "outputs").exists()
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if text.strip() == "article: CST Art. 99")
    assert proc.stderr.splitlines()[:3] == [
        "error: 1 problem:", f"  {path}:{line}: request.article: unknown article 'CST Art. 99'",
        "    fix: did you mean 'CST Art. 4'? known: CST Art. 2, CST Art. 4, CSC decision 2013-09-23, PKA Art. 3, national law"]
    assert proc.stdout == ""


def test_mistakes_in_an_inject_file_are_located(kz_path, inject_file, capsys):
    path = inject_file(
        "  - {at: 2022-01-06T12:00+06:00, kind: aircraft_grounded, aircraft: 600}\n"
        "  - {at: 2021-01-06T12:00+06:00, kind: member_objects, member: Belarrus}\n"
    )
    assert main(["run", str(kz_path), "--inject", str(path), "--out", str(path.parent / "out")]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "injects.yaml:2: injects[0].aircraft: 600 aircraft, but the pool of 'airlift' has 75" in err
    assert "injects.yaml:3: injects[1].at:" in err and "outside the scenario's run" in err
    assert "unknown member 'Belarrus'" in err and "did you mean 'Belarus'?" in err
    assert not (path.parent / "out").exists()
    kind = inject_file("  - {at: 2022-01-06T12:00+06:00, kind: meteor}\n", "kind.yaml")
    assert main(["run", str(kz_path), "--inject", str(kind)]) == 2
    assert "kind.yaml:2" in capsys.readouterr().err


def test_airport_seized_needs_an_airlift(tmp_path, capsys):
    path = tmp_path / "injects.yaml"
    path.write_text("injects:\n  - {at: 2021-05-14T08:00+04:00, kind: airport_seized, hours: 6}\n")
    assert main(["run", str(ROOT / "scenarios" / "armenia-2021-05.yaml"), "--inject", str(path)]) == 2
    assert "flies no contingent" in capsys.readouterr().err


def test_run_command_prints_and_logs_injects(kz_path, tmp_path, capsys):
    injects = ROOT / "lessons" / "kazakhstan-2022-injects.yaml"
    assert main(["run", str(kz_path), "--inject", str(injects), "--out", str(tmp_path), "--events"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "inject: 2022-01-06 08:00 UTC+6: Almaty airport is seized" in out
    assert "Instructor: inject: 40 aircraft grounded for 24 h" in out
    rows = [line for line in (tmp_path / "events.csv").read_text().splitlines() if ",Instructor," in line]
    assert len(rows) == 2


def test_a_choice_the_scenario_cannot_run_is_a_clear_error(edit, tmp_path, capsys):
    def measures_without_council(data):
        data["choices"]["assessment"] = "measures"

    path = edit("armenia-2021-05", measures_without_council)
    assert main(["run", str(path), "-o", str(tmp_path / "unused")]) == 2
    err = capsys.readouterr().err
    assert "needs the behaviour of body 'csc'" in err and "no duration for step 'assistance_programme'" in err
    flat = " ".join(err.split())
    assert f"{path}:1: bodies: step 'assistance_decision' needs the behaviour of body 'csc'" in flat
    assert "fix: add bodies: {csc: {answer_h: ..., drafting_h: ...}}" in flat
    assert re.search(rf"{re.escape(str(path))}:\d+: durations: no duration for step 'assistance_programme' "
                     r"fix: add durations: \{assistance_programme: hours\}", flat), flat
    assert not (tmp_path / "unused").exists()


def test_run_takes_a_variant(tmp_path):
    assert main(["run", str(VARIANTS / "kz-member-objects.yaml"), "-o", str(tmp_path / "o"), "--quiet"]) == 0
    assert '"outcome": "declined"' in (tmp_path / "o" / "outcome.json").read_text()
