"""The inspection commands: `validate`, `schema`, `graph`, `treaties` and `check` (the decision network's
static checks on the CSTO and on broken copies of it)."""

from __future__ import annotations

import json

import pytest
from conftest import KZ, ROOT, SCENARIOS

from simulator.cli import main

VARIANTS = SCENARIOS / "variants"


def _check(target, capsys):
    code = main(["check", target])
    return code, capsys.readouterr().out.replace("\n", " ")


@pytest.mark.parametrize("target", ["csto", "scenarios/kazakhstan-2022.yaml", "scenarios/belarus-2020.yaml"])
def test_the_shipped_procedure_is_sound(target, capsys):
    code, text = _check(target, capsys)
    assert code == 0, text
    assert "3 forbidden-path rules" in text and "no forbidden paths" in text


def test_a_variant_is_checked_on_its_own_branch(capsys):
    code, text = _check("scenarios/variants/kz-article-2.yaml", capsys)
    assert code == 0 and "emergency_consultations" in text and "airlift" not in text


def test_a_scenario_lists_the_branch_it_can_reach(capsys):
    code, text = _check("scenarios/kyrgyz-tajik-2022.yaml", capsys)
    assert code == 0 and "can reach 2 steps: request, good_offices" in text


def test_unreachable_step(broken_csto, capsys):
    def orphan(steps, data):
        steps["request"]["next"].pop("standing")

    code, text = _check(broken_csto(orphan), capsys)
    assert code == 1
    assert "step 'task_force' cannot be reached from 'request'" in text


def test_loop_without_way_out(broken_csto, capsys):
    def loop(steps, data):
        steps["un_notification"]["next"] = "commander_appointed"
        steps["commander_appointed"]["next"] = "un_notification"

    code, text = _check(broken_csto(loop), capsys)
    assert code == 1
    assert "un_notification → commander_appointed → un_notification" in text
    assert "step 'commander_appointed' can never lead to the end" in text


def test_deployment_without_council_decision(broken_csto, capsys):
    def blocked_still_deploys(steps, data):
        steps["council_decision"]["next"]["blocked"] = ["decision_issued"]

    code, text = _check(broken_csto(blocked_still_deploys), capsys)
    assert code == 1
    assert "no deployment without a Council decision" in text
    assert "council_decision (blocked)" in text


def test_deployment_without_request(broken_csto, capsys):
    def start_at_the_council(steps, data):
        data["procedure"]["start"] = "council_decision"

    code, text = _check(broken_csto(start_at_the_council), capsys)
    assert code == 1
    assert "no deployment without a formal request" in text and "cannot be reached from 'council_decision'" in text


def test_an_informal_contact_that_leads_to_forces_is_a_forbidden_path(broken_csto, capsys):
    def held_meeting_sends_forces(steps, data):
        steps["emergency_pc"]["next"] = {"held": ["consultations"]}

    code, text = _check(broken_csto(held_meeting_sends_forces), capsys)
    assert code == 1
    assert "no deployment without a formal request: a run reaches phase deployment without kind request " \
           "ending assistance or consultations or standing" in text and "request (informal)" in text


def test_deployment_without_notice_to_the_un(broken_csto, capsys):
    def no_notice(steps, data):
        steps["decision_issued"]["next"] = ["commander_appointed", "national_approval"]

    code, text = _check(broken_csto(no_notice), capsys)
    assert code == 1
    assert "no collective-defence action without notice to the UN Security Council" in text
    assert "without step un_notification in the same run" in text


def test_a_broken_rule_is_a_located_user_error(broken_csto, capsys):
    def unknown_step(steps, data):
        data["procedure"]["forbidden"][2]["requires"]["step"] = "un_notice"

    assert main(["check", broken_csto(unknown_step)]) == 2
    err = capsys.readouterr().err
    assert "procedure.forbidden[2].requires.step" in err and "did you mean 'un_notification'" in err


def test_validate(kz_path, variant, capsys):
    assert main(["validate", str(kz_path)]) == 0
    bad = variant(lambda d: d["request"].update(by="Atlantis"))
    assert main(["validate", str(kz_path), str(bad)]) == 2
    captured = capsys.readouterr()
    assert "✓" in captured.out and "✗" in captured.out and "Atlantis" in captured.err
    out, err = " ".join(captured.out.split()), " ".join(captured.err.split())
    assert out.count(f"✓ {kz_path}: kazakhstan-2022 (csto), 21 record entries") == 2 and f"✗ {bad}" in out
    line = next(n for n, text in enumerate(bad.read_text().splitlines(), 1) if text.strip() == "by: Atlantis")
    assert (f"error: 1 problem: {bad}:{line}: request.by: 'Atlantis' is not a member of the Collective Security "
            "Treaty Organization (CSTO), so the organisation could not have handled its request "
            "fix: name one of its members on 2022-01-05: Armenia, Belarus, Kazakhstan, Kyrgyzstan, Russia, Tajikistan") in err


def test_graph_draws_png_and_svg(tmp_path, capsys):
    assert main(["graph", "csto", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "csto-network.png").read_bytes()[:4] == b"\x89PNG"
    assert "<svg" in (tmp_path / "csto-network.svg").read_text()
    assert "35 steps" in capsys.readouterr().out


def test_graph_unknown_treaty(capsys):
    assert main(["graph", "atlantis"]) == 2
    err = capsys.readouterr().err
    assert "unknown treaty 'atlantis'" in err
    assert "fix: use one of: csto, eu, nato, or a path to a treaty .yaml file" in err


def test_schema_is_json_schema(tmp_path, capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert {"scenario", "treaty", "origin", "request", "record", "sources"} <= set(schema["properties"])
    own_source = schema["$defs"]["CaseSource"]
    assert own_source["required"] == ["title", "url"] and "found" in own_source["properties"]
    assert schema["additionalProperties"] is False
    assert main(["schema", "--out", str(tmp_path / "s.json")]) == 0
    assert json.loads((tmp_path / "s.json").read_text())["title"] == "treaty-sim scenario"


@pytest.mark.parametrize("kind", ["scenario", "variant", "injects", "lesson", "answers", "treaty"])
def test_schema_prints_each_kind_as_schemas_keeps_it(kind, tmp_path, capsys):
    assert main(["schema", kind]) == 0
    printed = capsys.readouterr().out
    assert printed == (ROOT / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert json.loads(printed)["title"] == f"treaty-sim {kind}"
    assert main(["schema", kind, "-o", str(tmp_path / "k.json")]) == 0
    assert (tmp_path / "k.json").read_text(encoding="utf-8") == printed


def test_schema_of_an_unknown_kind_lists_the_kinds(capsys):
    assert main(["schema", "scenarios"]) == 2
    err = capsys.readouterr().err
    assert "'scenarios' is not one of 'scenario', 'variant', 'injects', 'lesson', 'answers', 'treaty'" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "content, message, where",
    [
        ("", "file is empty", ""),
        ("- just\n- a list\n", "must be a YAML mapping", ""),
        ("scenario: [unclosed\n", "not valid YAML", ":2"),
        ("a: !!python/object/apply:os.system ['true']\n", "is not allowed", ":1: a"),
        ("a: &x [1]\nb: *x\nscenario: 3\n", "Input should be a valid string", ":3: scenario"),
    ],
)
def test_malformed_files(tmp_path, capsys, content, message, where):
    path = tmp_path / "bad.yaml"
    path.write_text(content)
    assert main(["validate", str(path)]) == 2
    captured = capsys.readouterr()
    err = captured.err
    assert message in err and "Traceback" not in err
    assert captured.out.strip() == f"✗ {path}"
    problem = next(line for line in err.splitlines() if message in line)
    assert problem.startswith(f"  {path}{where}: "), problem  # the file, and the line where there is one
    assert err.splitlines()[err.splitlines().index(problem) + 1].startswith("    fix: ")


def test_binary_and_missing_files(tmp_path, capsys):
    blob = tmp_path / "blob.yaml"
    blob.write_bytes(bytes(range(256)))
    assert main(["validate", str(blob), str(tmp_path / "missing.yaml")]) == 2
    err = capsys.readouterr().err
    assert "not UTF-8 text" in err and "file not found" in err
    assert f"  {blob}:2: not UTF-8 text (byte 128)\n    fix: save the file as UTF-8 YAML" in err  # byte 10 ends line 1
    assert f"  {tmp_path / 'missing.yaml'}: file not found\n    fix: check the path" in err


def test_silence_only_where_the_treaty_has_it(edit, capsys):
    def silence_in_the_eu(data):
        data["bodies"]["fac"]["silence_h"] = 24

    path = edit("eu-france-2015", silence_in_the_eu)
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "has no silence procedure in the treaty" in err
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if text.strip() == "silence_h: 24")
    assert (f"{path}:{line}: bodies.fac.silence_h: the Foreign Affairs Council (Defence) has no silence procedure "
            "in the treaty fix: remove silence_h") in " ".join(err.split())


@pytest.mark.parametrize("treaty", ["csto", "nato", "eu"])
def test_every_shipped_treaty_passes_the_checks(treaty, capsys, monkeypatch):
    from simulator import cli

    monkeypatch.setattr(cli.out, "width", 200)
    assert main(["check", treaty]) == 0
    heading, verdict = capsys.readouterr().out.splitlines()
    assert heading == {
        "csto": "Collective Security Treaty Organization (CSTO): 35 steps, 42 transitions, 3 forbidden-path rules",
        "nato": "North Atlantic Treaty Organization (NATO): 20 steps, 20 transitions, 3 forbidden-path rules",
        "eu": "European Union (TEU Art. 42(7), TFEU Art. 222): 4 steps, 4 transitions, 1 forbidden-path rules",
    }[treaty]
    assert verdict == "✓ no unreachable steps, no dead ends, no loops, no forbidden paths"


def test_treaties_lists_the_shipped_files(capsys, monkeypatch):
    from simulator import cli

    monkeypatch.setattr(cli.out, "width", 200)
    assert main(["treaties"]) == 0
    text = capsys.readouterr().out
    assert all(name in text for name in ("csto", "nato", "eu", "NAT Art. 5", "TEU Art. 42(7)"))
    rows = [" ".join(line.split()) for line in text.splitlines() if line.strip().endswith(".yaml")]
    assert rows == [  # one row a shipped file: name, members, bodies, articles, steps, file
        "csto Collective Security Treaty Organization (CSTO) 7 8 CST Art. 2, CST Art. 4, CSC decision 2013-09-23, "
        "PKA Art. 3, national law 35 simulator/treaties/csto.yaml",
        "eu European Union (TEU Art. 42(7), TFEU Art. 222) 28 2 TEU Art. 42(7), TFEU Art. 222 4 simulator/treaties/eu.yaml",
        "nato North Atlantic Treaty Organization (NATO) 32 4 NAT Art. 4, NAT Art. 5, NAT Art. 9 20 simulator/treaties/nato.yaml",
    ]


def test_unknown_option_is_named(edit, capsys):
    assert main(["validate", str(edit("armenia-2021-05", lambda d: d["choices"].update(assessment="mision")))]) == 2
    err = capsys.readouterr().err
    assert "unknown option of 'assessment' 'mision'" in err and "did you mean 'mission'" in err


def test_probabilities_must_add_up(edit, capsys):
    assert main(["validate", str(edit("armenia-2021-05", lambda d: d["choices"].update(assessment={"mission": 0.7})))]) == 2
    assert "add up to 0.7, not 1" in capsys.readouterr().err


def test_validate_takes_variants_and_locates_their_mistakes(tmp_path, capsys):
    assert main(["validate", str(VARIANTS / "kz-member-objects.yaml"), str(VARIANTS / "kz-article-2.yaml")]) == 0
    assert " ".join(capsys.readouterr().out.split()) == (
        f"✓ {VARIANTS / 'kz-member-objects.yaml'}: kz-member-objects (csto), 21 record entries "
        f"✓ {VARIANTS / 'kz-article-2.yaml'}: kz-article-2 (csto), 21 record entries")
    bad = tmp_path / "v.yaml"
    bad.write_text(f"variant: x\nbase: {KZ}\nset:\n  air.airlift.aircraft: -1\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["validate", str(bad)]) == 2
    assert f"{bad}:4: air.airlift.aircraft" in " ".join(capsys.readouterr().err.split())


@pytest.mark.parametrize("treaty", ["csto", "nato", "eu"])
def test_coverage_is_printed_as_the_treaty_page_holds_it(treaty, capsys):
    code = main(["check", treaty, "--coverage"])
    printed = capsys.readouterr().out
    assert code == 0
    page = (ROOT / "docs" / "treaties" / f"{treaty}.md").read_text(encoding="utf-8")
    assert printed == page  # regenerate with: treaty-sim check TREATY --coverage > docs/treaties/TREATY.md
    assert "| request | no action | statement | consultations | mission | material aid |" in printed


def test_coverage_names_the_example_path_and_the_source(capsys):
    main(["check", "csto", "--coverage"])
    printed = capsys.readouterr().out
    assert "Cells: 50 reachable (✓), 4 not allowed (✗), 27 unknown (?)." in printed
    assert "- ✓ material aid: request (bilateral) → taken_up (circulated) → package_decision (adopted) → " \
           "aid_delivery (aid)" in printed
    assert "- ✗ assistance with forces: an operation on a member's territory is decided on the basis of that " \
           "state's official request (PKA Art. 3), and help comes \"at the request of this member state\" [L23, N1]" in printed


def test_validate_warns_about_a_record_entry_no_run_reaches(edit, capsys):
    def unreachable(data):
        data["record"].append(dict(data["record"][-1], id="measures", step="collective_measures"))
    path = edit("nato-turkey-2015", unreachable)
    assert main(["validate", str(path)]) == 0
    printed = capsys.readouterr().out
    assert f"warning: {path}:" in printed
    assert "record[2].step: record entry 'measures' dates step 'collective_measures'" in printed
    assert "takes the branch 'consultation'" in printed
