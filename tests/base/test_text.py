"""The text helpers every output file shares: Markdown cells and tables, CSV text."""

from __future__ import annotations

from simulator.base.text import cell, csv_text, table_lines


def test_a_pipe_stays_inside_its_cell():
    assert cell("a | b") == "a \\| b"
    assert cell(3) == "3"


def test_table_lines_escape_the_rows():
    assert table_lines(["A", "B"], [["x|y", "z"]]) == ["| A | B |", "|---|---|", "| x\\|y | z |"]


def test_csv_text_has_a_header_and_unix_line_ends():
    assert csv_text([{"a": 1, "b": "x,y"}], ["a", "b"]) == 'a,b\n1,"x,y"\n'
    assert csv_text([], ["id"]) == "id\n"
