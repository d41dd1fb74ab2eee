"""Playing a classroom session from a test: the Kazakhstan class whose Armenia objects, and a served
command's first lines."""

from __future__ import annotations

import subprocess
import time

from conftest import ROOT

from simulator.classroom import Refused, create_session


def armenia_objects(kz_path, **options):
    """A Kazakhstan session stepped to the Collective Security Council, where the class (Armenia) objects."""
    session = create_session(kz_path, **options)
    session.join(session.code, "Ana", "client-armenia")
    while True:
        try:
            session.step(1)
        except Refused:
            break
    session.open_vote()
    session.vote("client-armenia", "object")
    session.decide()
    return session


def served_lines(command: list[str]) -> tuple[subprocess.Popen, str]:
    """Start ``command`` (a classroom) and read its output up to the students' line (at most 30 s); the
    caller stops the process."""
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not any("Students:" in line for line in lines):
        lines.append(process.stdout.readline())
    return process, "".join(lines)
