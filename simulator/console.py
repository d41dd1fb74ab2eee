"""The `treaty-sim` console script: for `run`, the chart process starts before the CLI is imported.

Importing the command line (click, rich, the commands) takes a tenth of a second; the chart
process, which imports matplotlib beside the engine, is the slower of the two, so it starts first.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    early = None
    if args[:1] == ["run"]:
        # deferred: only `run` draws, and the other commands start faster without it
        from simulator.render.charts.worker import ChartWorker

        early = ChartWorker.start_early()
    try:
        # deferred: the chart process is forked first (see above)
        from simulator.cli import main as cli_main

        return cli_main(argv)
    finally:
        if early is not None:
            early.close()  # a run that ended before drawing (--help, an error): the process goes
