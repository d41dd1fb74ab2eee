"""The JSON Schemas of the file kinds are true: every shipped file of a kind validates with standard
validators (jsonschema's Draft 2020-12 with format checking, and check-jsonschema), the broken files of
broken_files.py are refused by the schema and by the loader, and schemas/ holds exactly the models' schemas."""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from broken_files import BROKEN, IDS, write_broken
from conftest import ROOT, SCENARIOS
from jsonschema import Draft202012Validator

from simulator import load_scenario, run
from simulator.base.errors import UserError
from simulator.base.timeutil import parse_date, parse_instant
from simulator.checks.injects import load_injects
from simulator.checks.treaty import load_treaty
from simulator.checks.variant import load_case
from simulator.files.yamlio import load_yaml
from simulator.lesson import derive_points, load_answers, load_lesson
from simulator.model import FILE_KINDS
from simulator.model.fields import DATE_PATTERN, INSTANT_PATTERN
from simulator.model.schemas import MODELS, json_schema, schema_file, schema_text

SCHEMAS = ROOT / "schemas"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)\n")


def _kind_by_folder(path: Path) -> str:
    """What the file is, by where it ships (lessons/ by the end of the name)."""
    rel = path.relative_to(ROOT).as_posix()
    if rel.startswith("scenarios/variants/"):
        return "variant"
    if rel.startswith("scenarios/"):
        return "scenario"
    if rel.startswith("simulator/treaties/"):
        return "treaty"
    return next((k for k in ("answers", "injects") if path.stem.endswith(f"-{k}")), "lesson")


SHIPPED = sorted([*SCENARIOS.rglob("*.yaml"), *(ROOT / "lessons").glob("*.yaml"),
                  *[p for p in (ROOT / "simulator" / "treaties").glob("*.yaml") if p.name.count(".") == 1]])
BY_KIND = {kind: [p for p in SHIPPED if _kind_by_folder(p) == kind] for kind in FILE_KINDS}


def _validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(json_schema(kind), format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_every_file_kind_has_its_model_and_its_committed_schema():
    assert tuple(MODELS) == FILE_KINDS
    assert sorted(p.name for p in SCHEMAS.iterdir()) == sorted(schema_file(k) for k in FILE_KINDS)
    for kind in FILE_KINDS:
        assert (SCHEMAS / schema_file(kind)).read_text(encoding="utf-8") == schema_text(kind), (
            f"schemas/{schema_file(kind)} is out of date: run `make schemas`")
        schema = json.loads(schema_text(kind))
        Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["title"] == f"treaty-sim {kind}"


def test_no_instant_is_declared_an_rfc3339_date_time():
    """RFC 3339 wants seconds; scenarios write 2022-01-05T00:00+06:00."""
    for kind in FILE_KINDS:
        assert '"date-time"' not in schema_text(kind) and '"format": "date"' not in schema_text(kind), kind
    origin = json_schema("scenario")["properties"]["origin"]
    assert origin["pattern"] == INSTANT_PATTERN and "e.g. 2022-01-06T03:30+06:00" in origin["description"]


@pytest.mark.parametrize("path", SHIPPED, ids=[p.relative_to(ROOT).as_posix() for p in SHIPPED])
def test_a_shipped_file_names_its_schema_and_validates_with_it(path):
    kind = _kind_by_folder(path)
    named = LINE.match(path.read_text(encoding="utf-8"))
    assert named, f"{path.name}: the first line names no schema"
    assert (path.parent / named[1]).resolve() == SCHEMAS / schema_file(kind)
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in _validator(kind).iter_errors(load_yaml(path).data)]
    assert errors == []


def test_check_jsonschema_accepts_every_shipped_file_of_each_kind():
    assert [len(BY_KIND[k]) for k in FILE_KINDS] == [len(list(SCENARIOS.glob("*.yaml"))), 4, 1, 1, 2, 3]
    for kind, files in BY_KIND.items():
        done = subprocess.run([str(CHECK_JSONSCHEMA), "--schemafile", str(SCHEMAS / schema_file(kind)), *map(str, files)],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0 and "ok -- validation done" in done.stdout, f"{kind}: {done.stdout}{done.stderr}"


def test_a_variant_is_no_scenario_and_a_scenario_no_variant():
    """The issue's complaint: variant files were checked against the scenario schema, and refused."""
    variant = load_yaml(BY_KIND["variant"][0]).data
    scenario = load_yaml(SCENARIOS / "kazakhstan-2022.yaml").data
    assert _validator("variant").is_valid(variant) and not _validator("scenario").is_valid(variant)
    assert _validator("scenario").is_valid(scenario) and not _validator("variant").is_valid(scenario)


def _loader_refusal(kind: str, path: Path) -> UserError:
    """What the loader of ``kind`` says of ``path`` (each one the command that reads such a file calls)."""
    with pytest.raises(UserError) as refused:
        if kind in ("scenario", "variant"):
            load_case(path)
        elif kind == "injects":
            load_injects(path, load_scenario(SCENARIOS / "kazakhstan-2022.yaml"))
        elif kind == "lesson":
            case = load_scenario(SCENARIOS / "armenia-2021-05.yaml")
            load_lesson(path, case, run(case))
        elif kind == "answers":
            case = load_scenario(SCENARIOS / "kazakhstan-2022.yaml")
            history = run(case)
            load_answers(path, derive_points(case, history))
        else:
            load_treaty(path)
    return refused.value


@pytest.mark.parametrize("kind, mistake, source, change, field", BROKEN, ids=IDS)
def test_a_broken_file_is_refused_by_its_schema_and_its_loader(kind, mistake, source, change, field, tmp_path):
    path = write_broken(tmp_path, source, change)
    assert not _validator(kind).is_valid(load_yaml(path).data)
    problems = _loader_refusal(kind, path).problems
    assert field in [p.path for p in problems], [str(p) for p in problems]
    assert all(p.file == str(path) and p.line for p in problems if p.path == field)


def test_check_jsonschema_refuses_every_broken_file(tmp_path):
    for kind in FILE_KINDS:
        made = []
        for i, (of_kind, _, source, change, _) in enumerate(BROKEN):
            if of_kind == kind:  # each in a folder of its own: their names are the shipped files'
                (tmp_path / str(i)).mkdir()
                made.append(write_broken(tmp_path / str(i), source, change))
        done = subprocess.run([str(CHECK_JSONSCHEMA), "-o", "JSON", "--schemafile", str(SCHEMAS / schema_file(kind)),
                               *map(str, made)], capture_output=True, text=True, timeout=120)
        assert done.returncode == 1, done.stderr
        refused = {error["filename"] for error in json.loads(done.stdout)["errors"]}
        assert refused == {str(p) for p in made}, kind


# Forms of an instant, joined in every way: the pattern must take each one the loader reads.
DATES = ["2022-01-05", "20220105", "2022-W01-3", "2022W013", "2022-1-05", "22-01-05"]
SEPARATORS = ["T", " ", "t", "_", ""]
TIMES = ["00:00", "0000", "03", "03:30:15", "033015", "03:30:15.25", "03:30:15,123456789", "3:30", "03:30.5"]
OFFSETS = ["+06:00", "+0600", "+06", "Z", "-05:30", "+06:00:00", "", " +06:00", "+6", "UTC"]


def test_the_instant_pattern_takes_every_form_the_loader_reads():
    pattern, read, refused = re.compile(INSTANT_PATTERN), 0, []
    for parts in itertools.product(DATES, SEPARATORS, TIMES, OFFSETS):
        text = "".join(parts)
        try:
            parse_instant(text)
        except ValueError:
            continue
        read += 1
        if not pattern.match(text):
            refused.append(text)
    assert read > 300 and refused == []
    for unread in ["2022-01-05T00:00", "2022-01-05", "5 Jan 2022 00:00+06:00", "2022-01-05T00:00 Asia/Almaty", "noon"]:
        assert not pattern.match(unread), unread
    dates = re.compile(DATE_PATTERN)
    assert [d for d in DATES if dates.match(d)] == [d for d in DATES if _reads_date(d)] == DATES[:4]
    assert not dates.match("2022-01-05T00:00+06:00") and not dates.match("May 1992")


def _reads_date(text: str) -> bool:
    try:
        parse_date(text)
    except ValueError:
        return False
    return True
