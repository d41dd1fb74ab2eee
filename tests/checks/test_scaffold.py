"""The scaffold of a new case (`treaty-sim new`, simulator.checks.scaffold): for every treaty and every
article that opens a branch it validates as written, gives each choice its step's options in a comment, and
predicts from the treaty's history (no durations of its own)."""

from __future__ import annotations

from datetime import date

import pytest

from simulator import load_scenario, load_treaty, run
from simulator.checks.scaffold import scaffold

CASES = [(treaty, article.id) for treaty in ("csto", "nato", "eu")
         for article in load_treaty(treaty).articles if article.route]


@pytest.mark.parametrize("treaty, article", CASES, ids=[f"{t}:{a}" for t, a in CASES])
def test_every_invocable_article_gets_a_scaffold_that_validates(treaty, article, tmp_path):
    loaded = load_treaty(treaty)
    by = loaded.active_members(date(2024, 5, 1))[0].name
    path = tmp_path / "new-case.yaml"
    path.write_text(scaffold("new-case", treaty, by, article, date(2024, 5, 1)), encoding="utf-8")
    scenario = load_scenario(path)
    assert (scenario.request.by, scenario.request.article, scenario.durations) == (by, article, {})
    assert list(scenario.sources) == ["own1"] and scenario.record[0].source == ["own1"]
    result = run(scenario, mode="predictive", seed=1)
    assert result.events and not result.violations


def test_a_choice_lists_its_options_to_fill_in(tmp_path):
    text = scaffold("x", "nato", "Poland", "NAT Art. 4", date(2025, 9, 10))
    assert "  response: statement_only   # one of: statement_only, measures, deployment, response_force" in text
    assert "  nac:\n    answer_h: [1, 6]   # TODO" in text
