"""Date axes name every month they span, the first one included, in every chart with dates."""

from __future__ import annotations

import pytest
from conftest import SCENARIOS
from matplotlib.backends.backend_agg import FigureCanvasAgg

from simulator import montecarlo, run


def ticks(figure) -> tuple[list[str], str]:
    """The x tick labels as drawn (lines joined), and the axis offset text."""
    FigureCanvasAgg(figure).draw()
    ax = figure.axes[0]
    return [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()], ax.xaxis.get_offset_text().get_text()


@pytest.mark.parametrize(("case", "first", "later", "offset"), [
    ("nato-article5-2001", "Sep 13", "Oct", "2001"),  # was 13 17 21 25 29 Oct 05 09, offset 2001-Oct
    ("tajikistan-2021-07", "Sep 2021", "2022", ""),  # was Sep 2022 May …: the first year unnamed
])
def test_the_timeline_names_the_first_month(case, first, later, offset):
    labels, shown = ticks(run(SCENARIOS / f"{case}.yaml").chart())
    assert labels[0] == first
    assert later in labels[1:]
    assert shown == offset


def test_the_monte_carlo_chart_names_the_first_month_too():
    labels, _ = ticks(montecarlo(SCENARIOS / "nato-article5-2001.yaml", n=8, seed=1).chart())
    assert labels[0].startswith("Sep ") or labels[0].endswith(" Sep"), labels
    assert any("Oct" in label for label in labels[1:]), labels
