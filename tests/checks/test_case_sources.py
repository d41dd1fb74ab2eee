"""A case's own sources (issue 14, item 4): a scenario's `sources:` block merged with its treaty's registry,
keys defined twice refused, `recorded.source` checked, "did you mean" only for a near typo, and a warning
for record entries on steps the case never reaches."""

from __future__ import annotations

import pytest
from conftest import KZ

from simulator import load_scenario, run
from simulator.base.errors import UserError

OWN = {"K1": {"title": "Own source of the case", "url": "https://example.org/k1", "found": "archive copy"}}


def _problems(path) -> dict[str, tuple[str, str]]:
    with pytest.raises(UserError) as caught:
        load_scenario(path)
    return {p.path: (p.message, p.hint) for p in caught.value.problems}


def _cite_k1(data):
    data["record"][0]["source"] = ["K1"]


def test_an_unknown_short_key_is_not_matched_to_another_real_source(edit):
    problems = _problems(edit("kazakhstan-2022", _cite_k1))
    message, hint = problems["record[0].source[0]"]
    assert message == "unknown source key 'K1'"
    assert "KT1" not in hint and "add it to this scenario's sources: block" in hint


def test_own_sources_are_cited_and_reach_the_run(edit):
    def own(data):
        _cite_k1(data)
        data["sources"] = OWN
    path = edit("kazakhstan-2022", own)
    scenario = load_scenario(path)
    assert scenario.sources["K1"].found == "archive copy"
    sources = run(scenario).sources()
    assert sources["K1"] == {"title": "Own source of the case", "urls": ["https://example.org/k1"],
                             "found": "archive copy"}
    assert "S44" in sources  # the treaty's registry is still there


def test_a_key_the_registry_defines_is_refused(edit):
    def twice(data):
        data["sources"] = {"S8": {"title": "my S8", "url": "https://example.org/s8"}}
    message, hint = _problems(edit("kazakhstan-2022", twice))["sources.S8"]
    assert message.startswith("source key 'S8' is already in the csto registry")
    assert "give this source another key" in hint


def test_a_key_defined_twice_in_the_scenario_is_refused(tmp_path):
    path = tmp_path / "twice.yaml"
    path.write_text(KZ.read_text(encoding="utf-8") + "\nsources:\n  K1: {title: a, url: 'https://a.org'}\n"
                    "  K1: {title: b, url: 'https://b.org'}\n", encoding="utf-8")
    with pytest.raises(UserError) as caught:
        load_scenario(path)
    (problem,) = caught.value.problems
    assert problem.message == "duplicate key 'K1'" and problem.line is not None


def test_recorded_sources_are_checked_and_near_typos_suggested(edit):
    def recorded(data):
        data["recorded"]["source"] = ["KT3", "NOSUCHKEY", "kt4"]
    problems = _problems(edit("kyrgyz-tajik-2022", recorded))
    assert problems["recorded.source[1]"][0] == "unknown source key 'NOSUCHKEY'"
    assert problems["recorded.source[2]"] == ("unknown source key 'kt4'", "did you mean 'KT4'?")
    assert "recorded.source[0]" not in problems


def test_a_source_needs_a_title_and_a_web_address(edit):
    def bad(data):
        data["sources"] = {"K1": {"title": "t", "url": "example.org"}}
    message, _ = _problems(edit("kazakhstan-2022", bad))["sources.K1.url"]
    assert "should match pattern" in message


def test_record_on_a_step_the_case_never_reaches_is_a_warning(edit):
    def unreachable(data):
        entry = dict(data["record"][-1], id="measures", step="collective_measures")
        data["record"].append(entry)
    warnings = []
    scenario = load_scenario(edit("nato-turkey-2015", unreachable), warnings)
    assert scenario.record[-1].step == "collective_measures"
    (warning,) = warnings
    assert warning.path == "record[2].step" and warning.line is not None
    assert warning.message == (
        "record entry 'measures' dates step 'collective_measures', which runs of this scenario never reach: "
        "the request (Turkey under NAT Art. 4) takes the branch 'consultation'; 'nac_consultation' ends only adopted, "
        "'response' ends only "
        "statement_only")
