"""Messages for record times written wrong: the fix each suggests is one the loader accepts."""

from __future__ import annotations

import pytest

from simulator.base.timeutil import parse_instant


@pytest.mark.parametrize("text", ["2022-01-07", "20220107", " 2022-01-07 "])
def test_a_date_alone_is_told_to_add_an_hour_and_offset(text):
    with pytest.raises(ValueError, match="is a date, not an instant") as caught:
        parse_instant(text)
    suggested = str(caught.value).split("write e.g. ")[1].split(",")[0]
    assert parse_instant(suggested).isoformat() == "2022-01-07T06:00:00+00:00"  # the loader keeps UTC


@pytest.mark.parametrize("text", ["2022-01-07T12:00", "2022-01-07t12:00", "2022-01-07 12:00"])
def test_an_instant_without_offset_is_told_to_add_one(text):
    with pytest.raises(ValueError, match="has no UTC offset") as caught:
        parse_instant(text)
    suggested = str(caught.value).split("write it as e.g. ")[1]
    assert parse_instant(suggested).isoformat() == "2022-01-07T06:00:00+00:00"  # the loader keeps UTC
