"""The chart process of `treaty-sim run` draws the same bytes as this process, and never lingers."""

import os
from pathlib import Path

import pytest

from simulator.render.charts.output import figure_bytes, png_and_svg
from simulator.render.charts.timeline_data import timeline_data
from simulator.render.charts.worker import ChartWorker

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the chart process needs POSIX fork")


def _children() -> set[int]:
    """Live child processes of this test process (zombies not yet reaped count as live)."""
    me = str(os.getpid())
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[1] == me:
                found.add(int(entry))
    return found


def test_the_chart_process_draws_the_bytes_drawn_in_process(kz_replay):
    before = _children()
    with ChartWorker() as worker:
        drawn = worker.draw(timeline_data(kz_replay))
    assert drawn == (figure_bytes(kz_replay.chart(), "png"), figure_bytes(kz_replay.chart(), "svg"))
    assert drawn[0][:4] == b"\x89PNG" and b"<svg" in drawn[1]
    assert png_and_svg(kz_replay.chart()) == drawn
    assert _children() == before


def test_leaving_without_drawing_stops_the_process():
    before = _children()
    with ChartWorker() as worker:
        assert worker._pid in _children()
    assert _children() == before


def test_data_the_process_cannot_draw_gives_none_so_the_caller_draws_in_process(kz_replay):
    broken = timeline_data(kz_replay)
    object.__setattr__(broken, "timezone", "No/Such_Zone")
    with ChartWorker() as worker:
        assert worker.draw(broken) is None
    assert worker.draw(timeline_data(kz_replay)) is None  # used up: a second chart is the caller's
