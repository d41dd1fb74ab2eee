"""Checking a scenario (checks/scenario.py) gives located problems, not tracebacks: each names the file, the line
of the field, the field's path, what is wrong and how to fix it (what `treaty-sim run` and `validate` print for
them: tests/cli/test_runs_commands.py, tests/cli/test_inspection_commands.py)."""

from __future__ import annotations

import re

import pytest
from bad_scenarios import BAD_INPUTS

from simulator import UserError, load_scenario


def _problems(path) -> list:
    with pytest.raises(UserError) as caught:
        load_scenario(path)
    return caught.value.problems


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_each_mistake_is_a_located_problem(case, variant):
    change, field, message, hint = BAD_INPUTS[case]
    path = variant(change)
    problem = next(p for p in _problems(path) if field in p.path and message in p.message)
    assert problem.file == str(path)
    # the line is the field's own: its key, or the list item at its index
    line = path.read_text(encoding="utf-8").splitlines()[problem.line - 1].strip()
    last = re.split(r"[.\[]", problem.path)[-1]
    assert line.startswith("- ") if last.endswith("]") else line.startswith(f"{last}:"), (problem.path, line)
    assert hint in problem.hint and problem.hint
    assert f"{path}:{problem.line}: {problem.path}: " in str(problem) and "\n    fix: " in str(problem)


@pytest.mark.parametrize("at", ["2022-01-07", "2022-01-07T12:00", {"date": "2022-01-07+06:00"}, {"dte": "2022-01-07"}])
def test_a_record_time_mistake_is_one_problem_not_one_per_form_a_time_may_take(variant, at):
    path = variant(lambda d: next(r for r in d["record"] if r["id"] == "kyrgyz-approval").update(at=at))
    (problem,) = _problems(path)  # not also "should be a valid dictionary" for text, nor "written as text" for a mapping
    assert problem.path.startswith("record[") and ".at" in problem.path


@pytest.mark.parametrize("content, message, line, hint", [
    ("", "file is empty", None, "start from scenarios/kazakhstan-2022.yaml"),
    ("- just\n- a list\n", "must be a YAML mapping", None, "start from scenarios/kazakhstan-2022.yaml"),
    ("scenario: [unclosed\n", "not valid YAML", 2, "fix the YAML syntax"),
    ("a: !!python/object/apply:os.system ['true']\n", "is not allowed", 1, "scenario files hold plain data only; remove the tag"),
])
def test_a_file_that_is_no_scenario_is_one_problem(tmp_path, content, message, line, hint):
    path = tmp_path / "bad.yaml"
    path.write_text(content)
    (problem,) = _problems(path)
    assert message in problem.message
    assert (problem.file, problem.line, problem.hint) == (str(path), line, hint)


def _moved(data, origin, by=None):
    data["origin"] = origin
    data["record"] = []
    if by is not None:
        data["request"]["by"] = data["crisis"]["where"] = by


@pytest.mark.parametrize("origin, by, field, message", [
    # Tajikistan's civil war (CSTO record section 2, row 0): before the Treaty was in force
    ("1993-09-24T00:00+05:00", "Tajikistan", "origin", "had no members on 1993-09-24; its first members joined on 1994-04-20"),
    # Uzbekistan between its suspension (2012) and now
    ("2015-01-01T00:00+05:00", "Uzbekistan", "request.by",
     "Uzbekistan was not a member of the Collective Security Treaty Organization (CSTO) on 2015-01-01"),
    ("2015-01-01T00:00+05:00", "Azerbaijan", "request.by", "'Azerbaijan' is not a member of the Collective"),
])
def test_a_case_the_organisation_could_not_have_handled_says_why(edit, origin, by, field, message):
    path = edit("kyrgyzstan-1999-batken", lambda d: _moved(d, origin, by))
    problem = next(p for p in _problems(path) if p.path == field)
    assert message in problem.message and "could not have handled" in problem.message
    assert problem.hint and problem.file == str(path)


def test_a_branch_that_needs_a_body_not_yet_created_is_refused(edit):
    # the Joint Staff's task force (the standing-decision branch) before the Joint Staff existed (2004)
    def standing(data):
        _moved(data, "2001-07-07T00:00+05:00")
        data["request"] = {"by": "Kyrgyzstan", "article": "CSC decision 2013-09-23", "source": ["KB2"]}
    problem = next(p for p in _problems(edit("kyrgyzstan-1999-batken", standing)) if "Joint Staff" in p.message)
    assert "did not exist on 2001-07-07 (it existed from 2004-01-01)" in problem.message


def test_an_unknown_key_that_looks_like_a_pydantic_tag_is_named(variant):
    # Found by the fuzz (robustness/test_robust_fuzz.py): a key renamed '[/]' was taken for a union-branch tag and
    # dropped from the error's location, and the message then crashed on the empty location.
    path = variant(lambda data: data.update({"[/]": data.pop("scenario")}))
    problem = next(p for p in _problems(path) if "unknown field" in p.message)
    assert problem.message == "unknown field '[/]'" and problem.path == "[/]"
    assert problem.line and path.read_text(encoding="utf-8").splitlines()[problem.line - 1].startswith("'[/]':")
