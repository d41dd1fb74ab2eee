"""Comparing scenarios and variants: matched by record id, differences against the same fork."""

from __future__ import annotations

import math

import numpy as np
import pytest
from conftest import ROOT

from simulator import UserError, compare

VARIANTS = ROOT / "scenarios" / "variants"
FILES = ("compare.csv", "compare-outcomes.csv", "compare-timelines.png", "compare-timelines.svg",
         "compare-differences.png", "compare-differences.svg", "compare.md")


def test_replay_comparison_shows_what_the_change_moved(kz_path, tmp_path):
    comparison = compare([kz_path, VARIANTS / "kz-half-aircraft.yaml", VARIANTS / "kz-member-objects.yaml"])
    table = comparison.table.set_index("id")
    half = "kz-half-aircraft_delta_hours"
    assert table.loc["deployment-complete", half] > 24
    # Before the aircraft matter nothing moves: the difference is against the base forked at the same instant.
    assert table.loc["tajik-parliament", half] == 0 and table.loc["appeal", half] == 0
    assert math.isnan(table.loc["deployment-complete", "kz-member-objects_delta_hours"])  # not reached
    assert table.loc["deployment-complete", "kazakhstan-2022"].startswith("2022-01-09 12:00")
    outcomes = comparison.outcomes.set_index(["case", "outcome"])["share"]
    assert outcomes["kz-member-objects", "declined"] == 1 and outcomes["kazakhstan-2022", "deployed"] == 1
    paths = comparison.write(tmp_path)
    assert sorted(p.name for p in paths) == sorted(FILES)
    assert "| Deployment complete |" in (tmp_path / "compare.md").read_text()


def test_monte_carlo_differences_are_paired(kz_path, tmp_path):
    unchanged = tmp_path / "same.yaml"
    unchanged.write_text(f"variant: same\nbase: {kz_path}\n", encoding="utf-8")
    comparison = compare([kz_path, unchanged, VARIANTS / "kz-kyrgyz-quorum.yaml"], mode="montecarlo", n=8, seed=4,
                         workers=2)
    table = comparison.table.set_index("id")
    # Common random numbers: a variant that changes nothing differs by exactly nothing, in every run.
    for column in ("same_delta_median_hours", "same_delta_p5_hours", "same_delta_p95_hours"):
        assert (table[column].dropna() == 0).all()
    assert table["same_pairs"].min() > 0
    # an unchanged variant pairs every run in which the base reaches the milestone
    assert (table["same_pairs"] == (table["kazakhstan-2022_reached"] * 8).round()).all()
    quorum = comparison.differences(2, "kyrgyz-decree")
    assert quorum.size == 8 and np.all(quorum < 0)  # approved a day earlier in every run
    assert np.all(comparison.differences(2, "tajik-parliament") == 0)  # unrelated to the change
    assert table.loc["kyrgyz-no-quorum", "kz-kyrgyz-quorum_reached"] == 0


def test_needs_two_cases_and_a_known_mode(kz_path):
    with pytest.raises(UserError, match="compare needs 2 to 8 scenarios or variants, got 1"):
        compare([kz_path], mode="replay")
    with pytest.raises(UserError, match="unknown mode 'fast'") as caught:
        compare([kz_path, kz_path], mode="fast")
    assert caught.value.problems[0].hint == "use replay or montecarlo"
