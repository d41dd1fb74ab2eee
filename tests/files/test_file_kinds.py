"""A file that is not a mapping at all is told where a file of its kind comes from, not to start
from a scenario (the fix line each loader gives)."""

from __future__ import annotations

import pytest
from conftest import ROOT

from simulator import load_scenario, run
from simulator.base.errors import UserError
from simulator.checks.injects import load_injects
from simulator.checks.treaty import load_treaty
from simulator.classroom.start import read_saved
from simulator.lesson.files import load_lesson

KZ = ROOT / "scenarios" / "kazakhstan-2022.yaml"


@pytest.mark.parametrize(("kind", "fix"), [
    ("treaty", "start from a shipped treaty: `treaty-sim treaties` lists them"),
    ("injects", "start from lessons/kazakhstan-2022-injects.yaml"),
    ("lesson", "start from lessons/armenia-2021-05.yaml"),
    ("saved session", "give the session.json that the teacher's page saves (Save session)"),
])
def test_a_list_is_told_where_its_kind_of_file_comes_from(kind, fix, tmp_path):
    path = tmp_path / "file.yaml"
    path.write_text("- just\n- a list\n", encoding="utf-8")
    scenario = load_scenario(KZ)
    load = {"treaty": lambda: load_treaty(path), "injects": lambda: load_injects(path, scenario),
            "lesson": lambda: load_lesson(path, scenario, run(scenario)), "saved session": lambda: read_saved(path)}
    with pytest.raises(UserError) as raised:
        load[kind]()
    (problem,) = raised.value.problems
    assert "must be a YAML mapping" in problem.message and problem.hint == fix
