"""Contained paths (issue 7, item 5): nothing a file or option says can write outside the output folder.

Scenario ids and treaty ids name folders and files, so they are restricted to plain names;
`--out` is the user's own choice of folder and is used as given, with every output inside
it; an output name that is a symlink is kept (with --force replaced), never followed.
"""

from __future__ import annotations

import json
import os

import pytest

from simulator.cli import main
from simulator.files.output_set import MANIFEST

OUTPUTS = {"events.csv", "events.jsonl", "milestones.csv", "outcome.json", "timeline.png", "timeline.svg", "summary.md"}


def _tree(root) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


@pytest.mark.parametrize("scenario_id", ["../escape", "../../tmp/x", "/tmp/absolute", "a/b", "..", "", ".hidden",
                                         "kazakhstan-２０２２", "ka\u0301z", "Kazakhstan", "x" * 65, "kz\u202e", "a b",
                                         "nul\x00", "new\nline", "c:\\windows"])
def test_odd_scenario_ids_are_refused(variant, tmp_path, monkeypatch, capsys, scenario_id):
    path = variant(lambda d: d.update(scenario=scenario_id))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    before = _tree(tmp_path)
    assert main(["run", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:1: scenario: String should match pattern" in err and "fix:" in err
    assert _tree(tmp_path) == before  # nothing written anywhere


def test_out_is_used_as_given_and_nothing_lands_elsewhere(kz_path, tmp_path, monkeypatch, capsys):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    odd = "../out [x] $y$ ü 🛰 #1"
    assert main(["run", str(kz_path), "--out", odd]) == 0
    assert f"Wrote 7 files to {odd}/" in " ".join(capsys.readouterr().out.split())
    assert _tree(tmp_path) == {"work"} | {f"out [x] $y$ ü 🛰 #1/{n}" for n in (*OUTPUTS, MANIFEST)} | {"out [x] $y$ ü 🛰 #1"}


def test_default_folder_is_under_outputs(kz_path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["run", str(kz_path), "--mode", "predictive", "--seed", "3", "--quiet"]) == 0
    assert {p.parent.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.csv")} == \
        {"outputs/kazakhstan-2022-predictive-seed3"}


@pytest.mark.parametrize("out, message, said", [
    ("exists-as-file", "output path exists and is not a folder", "exists-as-file: output path exists and is not a folder "
                                                                  "fix: choose another --out"),
    ("nul\x00byte", "is not a usable path", "Error: Invalid value for '--out' / '-o': 'nul\\x00byte' is not a usable path"),
    ("x" * 300, "too long", "unusable output folder: [Errno 36] File name too long"),
    ("exists-as-file/below", "cannot write", "exists-as-file/below: cannot write: Not a directory fix: choose another --out"),
])
def test_unusable_out_is_a_user_error(kz_path, tmp_path, monkeypatch, capsys, out, message, said):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "exists-as-file").write_text("keep")
    assert main(["run", str(kz_path), "--out", out]) == 2
    captured = capsys.readouterr()
    err = captured.err
    assert message in err and "Traceback" not in err
    assert (tmp_path / "exists-as-file").read_text() == "keep"
    assert said in " ".join(err.split()) and captured.out == ""  # said once, before any run output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exists-as-file"]


def test_a_symlinked_output_is_kept_or_with_force_replaced_never_followed(kz_path, tmp_path, capsys):
    victim = tmp_path / "victim.txt"
    victim.write_text("do not touch")
    out = tmp_path / "out"
    out.mkdir()
    os.symlink(victim, out / "events.csv")
    os.symlink(tmp_path, out / "timeline.png")
    assert main(["run", str(kz_path), "--out", str(out), "--quiet"]) == 2  # not an output of run: kept
    assert f"{out / 'events.csv'}: cannot overwrite: it is a symbolic link" in " ".join(capsys.readouterr().err.split())
    assert sorted(os.listdir(out)) == ["events.csv", "timeline.png"] and (out / "events.csv").is_symlink()
    assert main(["run", str(kz_path), "--out", str(out), "--quiet", "--force"]) == 0
    assert victim.read_text() == "do not touch"
    assert not (out / "events.csv").is_symlink() and (out / "events.csv").read_text().startswith("replication,")
    assert (out / "timeline.png").read_bytes()[:4] == b"\x89PNG"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "victim.txt"]


@pytest.mark.parametrize("treaty_id", ["../../escape", "/tmp/abs", "a/b", "Tiny Pact"])
def test_treaty_ids_cannot_name_files_outside(tmp_path, monkeypatch, capsys, treaty_id):
    import shutil

    import yaml
    from tiny_pact import TREATY

    from simulator.checks.treaty import TREATY_DIR

    folder = tmp_path / "treaties"
    folder.mkdir()
    (folder / "evil.yaml").write_text(yaml.safe_dump(dict(TREATY, treaty=treaty_id), sort_keys=False))
    shutil.copy(TREATY_DIR / "csto.sources.yaml", folder / "evil.sources.yaml")
    out = tmp_path / "a" / "b"
    before = _tree(tmp_path)
    assert main(["graph", str(folder / "evil.yaml"), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{folder / 'evil.yaml'}:1: treaty: String should match pattern" in err
    assert _tree(tmp_path) == before


def test_a_file_the_user_names_may_have_any_name(tmp_path, capsys):
    target = tmp_path / "my schema (v2) – ü.json"
    assert main(["schema", "--out", str(target)]) == 0
    assert target.read_text().startswith("{")
    assert json.loads(target.read_text())["title"] == "treaty-sim scenario"
    assert main(["schema", "--out", str(tmp_path / "missing-folder" / "..")]) == 2
    err = capsys.readouterr().err
    assert "not a file name" in err
    assert f"  {tmp_path / 'missing-folder' / '..'}: not a file name\n    fix: name a file, e.g. schema.json" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == [MANIFEST, target.name]  # no missing-folder made
