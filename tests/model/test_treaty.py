"""The CSTO as data: members by date, the chair's rotation, bodies, forces, articles and their dated wordings."""

from __future__ import annotations

from datetime import date

import pytest

from simulator import load_treaty


@pytest.fixture(scope="module")
def csto():
    return load_treaty("csto")


def test_members_and_suspension(csto):
    active = [m.name for m in csto.active_members(date(2022, 1, 5))]
    assert active == ["Armenia", "Belarus", "Kazakhstan", "Kyrgyzstan", "Russia", "Tajikistan"]
    uzbekistan = csto.member("Uzbekistan")
    assert uzbekistan.suspended == date(2012, 12, 19) and "L13" in uzbekistan.source
    assert uzbekistan.active_on(date(2010, 1, 1)) and not uzbekistan.active_on(date(2013, 1, 1))


@pytest.mark.parametrize("year, chair", [(2021, "Tajikistan"), (2022, "Armenia"), (2023, "Belarus"),
                                         (2024, "Kazakhstan"), (2025, "Kyrgyzstan"), (2026, "Russia")])
def test_chair_rotation_matches_the_record(csto, year, chair):
    assert csto.chair_rotation.chair(year) == chair


def test_bodies_forces_and_articles(csto):
    assert {b.id for b in csto.bodies} == {"csc", "pc", "cmfa", "cmd", "cssc", "sg", "js", "crc"}
    assert all(b.rule == "consensus" for b in csto.bodies if b.id in ("csc", "pc", "cmfa", "cmd", "cssc"))
    assert {f.id: f.strength for f in csto.forces} == {"cpkf": 3600, "crrf": 18000, "crdf": 5000}
    art4 = csto.article("CST Art. 4")
    assert [w.version for w in art4.wordings] == ["1992", "2010"]
    assert csto.article("PKA Art. 3").wordings[0].source == ["L23", "L26"]


def test_every_step_names_a_legal_basis(csto):
    articles = {a.id for a in csto.articles}
    for step in csto.procedure.steps:
        assert step.basis and all(b in articles or b == "request_article" for b in step.basis), step.id
