"""The README and the pages it points to stay true: its first commands, the Python example, the format and the
outputs as documented (docs/tutorial/python.md, docs/reference/*.md, docs/howto/*.md)."""

from __future__ import annotations

import re

import yaml
from conftest import ROOT

from simulator import json_schema

README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = ROOT / "docs"


def _page(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")
FIDELITY_FILES = ("fidelity.csv", "fidelity-outcomes.csv", "fidelity.png", "fidelity.svg", "fidelity.md")
MONTECARLO_FILES = ("replications.csv", "outcomes.csv", "milestones.csv", "distributions.png", "distributions.svg",
                    "summary.md")


def _blocks(lang: str, text: str = README) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", text, flags=re.S)


def test_first_two_commands_run_and_test():
    commands = [line.split("#")[0].strip() for line in _blocks("")[0].splitlines() if line.strip()]
    assert commands[:2] == ["make run", "make test"]
    makefile = (ROOT / "Makefile").read_text()
    assert "scenarios/kazakhstan-2022.yaml" in makefile.split("\nrun:")[1].split("\n\n")[0]
    assert "bash" in (ROOT / ".ci" / "run").read_text() and "make test" in (ROOT / ".ci" / "run").read_text()


def test_python_example_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    code = _blocks("python", _page("tutorial/python.md"))[0].replace('"outputs/mine"', repr(str(tmp_path / "mine")))
    namespace: dict = {}
    exec(compile(code, "docs/tutorial/python.md", "exec"), namespace)
    assert namespace["result"].mode == "predictive"
    assert (tmp_path / "mine" / "events.csv").exists()
    # What the example says each line gives: the seed-7 run written, the injects run, the reports.
    result = namespace["result"]
    assert (result.seed, result.outcome) == (7, "deployed")
    assert (tmp_path / "mine" / "events.csv").read_text().count("\n") == 1 + len(result.events)
    assert namespace["seized"].outcome == "deployed" and sum(e.event == "inject" for e in namespace["seized"].events) == 2
    assert namespace["html"].count('class="badge deployed">deployed</span>') >= 2
    assert namespace["report"].n == 100 and 0.9 <= namespace["report"].match_rate <= 1
    assert namespace["mc"].outcomes["replications"].sum() == 20 and len(namespace["mc"].replications) == 20
    table = namespace["both"].table.set_index("id")  # milestones side by side, the difference from the first case
    assert len(table) == 21 and table.loc["deployment-complete", "kz-half-aircraft_delta_hours"] > 24


def test_field_table_matches_the_schema():
    documented = set()
    for row in re.findall(r"^\| ((?:`[a-z_]+`(?:, )?)+) \|", _page("reference/scenario-files.md"), flags=re.M):
        documented |= set(re.findall(r"`([a-z_]+)`", row))
    assert set(json_schema()["properties"]) <= documented


def test_yaml_example_is_taken_from_the_shipped_scenario():
    example = _blocks("yaml", _page("reference/scenario-files.md"))[0]
    shipped = (ROOT / "scenarios" / "kazakhstan-2022.yaml").read_text()
    assert example in shipped
    assert yaml.safe_load(example)[0]["registered"] == 39


def test_output_table_names_every_file_a_run_writes(kz_replay, tmp_path):
    written = {p.name for p in kz_replay.write(tmp_path)}
    section = _page("reference/outputs.md")
    documented = set(re.findall(r"`([a-z]+\.[a-z]+)`", section))
    assert documented == written


def test_the_docs_document_the_fidelity_command_and_its_files():
    assert "| `treaty-sim fidelity SCENARIO -n 1000 --seed 1` |" in _page("reference/commands.md")
    section = _page("howto/fidelity.md")
    assert set(re.findall(r"^\| `([a-z-]+\.[a-z]+)`", section, flags=re.M)) | {"fidelity.svg"} == set(FIDELITY_FILES)


def test_the_docs_document_the_experiment_commands_and_files():
    readme = _page("reference/commands.md")
    section = _page("howto/experiments.md")
    others = ("compare.csv", "compare-outcomes.csv", "sweep.csv", "sweep-replications.csv", "sensitivity.csv")
    for name in MONTECARLO_FILES + others:
        assert f"`{name}`" in section or name.split(".")[0] in section, name
    for command in ("treaty-sim montecarlo", "treaty-sim compare", "treaty-sim sweep", "treaty-sim sensitivity"):
        assert command in readme
