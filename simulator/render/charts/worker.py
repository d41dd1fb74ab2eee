"""A chart process for `treaty-sim run`: forked before the scenario is loaded, it imports matplotlib
(a third of a second) while this process checks the files and runs the engine, then draws the
timeline it is sent. The files are the bytes an in-process drawing gives; where fork is unsafe, or
the process fails, the caller draws in-process (`draw` returns None).
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
from contextlib import suppress
from typing import TYPE_CHECKING

from simulator.render.charts.output import fork_is_safe

if TYPE_CHECKING:
    from simulator.render.charts.timeline_data import TimelineData

_LENGTH = 8  # bytes of the PNG's length, ahead of the PNG and the SVG in the reply


class ChartWorker:
    """Use as a context manager: leaving it without `draw` stops the process."""

    def __init__(self) -> None:
        self._pid: int | None = None
        self._to_child = self._from_child = -1
        if not fork_is_safe():
            return
        inbox, self._to_child = os.pipe()
        self._from_child, outbox = os.pipe()
        pid = os.fork()
        if pid == 0:
            status = 1
            try:
                os.close(self._to_child)
                os.close(self._from_child)
                _serve(inbox, outbox)
                status = 0
            except BaseException:  # the parent sees no reply and draws in-process
                pass
            finally:
                os._exit(status)  # never the parent's atexit, clean-up or buffered output
        os.close(inbox)
        os.close(outbox)
        self._pid = pid

    _early: ChartWorker | None = None  # started by the console script before the CLI was imported

    @classmethod
    def start_early(cls) -> ChartWorker:
        """Start a process now for the `run` this process is about to do; `started` hands it over."""
        cls._early = cls()
        return cls._early

    @classmethod
    def started(cls) -> ChartWorker:
        """The process started early, if any and not yet taken, else a new one."""
        early, cls._early = cls._early, None
        return early if early is not None else cls()

    def __enter__(self) -> ChartWorker:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def draw(self, data: TimelineData) -> tuple[bytes, bytes] | None:
        """The timeline's PNG and SVG bytes, or None if the process could not draw them."""
        self.send(data)
        return self.receive()

    def send(self, data: TimelineData) -> None:
        """Hand the process the timeline to draw; `receive` collects it (meanwhile, render the other files)."""
        if self._pid is None or self._to_child < 0:
            return
        try:
            with os.fdopen(self._to_child, "wb") as pipe:
                pipe.write(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass
        finally:
            self._to_child = -1

    def receive(self) -> tuple[bytes, bytes] | None:
        """The PNG and SVG bytes of the timeline sent, or None if the process could not draw them."""
        if self._pid is None or self._from_child < 0:
            self._reap()
            return None
        reply = b""
        try:
            with os.fdopen(self._from_child, "rb") as pipe:
                reply = pipe.read()
        except OSError:
            reply = b""
        finally:
            self._from_child = -1
            self._reap()
        if len(reply) < _LENGTH:
            return None
        png_length = int.from_bytes(reply[:_LENGTH], "big")
        return reply[_LENGTH:_LENGTH + png_length], reply[_LENGTH + png_length:]

    def close(self) -> None:
        if self._pid is None:
            return
        for fd in (self._to_child, self._from_child):
            if fd >= 0:
                os.close(fd)
        self._to_child = self._from_child = -1
        self._reap()

    def _reap(self) -> None:
        """Stop the process if it still runs (a stop or interrupt of this one), then collect it."""
        pid, self._pid = self._pid, None
        if pid is not None:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)  # it holds nothing but pipes; a finished one is a zombie till reaped
            with suppress(ChildProcessError):
                os.waitpid(pid, 0)


def _serve(inbox: int, outbox: int) -> None:
    gc.disable()  # a process of a second: its garbage goes when it exits (5% of its instructions are collection)
    # deferred: the point of this process is to import matplotlib while the parent runs the engine
    from simulator.render.charts.output import png_and_svg
    from simulator.render.charts.timeline import timeline_figure

    with os.fdopen(inbox, "rb") as pipe:
        data = pipe.read()
    if not data:  # the parent went away, or needs no chart
        return
    png, svg = png_and_svg(timeline_figure(pickle.loads(data)))
    with os.fdopen(outbox, "wb") as pipe:
        pipe.write(len(png).to_bytes(_LENGTH, "big") + png + svg)
