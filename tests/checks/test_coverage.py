"""Coverage per treaty: kinds of request × responses, from the treaty data (checks.coverage)."""

from __future__ import annotations

import pytest

from simulator import load_treaty
from simulator.checks.coverage import coverage
from simulator.checks.treaty import treaty_names


def _cell(table, row_start: str, response: str):
    row = next(r for r in table.rows if r.title.startswith(row_start))
    return table.cells[row.title, response]


@pytest.mark.parametrize("name", treaty_names())
def test_no_cell_declared_not_allowed_has_a_route(name):
    table = coverage(load_treaty(name))
    assert table.conflicts == []
    assert len(table.cells) == len(table.rows) * 9


@pytest.mark.parametrize("name, row, response, through", [
    # the record's practice, each a route of the treaty data
    ("csto", "appeal to one member", "aid", "package_decision (adopted)"),  # Batken 1999
    ("csto", "appeal to one member", "declined", "aid_delivery (troops_declined)"),  # Osh 2010: troops declined
    ("csto", "no request", "statement", "taken_up (statement)"),  # the heads of state's statement, May 2010
    ("csto", "formal: CST Art. 4 (2010", "mission", "consultations (mission)"),  # Armenia, Sep 2022
    ("csto", "formal: CST Art. 4 (2010", "aid", "consultations (measures)"),
    ("csto", "formal: CST Art. 2 (2010", "declined", "assessment (forces)"),  # amended Art. 6 (L5)
    ("csto", "informal contact", "mission", "informal_follow_up (mission)"),
    ("nato", "formal: NAT Art. 4", "other_forum", "deployment_decision (blocked)"),  # the DPC, Feb 2003
    ("nato", "formal: NAT Art. 4", "declined", "dpc_decision (blocked)"),
    ("nato", "no request", "consultations", "council_takes_up (consulted)"),  # the Council on Przewodów, Nov 2022
    ("nato", "no request", "statement", "council_statement (adopted)"),  # the Allies' statement of 2 Mar 2014
    ("nato", "informal contact", "statement", "council_statement (adopted)"),
    ("nato", "informal contact", "consultations", "council_takes_up (consulted)"),
    ("eu", "formal: TEU Art. 42(7)", "statement", "ministers_support (adopted)"),
])
def test_what_the_record_shows_is_reachable(name, row, response, through):
    cell = _cell(coverage(load_treaty(name)), row, response)
    assert cell.status == "reachable" and cell.path.startswith("request (")
    assert through in cell.path, cell.path


def test_what_the_texts_rule_out_cites_its_source():
    table = coverage(load_treaty("csto"))
    banned = _cell(table, "informal contact", "forces")
    assert banned.status == "not_allowed" and banned.sources == ("L23", "N1")
    unknown = _cell(table, "formal: CSC decision 2013-09-23", "forces")
    assert unknown.status == "unknown" and "not in the record" in unknown.why
    assert table.counts() == {"reachable": 50, "not_allowed": 4, "unknown": 27}
