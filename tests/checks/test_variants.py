"""Variant files: a base scenario with fields changed, validated like a scenario, errors at the variant's lines."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from conftest import ROOT

from simulator import UserError, load_scenario, run
from simulator.experiments import VariantScenario, load_case

VARIANTS = ROOT / "scenarios" / "variants"
KZ = str(ROOT / "scenarios" / "kazakhstan-2022.yaml")


def write(tmp_path: Path, text: str, name: str = "v.yaml") -> Path:
    """A variant file in ``tmp_path``."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path) -> list:
    with pytest.raises(UserError) as caught:
        load_case(path)
    return caught.value.problems


def test_shipped_variants_answer_their_questions(kz_replay):
    objects = run(VARIANTS / "kz-member-objects.yaml")
    assert objects.outcome == "declined" and "Kyrgyzstan objects" in objects.outcome_text()
    article_2 = run(VARIANTS / "kz-article-2.yaml")
    assert article_2.outcome == "aid"  # replay takes the assessment's most probable option: measures
    assert not any(e.step == "airlift" for e in article_2.events)
    assert any(e.step == "emergency_consultations" for e in article_2.events)
    half = run(VARIANTS / "kz-half-aircraft.yaml")
    done = {m.id: m.simulated_h for m in half.milestones}
    base = {m.id: m.simulated_h for m in kz_replay.milestones}
    assert done["deployment-complete"] > base["deployment-complete"] + 24
    quorum = run(VARIANTS / "kz-kyrgyz-quorum.yaml")
    sessions = [e for e in quorum.events if e.member == "Kyrgyzstan" and e.event == "session"]
    assert [s.outcome for s in sessions] == ["approved"]
    for path in VARIANTS.glob("*.yaml"):
        schema, question = path.read_text(encoding="utf-8").splitlines()[:2]
        assert schema == "# yaml-language-server: $schema=../../schemas/variant.schema.json", path.name
        assert question.startswith("# What if"), path.name


def test_a_variant_is_a_scenario_that_knows_where_it_came_from():
    case = load_case(VARIANTS / "kz-half-aircraft.yaml")
    assert isinstance(case, VariantScenario)
    assert case.scenario == "kz-half-aircraft" and case.base_scenario == "kazakhstan-2022"
    assert case.air["airlift"].aircraft == 37
    assert case.changes == ["air.airlift.aircraft: 75 -> 37"]
    assert case.kept_entries() == ["appeal", "csc-decision", "decision-issued"]
    assert load_case(ROOT / "scenarios" / "kazakhstan-2022.yaml") == load_scenario(ROOT / "scenarios" / "kazakhstan-2022.yaml")


def test_set_by_index_and_record_id_and_override_merges(tmp_path):
    path = write(tmp_path, f"""variant: mixed
base: {KZ}
set:
  contingents.Kyrgyzstan.approval.0.seats: 100
  record.first-units.label: First landing
override:
  bodies:
    csc:
      answers: {{Belarus: abstain}}
  air:
    airlift: {{turnaround_h: 30}}
""")
    case = load_case(path)
    assert case.contingents["Kyrgyzstan"].approval[0].seats == 100
    assert next(e for e in case.record if e.id == "first-units").label == "First landing"
    assert case.bodies["csc"].answers == {"Belarus": "abstain"}
    assert case.bodies["csc"].drafting_h.kind == "triangular"  # merged, not replaced
    assert case.air["airlift"].aircraft == 75 and case.air["airlift"].turnaround_h.params == (30.0,)
    assert case.title.endswith("(variant mixed)")


def test_errors_point_at_the_variant_line_that_put_the_value_there(tmp_path):
    path = write(tmp_path, f"""variant: bad
base: {KZ}
set:
  air.airlift.aircraft: 0
  air.airlift.aircrafts: 3
  contingents.Kyrgyzstan.approval.0.attendance_by_session.0: 1.5
""")
    found = {(p.file, p.line, p.path) for p in problems(path)}
    assert (str(path), 4, "air.airlift.aircraft") in found
    assert (str(path), 5, "air.airlift.aircrafts") in found
    assert any(f == str(path) and line == 6 for f, line, _ in found)  # a rule across the stage's fields


def test_a_change_that_leaves_a_base_value_wanting_says_to_fix_it_in_the_variant(tmp_path):
    path = write(tmp_path, f"variant: art2\nbase: {KZ}\nset:\n  request.article: CST Art. 2\n")
    found = problems(path)
    assert all(p.path != "choices" for p in found)  # the assessment's default (no measures) needs no choice
    missing = next(p for p in found if "emergency_consultations" in p.message)
    assert missing.file.endswith("kazakhstan-2022.yaml") and f"change it in {path}" in missing.hint


@pytest.mark.parametrize("text, message, line", [
    ("variant: x\nbase: missing.yaml\n", "base scenario", 2),
    ("variant: x\nbase: {KZ}\nset:\n  contingents.Kyrgystan.seats: 3\n", "did you mean 'Kyrgyzstan'", 4),
    ("variant: x\nbase: {KZ}\nset:\n  record.nope.label: x\n", "no item 'nope'", 4),
    ("variant: x\nbase: {KZ}\nfork_at: 2021-01-01T00:00+06:00\n", "before the scenario's origin", 3),
    ("variant: Bad Id\nbase: {KZ}\n", "variant", 1),
    ("variant: x\nbase: {KZ}\nsett: {{}}\n", "unknown field 'sett'", 3),
])
def test_mistakes_in_the_variant_itself(tmp_path, text, message, line):
    path = write(tmp_path, text.format(KZ=KZ))
    found = problems(path)
    assert any(message in str(p) and p.line == line and p.file == str(path) for p in found), found


def test_a_misspelt_field_is_matched_to_the_name_a_file_uses_not_the_python_one(tmp_path):
    path = write(tmp_path, f"variant: x\nbase: {KZ}\nsett: {{}}\n")
    typo = next(p for p in problems(path) if "'sett'" in p.message)
    assert typo.hint == "did you mean 'set'?"  # the model's field is set_ (alias set)


def test_fork_pins_the_record_up_to_its_instant_then_draws(tmp_path):
    path = write(tmp_path, f"variant: forked\nbase: {KZ}\nfork_at: 2022-01-06T12:00+06:00\n")
    case = load_case(path)
    result = run(case, mode="predictive", seed=4)
    pinned = {m.id for m in result.milestones if m.simulated_h is not None and math.isclose(m.simulated_h, m.assumed_h)}
    assert {"appeal", "csc-decision", "decision-issued"} <= pinned  # first-units: held for the record, flights drawn
    assert not pinned & {"tajik-parliament", "deployment-complete", "withdrawal-complete"}
    assert {e.step for e in result.events if e.pinned} == {"request", "council_decision", "decision_issued", "airlift"}
    replay = run(case)  # replay of a fork: the record up to the fork, medians after it
    assert not any(e.pinned and e.hours > case.fork_h for e in replay.events)
    full = run(ROOT / "scenarios" / "kazakhstan-2022.yaml", mode="predictive", seed=4, pin_until=case.fork_h)
    assert full.events == result.events  # run(pin_until=) is what fork_at does
