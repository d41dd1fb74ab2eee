"""The crash report of a bug inside a run: enough to reproduce it, then the traceback, written with
the partial event log into the output folder."""

from __future__ import annotations

import platform
import sys
from pathlib import Path

from simulator.base.version import __version__
from simulator.engine.crash import EngineCrash
from simulator.files.writing import PARTIAL_EVENTS, STOPPED, write_files
from simulator.render.event_log import to_csv


def crash_report_name(crash: EngineCrash) -> str:
    return f"crash-{crash.scenario}-seed{crash.seed}.txt"


def crash_report(crash: EngineCrash, scenario_path: str, command: str) -> str:
    """The text of the crash report: enough to reproduce the bug, then the traceback."""
    lines = [
        "treaty-sim crash report: this is a bug in treaty-sim, not a mistake in your files.",
        "Please report it with this file (and the scenario file, if you can share it).",
        "",
        f"command:      {command}",
        f"scenario:     {crash.scenario} ({scenario_path})",
        f"mode:         {crash.mode}",
        f"seed:         {crash.seed}",
        f"replication:  {crash.replication}",
        f"where:        {crash.where()}",
        f"events:       {len(crash.events)} logged before the crash (in {PARTIAL_EVENTS})",
        f"error:        {crash}",
        f"treaty-sim:   {__version__}; Python {platform.python_version()} on {sys.platform}",
        "",
        "Traceback:",
        crash.traceback_text(),
    ]
    return "\n".join(lines)


def write_crash_files(crash: EngineCrash, out_dir: Path, scenario_path: str, command: str, origin) -> list[Path]:
    """Write the crash report and the partial event log into ``out_dir``, each atomically."""
    report = crash_report(crash, scenario_path, command)
    try:
        partial = to_csv(crash.events, origin)
    except Exception as exc:  # the bug may have left events that cannot be written
        partial = None
        report += f"\n(the partial event log could not be written: {type(exc).__name__}: {exc})\n"
    files = {crash_report_name(crash): report}
    if partial is not None:
        files[PARTIAL_EVENTS] = partial
    return write_files(Path(out_dir), files, STOPPED)
