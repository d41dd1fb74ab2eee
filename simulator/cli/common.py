"""What every command of `treaty-sim` shares: the consoles, the help options, the exit codes, path
arguments, the progress bar, and how a stalled, stopped or crashed run is reported.

Command modules import this module, never `simulator.cli` itself (which imports them); each command
imports its implementation inside its function, so that `treaty-sim --help` loads none of them.
"""

from __future__ import annotations

import functools
import signal
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import click
from click.shell_completion import CompletionItem
from rich.console import Console

from simulator.base.errors import Stopped, UserError
from simulator.base.text import plain

# Text from scenario files is printed with plain(): a '[' in a label is text, not markup.
# soft_wrap: Rich never breaks a line itself (a path cut in two cannot be pasted back); the terminal
# wraps long lines, and a pipe gets them whole. Tables still fit the width.
out = Console(emoji=False, soft_wrap=True)
err = Console(stderr=True, emoji=False, soft_wrap=True)


def say(console: Console, template: str, *texts, **options) -> None:
    """Print ``template`` (our own Rich markup), each ``{}`` in it filled with a piece of user text
    (a title, a label, a path) shown as written: see :func:`simulator.base.text.plain`."""
    console.print(template.format(*(plain(t) for t in texts)), highlight=False, soft_wrap=True, **options)


HELP = {"help_option_names": ["-h", "--help"]}  # the context settings of the group and of every command
MODE = click.Choice(["replay", "predictive"])

# Exit codes: 0 the command did its work (a run may still have stalled: it says so),
# 2 a mistake in the input or the command line, 3 a bug in treaty-sim (crash report written),
# 4 a run stopped by a guard (wall-clock limit, runaway event log, zero-time loop).
EXIT_USER, EXIT_BUG, EXIT_STOPPED = 2, 3, 4
MAX_SEED = 2**63 - 1


def complete_treaty(ctx, param, incomplete: str) -> list:
    """Shell completion of a TREATY argument: the shipped treaty names."""
    from simulator.files.library import treaty_names  # deferred: only at a Tab; light (no treaty model)

    return [CompletionItem(name) for name in treaty_names() if name.startswith(incomplete)]


def complete_treaty_or_file(ctx, param, incomplete: str) -> list:
    """Shell completion of a treaty name or a file (`check` takes either).

    The file item comes first: click's bash script empties its list at a file item, then falls back
    to file names only if no name matched."""
    return [CompletionItem(incomplete, type="file"), *complete_treaty(ctx, param, incomplete)]


class PathArg(click.Path):
    """click.Path that reports a NUL character in a path as a usage error, not a crash."""

    def convert(self, value, param, ctx):
        try:
            return super().convert(value, param, ctx)
        except ValueError as exc:  # os.stat: "embedded null byte"
            self.fail(f"{str(value)!r} is not a usable path: {exc}", param, ctx)


class LazyChoice(click.Choice):
    """click.Choice whose choices come from ``names()``, called when a command first needs them (its
    help, or parsing its option): the module that knows them is imported by that command alone,
    not by `treaty-sim --help` or by every other command."""

    def __init__(self, names, case_sensitive: bool = True):
        self._names = names
        self._choices: tuple[str, ...] | None = None
        self.case_sensitive = case_sensitive

    @property
    def choices(self) -> tuple[str, ...]:
        if self._choices is None:
            self._choices = tuple(self._names())
        return self._choices


FORCE_HELP = ("Replace existing files that are not this command's own earlier, unchanged outputs (treaty-sim "
              "records what it wrote in the folder's .treaty-sim-outputs.json). Folders, devices, FIFOs and "
              "sockets are refused even so.")


def force_option(command):
    """The --force flag (overwriting other files allowed, see files/output_set.py), and the command's output
    folder locked from its check to the command's end (files/folder_lock.py)."""

    @click.option("--force", is_flag=True, help=FORCE_HELP)
    @functools.wraps(command)
    def with_force(*args, force: bool, **kwargs):
        # deferred: `treaty-sim --help` loads no writer
        from simulator.files.folder_lock import command_scope
        from simulator.files.output_set import allow_overwrite

        with allow_overwrite(force), command_scope():
            return command(*args, **kwargs)

    return with_force
class CommandStopped(Stopped):
    """The command's wall-clock limit passed while it was drawing or writing (exit 4, nothing half-written:
    every file is written to a temporary name first)."""


@contextmanager
def wall_clock(seconds: float, message: str):
    """Stop the whole block (a command: run, charts and files) after ``seconds`` of real time, with exit 4.
    A timer signal does it, so it only arms in the main thread of a process that has one."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise CommandStopped(message)

    outer, _ = signal.getitimer(signal.ITIMER_REAL)
    if outer and outer <= seconds:  # a caller's alarm (a test harness's) comes first: leave it be
        yield
        return
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, min(seconds, 1e7))  # a huge limit is no limit (and no overflow)
    started = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:  # give the caller's alarm back what is left of it
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - started), 1e-3))


@contextmanager
def progress_bar(total: int, hidden: bool):
    """A rich progress bar on standard error; yields ``advance(done, total)``, or None when hidden."""
    if hidden:
        yield None
        return
    # deferred: only a visible bar needs rich.progress
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("predictive runs"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task("runs", total=max(total, 1))

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance


def print_stalls(console: Console, result) -> None:
    """A run that reached its horizon with steps still waiting is a result; say what waits for what."""
    for line in result.stall_messages():
        console.print(f"[yellow]did not finish:[/] {plain(line)}", highlight=False, soft_wrap=True)


def report_stop(stop, loaded, out_dir: Path) -> NoReturn:
    """A guard stopped the run: say where it stood, keep the partial event log, exit 4."""
    # deferred, as in the commands: the engine (networkx, pydantic models) loads only when a run stopped
    from simulator.files.writing import PARTIAL_EVENTS, STOPPED, write_files
    from simulator.render.event_log import to_csv

    try:
        write_files(out_dir, {PARTIAL_EVENTS: to_csv(stop.events, loaded.origin)}, STOPPED)
        kept = f"the {len(stop.events):,} events logged so far are in {out_dir / PARTIAL_EVENTS}"
    except UserError as exc:
        kept = f"the partial event log could not be written: {exc.problems[0]}"
    err.print(f"[bold red]stopped:[/] {plain(loaded.scenario)} ({stop.mode}, seed {stop.seed}) at simulated hour "
              f"{stop.hours:.1f}: {plain(stop.detail)}", highlight=False, soft_wrap=True)
    for stall in stop.stalls:
        err.print(f"  {plain(stall.message(loaded.origin, loaded.timezone))}", highlight=False, soft_wrap=True)
    err.print(f"  {plain(kept)}; no other output was written.", highlight=False, soft_wrap=True)
    raise click.exceptions.Exit(EXIT_STOPPED)


def report_crash(crash, loaded, scenario: Path, out_dir: Path, again: str) -> NoReturn:
    """A bug: write the crash report and the partial event log, print where they are, exit 3."""
    from simulator.render.crash import write_crash_files  # deferred: only a crash needs it

    err.print(f"[bold red]internal error (a bug in treaty-sim):[/] {plain(str(crash))}", highlight=False, soft_wrap=True)
    err.print(f"  scenario {plain(loaded.scenario)}, {crash.mode}, seed {crash.seed}, replication {crash.replication}, "
              f"{plain(crash.where())}", highlight=False, soft_wrap=True)
    try:
        paths = write_crash_files(crash, out_dir, str(scenario), again, loaded.origin)
        err.print(f"  crash report: {plain(str(paths[0]))}", highlight=False, soft_wrap=True)
        if len(paths) > 1:
            err.print(f"  partial event log: {plain(str(paths[1]))} ({len(crash.events):,} events)",
                      highlight=False, soft_wrap=True)
    except Exception as exc:  # nowhere to write: show the traceback here instead
        err.print(f"  (the crash report could not be written: {plain(str(exc))})", highlight=False, soft_wrap=True)
        err.print(crash.traceback_text(), highlight=False, markup=False)
    err.print(f"  to reproduce: {plain(again)}", highlight=False, soft_wrap=True)
    err.print("Please report it with the crash report.", highlight=False)
    raise click.exceptions.Exit(EXIT_BUG)
