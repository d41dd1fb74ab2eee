"""The `treaty-sim` command line: the group, its commands and the entry point.

Each command lives in the module of its group and imports its implementation inside its body
(as mkdocs does), so that `treaty-sim --help` loads no simulation, chart or statistics library:

    runs.py         run
    inspection.py   validate, schema, graph, treaties, check
    experiments.py  fidelity, montecarlo, compare, sweep, sensitivity
    history.py      calibrate (and fidelity --leave-one-out)
    authoring.py    new
    export.py       export
    teaching.py     report, teach
    classroom.py    classroom (the live classroom in the browser)
    cases.py        cases, examples
    common.py       consoles, help options, exit codes, progress bar, stop and crash reports
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import traceback

import click

from simulator.base.errors import Stopped, UserError
from simulator.base.version import __version__
from simulator.cli import authoring, cases, classroom, experiments, export, history, inspection, runs, teaching
from simulator.cli.common import EXIT_BUG, EXIT_STOPPED, EXIT_USER, HELP, err, out, plain, say

__all__ = ["app", "err", "main", "out"]


@click.group(context_settings=HELP)
@click.version_option(__version__, prog_name="treaty-sim")
def app():
    """Simulate how a collective-security treaty is activated: request, consultations,
    council decision, national approvals, deployment, operation and withdrawal.

    Start with:  treaty-sim run scenarios/kazakhstan-2022.yaml

    Exit codes: 0 done, 2 a mistake in an input file or option, 3 a bug in treaty-sim
    (a crash report is written), 4 a run stopped by its wall-clock or size guard.
    """


for command in (
    runs.run,
    inspection.validate, inspection.schema, inspection.graph, inspection.treaties, inspection.check,
    experiments.fidelity, experiments.montecarlo, experiments.compare, experiments.sweep, experiments.sensitivity,
    export.export,
    teaching.report, teaching.teach, classroom.classroom,
    cases.cases, cases.examples,
    history.calibrate, authoring.new,
):
    app.add_command(command)


class Terminated(BaseException):
    """SIGTERM or SIGHUP: raised where the command stands, so that its clean-up runs (workers stopped,
    temporary files removed, the folder's lock given back). Not an Exception: nothing may swallow it."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _terminated(signum, _frame):
    signal.signal(signum, signal.SIG_DFL)  # a second signal ends the process at once
    raise Terminated(signum)


def main(argv: list[str] | None = None) -> int:
    """Console entry point: a user's mistake exits 2 with a message, never a traceback."""
    if threading.current_thread() is not threading.main_thread():  # only the main thread may set handlers
        return _main(argv)
    signals = [s for s in (signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s is not None]
    previous = {s: signal.signal(s, _terminated) for s in signals}
    try:
        return _main(argv)
    except Terminated as stop:
        err.print(f"stopped by {signal.Signals(stop.signum).name}: the outputs in place were left as they were",
                  highlight=False)
        return 128 + stop.signum
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def _main(argv: list[str] | None) -> int:
    try:
        # Without standalone mode click returns the code of a click.exceptions.Exit instead of raising it.
        code = app.main(args=argv, prog_name="treaty-sim", standalone_mode=False)
    except UserError as exc:
        err.print(f"[bold red]error:[/] {plain(str(exc))}", highlight=False, soft_wrap=True)
        return EXIT_USER
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except Stopped as stop:  # a guard, in any command that runs the engine: exit 4, as `run` ends
        say(err, "[bold red]stopped:[/] {}", stop.summary())
        say(err, "  {}", "fix: a loop with zero durations needs a change in the procedure it names; "
                         "a run that only needs more time, a higher --time-limit (or TREATY_SIM_TIME_LIMIT)")
        return EXIT_STOPPED
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.Abort:
        err.print("aborted")
        return 130
    except BrokenPipeError:  # e.g. `treaty-sim schema | head`: the reader left, nothing is wrong
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as exc:  # a bug, not a user's mistake
        err.print(f"[bold red]internal error (a bug in treaty-sim):[/] {plain(f'{type(exc).__name__}: {exc}')}",
                  highlight=False)
        err.print("Please report it with the command you ran. Traceback:", highlight=False)
        err.print(traceback.format_exc(), highlight=False, markup=False)
        return EXIT_BUG
    return code if isinstance(code, int) else 0
