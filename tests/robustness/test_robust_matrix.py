"""The matrix (issue 15, item 1): every command on every shipped case and variant, with its documented
defaults and without `-o` (so each writes where it says it does, under ./outputs of a temporary working
folder), in-process through `simulator.cli.main`. None may exit 3; small `-n` keeps it fast. Variant files
go through every command as scenarios do (`report`, `export` and `teach` refused them before issue 17).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, SCENARIOS

from simulator.checks.treaty import treaty_names
from simulator.checks.variant import load_case
from simulator.cli import main
from simulator.lesson import derive_points
from simulator.run import run

CASES = sorted(SCENARIOS.glob("*.yaml")) + sorted((SCENARIOS / "variants").glob("*.yaml"))
TIMES: dict[str, float] = {}


def _answers(case: Path, folder: Path) -> list[str]:
    """--answers and a file that changes every decision of the case's lesson (the first answer history did
    not give); nothing for a case with no decision to take (the lesson then asks nothing)."""
    loaded = load_case(case)
    points = derive_points(loaded, run(loaded))
    if not points:
        return []
    answers = {p.id: next((o for o in p.options if o != p.history and o not in p.unavailable), p.history)
               for p in points}
    path = folder / f"{case.stem}-answers.yaml"
    path.write_text(yaml.safe_dump(answers))
    return ["--answers", str(path)]


def _commands(case: Path, folder: Path) -> dict[str, list[str]]:
    loaded = load_case(case)
    c, days, first = str(case), int(loaded.horizon_days), loaded.record[0].id
    commands = {
        "run": ["run", c],
        "run predictive": ["run", c, "--mode", "predictive"],
        "validate": ["validate", c],
        "check": ["check", c],
        "fidelity": ["fidelity", c, "-n", "2", "-q"],
        "montecarlo": ["montecarlo", c, "-n", "2", "-q"],
        "compare": ["compare", str(SCENARIOS / "kazakhstan-2022.yaml"), c],
        "compare montecarlo": ["compare", str(SCENARIOS / "kazakhstan-2022.yaml"), c, "--mode", "montecarlo", "-n", "2", "-q"],
        "sweep": ["sweep", c, "--param", f"horizon_days={days},{days + 10}", "-n", "2", "-q"],
        "sensitivity": ["sensitivity", c, "--milestone", first, "--param", f"horizon_days={days}:{days + 10}",
                        "-n", "2", "--runs", "1", "-q"],
        "report": ["report", c],
        "teach": ["teach", c, *_answers(case, folder)],
        "cases": ["cases", c],
    }
    for fmt in ("ocel2-json", "timelinejs", "vis-timeline"):
        commands[f"export {fmt}"] = ["export", c, "-f", fmt]
    return commands


# It checks that nothing lands in the repository's outputs/, where the browser tests save their screenshots
# (render/html/test_report_browser.py, classroom/test_classroom_browser.py): in one group, never at the same time.
@pytest.mark.xdist_group("repository-outputs")
@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_every_command_runs_on_every_case(case, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "scenarios").symlink_to(SCENARIOS)
    before = sorted(p.name for p in (ROOT / "outputs").iterdir())
    codes = {}
    started = time.perf_counter()
    for name, argv in _commands(case, tmp_path).items():
        codes[name] = main(argv)
        printed = capsys.readouterr()
        assert "Traceback" not in printed.err and "internal error" not in printed.err, (name, printed.err)
    TIMES[case.stem] = time.perf_counter() - started
    assert codes == dict.fromkeys(codes, 0)
    # what the defaults promise: run writes to outputs/<scenario>/ (a variant's id for a variant)
    summary = tmp_path / "outputs" / load_case(case).scenario / "summary.md"
    assert summary.read_text().startswith("# ")
    assert sorted(p.name for p in (ROOT / "outputs").iterdir()) == before  # nothing landed in the repository


@pytest.mark.parametrize("treaty", treaty_names())
def test_graph_and_check_of_every_treaty(treaty, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["graph", treaty]) == 0 and main(["check", treaty]) == 0
    printed = capsys.readouterr().out
    assert f"Wrote outputs/{treaty}-network.png" in printed and "✓ no unreachable steps" in printed
    assert (tmp_path / "outputs" / f"{treaty}-network.svg").read_text().lstrip().startswith("<?xml")
