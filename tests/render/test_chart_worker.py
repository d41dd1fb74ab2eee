"""The chart process of `treaty-sim run` draws the same bytes as this process, and never lingers."""

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from simulator.render.charts.output import figure_bytes, png_and_svg

ROOT = Path(__file__).parents[2]

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the chart process needs POSIX fork")


def test_treaty_sim_run_writes_the_charts_drawn_in_process(tmp_path, kz_path, kz_replay):
    # a fresh process: no thread of the test session's making stops the chart process from forking
    done = subprocess.run([sys.executable, "-m", "simulator.cli", "run", str(kz_path), "-o", str(tmp_path), "-q"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "timeline.png").read_bytes() == figure_bytes(kz_replay.chart(), "png")
    assert (tmp_path / "timeline.svg").read_bytes() == figure_bytes(kz_replay.chart(), "svg")


def _in_fresh_process(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_chart_process_is_gone_when_its_user_is_done():
    code = """
import os
from simulator import run
from simulator.render.charts.timeline_data import timeline_data
from simulator.render.charts.worker import ChartWorker

def children():
    me = str(os.getpid())
    return sorted(e for e in os.listdir("/proc") if e.isdigit()
                  and open(f"/proc/{e}/stat").read().rsplit(")", 1)[1].split()[1] == me)

with ChartWorker() as unused:
    started = unused._pid is not None and children() != []
print("unused", started, children())
with ChartWorker() as worker:
    png, svg = worker.draw(timeline_data(run("scenarios/kazakhstan-2022.yaml")))
print("drawn", png[:4] == b"\\x89PNG", children())
"""
    assert _in_fresh_process(code).splitlines() == ["unused True []", "drawn True []"]


def test_data_the_process_cannot_draw_gives_none_so_the_caller_draws_in_process():
    code = """
from simulator import run
from simulator.render.charts.timeline_data import timeline_data
from simulator.render.charts.worker import ChartWorker

data = timeline_data(run("scenarios/kazakhstan-2022.yaml"))
broken = timeline_data(run("scenarios/kazakhstan-2022.yaml"))
object.__setattr__(broken, "timezone", "No/Such_Zone")
with ChartWorker() as worker:
    print(worker.draw(broken), worker.draw(data))
"""
    assert _in_fresh_process(code) == "None None"  # a used process is gone: a second chart is the caller's


def test_with_another_thread_running_both_files_are_the_same_bytes():
    # eu-france-2015's SVG is the one a PNG drawn first used to shift by 1e-6 pt
    from simulator import run

    result = run(ROOT / "scenarios" / "eu-france-2015.yaml")
    forked = png_and_svg(result.chart())
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert threading.active_count() > 1
        in_turn = png_and_svg(result.chart())
    finally:
        release.set()
        other.join()
    assert in_turn == forked
    assert forked == (figure_bytes(result.chart(), "png"), figure_bytes(result.chart(), "svg"))


def test_the_console_script_starts_the_chart_process_before_the_cli_and_run_takes_it(tmp_path):
    code = f"""
import os, sys
from simulator.render.charts.worker import ChartWorker

taken = []
original = ChartWorker.started.__func__
def started(cls):
    worker = original(cls)
    taken.append(worker is early[0])
    return worker
ChartWorker.started = classmethod(started)
early = []
start_early = ChartWorker.start_early.__func__
def recorded(cls):
    worker = start_early(cls)
    early.extend([worker, "simulator.cli" in sys.modules])
    return worker
ChartWorker.start_early = classmethod(recorded)
from simulator.console import main
code = main(["run", "scenarios/kazakhstan-2022.yaml", "-o", {str(tmp_path)!r}, "-q"])
print(code, early[1], taken, os.path.getsize({str(tmp_path / "timeline.png")!r}) > 0)
print(main(["run", "--help"]) == 0, ChartWorker._early is None or ChartWorker._early._pid is None)
"""
    lines = _in_fresh_process(code).splitlines()
    assert lines[0] == str(tmp_path)  # what `run -q` prints
    assert lines[1] == "0 False [True] True"  # forked before the CLI's imports, then used
    assert lines[-1] == "True True"  # `run --help` never draws: the early process is stopped
