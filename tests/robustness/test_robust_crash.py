"""Bugs inside the engine (issue 7, item 7): reported with what is needed to reproduce them.

A step kind's process is made to raise, as a bug would. The run ends with exit code 3 and a short
message; the crash report names the scenario, mode, seed, replication, the step (and
contingent) being processed and the simulated time, with the traceback; the partial event
log is kept in partial-events.csv; earlier complete outputs in the folder are left alone.
"""

from __future__ import annotations

import csv

from simulator.cli import main
from simulator.engine.kinds import kind_named
from simulator.files.output_set import MANIFEST
from simulator.render import run_files


def _broken_decide(engine, step, member):
    yield engine.env.timeout(0.5)
    raise ZeroDivisionError("a bug in the council")


def _broken_for_armenia(original):
    def approve(engine, step, member):
        if member == "Armenia":
            yield engine.env.timeout(1.25)
            return {}["no such stage"]
        return (yield from original(engine, step, member))

    return approve


def test_engine_bug_on_the_command_line(kz_path, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    assert main(["run", str(kz_path), "--out", str(out), "--quiet"]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.name != MANIFEST}  # the record of writes grows
    monkeypatch.setattr(kind_named("decide"), "process", _broken_decide)

    assert main(["run", str(kz_path), "--out", str(out)]) == 3
    err = " ".join(capsys.readouterr().err.split())
    assert "internal error (a bug in treaty-sim): ZeroDivisionError: a bug in the council" in err
    assert "scenario kazakhstan-2022, replay, seed 1, replication 0, in the engine, step 'council_decision'" in err
    report = out / "crash-kazakhstan-2022-seed1.txt"
    assert f"crash report: {report}" in err and f"partial event log: {out / 'partial-events.csv'}" in err
    assert f"to reproduce: treaty-sim run {kz_path} --mode replay" in err
    assert "Traceback" not in err  # it is in the report

    text = report.read_text()
    for expected in (f"scenario:     kazakhstan-2022 ({kz_path})", "mode:         replay", "seed:         1",
                     "replication:  0", "step 'council_decision'", "at simulated hour", "Traceback (most recent call last)",
                     "ZeroDivisionError: a bug in the council", "_broken_decide"):
        assert expected in text, expected
    rows = list(csv.DictReader((out / "partial-events.csv").open()))
    assert rows and rows[-1]["step"] == "council_decision"
    assert {r["step"] for r in rows} == {"request", "consultations", "council_decision"}
    for name, content in before.items():  # the earlier complete outputs are untouched
        assert (out / name).read_bytes() == content, name
    assert not [p for p in out.iterdir() if p.name.startswith(".") and p.name != MANIFEST]


def test_bug_in_a_contingents_step_names_the_member(kz_path, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(kind_named("approve"), "process", _broken_for_armenia(kind_named("approve").process))
    assert main(["run", str(kz_path), "--mode", "predictive", "--seed", "5", "--out", str(tmp_path)]) == 3
    err = " ".join(capsys.readouterr().err.split())
    assert "KeyError" in err and "step 'national_approval' (Armenia)" in err
    text = (tmp_path / "crash-kazakhstan-2022-seed5.txt").read_text()
    assert "mode:         predictive" in text and "seed:         5" in text
    assert "command:      treaty-sim run" in text and "--seed 5" in text
    assert not (tmp_path / "events.csv").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [MANIFEST, "crash-kazakhstan-2022-seed5.txt", "partial-events.csv"]


def test_bug_while_writing_outputs(kz_path, tmp_path, monkeypatch, capsys):
    def broken(result):
        raise RuntimeError("summary template bug")

    monkeypatch.setattr(run_files, "summary_markdown", broken)
    assert main(["run", str(kz_path), "--out", str(tmp_path)]) == 3
    err = " ".join(capsys.readouterr().err.split())
    assert "RuntimeError: summary template bug" in err and "in the outputs" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == [MANIFEST, "crash-kazakhstan-2022-seed1.txt", "partial-events.csv"]


def test_a_later_good_run_removes_the_stale_partial_log(kz_path, tmp_path, monkeypatch):
    monkeypatch.setattr(kind_named("decide"), "process", _broken_decide)
    assert main(["run", str(kz_path), "--out", str(tmp_path), "--quiet"]) == 3
    monkeypatch.undo()
    assert main(["run", str(kz_path), "--out", str(tmp_path), "--quiet"]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert "partial-events.csv" not in names  # it described a run that no longer matches the outputs
    assert "crash-kazakhstan-2022-seed1.txt" in names  # the bug report stays until it is dealt with
