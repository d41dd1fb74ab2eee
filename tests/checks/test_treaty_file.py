"""Loading a treaty file: every source key it cites resolves, and a mistake in it is located at its line."""

from __future__ import annotations

import pytest

from simulator import UserError, load_treaty
from simulator.checks.treaty import TREATY_DIR, load_sources, treaty_names


@pytest.fixture(scope="module")
def csto():
    return load_treaty("csto")


def test_every_cited_source_key_resolves(csto):
    sources = load_sources("csto")
    cited = {k for s in csto.procedure.steps for k in s.source} | {k for b in csto.bodies for k in b.source}
    assert cited <= set(sources)
    assert sources["S44"]["urls"][0].startswith("https://")


def test_broken_treaty_file_is_located(tmp_path):
    text = (TREATY_DIR / "csto.yaml").read_text()
    broken = text.replace("next: end_request", "next: end_requst")
    path = tmp_path / "broken.yaml"
    path.write_text(broken)
    (tmp_path / "broken.sources.yaml").write_text((TREATY_DIR / "csto.sources.yaml").read_text())
    with pytest.raises(UserError) as info:
        load_treaty(path)
    problem = info.value.problems[0]
    assert "unknown step 'end_requst'" in problem.message and "end_request" in problem.hint
    assert broken.splitlines()[problem.line - 1].strip() == "next: end_requst"


@pytest.mark.parametrize("name", treaty_names())
def test_treaty_steps_cite_legal_and_institutional_sources_only(name):
    # A key the registry files under a case is that case's evidence; a step shows it under practice.
    treaty, registry = load_treaty(name), load_sources(name)
    case_keys = {key for key, entry in registry.items() if entry.get("case")}
    assert case_keys  # the registry does file keys under cases
    cited = {(step.id, key) for step in treaty.procedure.steps for key in step.source if key in case_keys}
    assert cited == set()


def test_a_registry_entry_may_say_where_it_was_found():
    # as a case's own sources do: the NATO keys sourced since the record (e.g. the silence procedure's)
    assert "search tool" in load_sources("nato")["N33"]["found"]


def test_where_a_source_was_found_is_text(tmp_path):
    (tmp_path / "t.yaml").write_text((TREATY_DIR / "csto.yaml").read_text())
    registry = (TREATY_DIR / "csto.sources.yaml").read_text()
    (tmp_path / "t.sources.yaml").write_text(registry + "Z1:\n  title: a page\n  urls: [https://example.org]\n  found: [1]\n")
    with pytest.raises(UserError) as info:
        load_sources(tmp_path / "t.yaml")
    problem = info.value.problems[0]
    assert problem.message == "where it was found must be text of 1 to 5,000 characters" and "found: <where>" in problem.hint
