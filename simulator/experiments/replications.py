"""Running many replications: in this process, in local worker processes, or on a Dask cluster.

A replication's result depends only on (scenario, seed, replication number, fork), never on
where or in which order it ran, so every backend gives the same rows; they are handed back in
replication order. A worker keeps nothing of a run but one small row: the outcome, the step that
decided it, the personnel deployed and each record entry's simulated hour. Event logs never
leave the worker.
"""

from __future__ import annotations

import gc
import math
import multiprocessing
import os
import re
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from simulator.analysis.milestones import realising_events
from simulator.analysis.outcome import outcome_mark, personnel_deployed
from simulator.base.errors import UserError
from simulator.base.limits import MAX_REPLICATIONS
from simulator.checks.treaty import load_treaty
from simulator.checks.variant import VariantScenario
from simulator.engine.core import Engine
from simulator.engine.guard import RunStopped, Tripped
from simulator.model.scenario import Scenario
from simulator.model.treaty import Treaty
from simulator.network.graph import build_network
from simulator.run import Row

BACKENDS = ("local", "dask")
MAX_WORKERS = 256
# what dask.distributed can connect to: protocol://address (tcp://host:8786, inproc://…) or host:port
SCHEDULER_ADDRESS = re.compile(r"^(?:[a-z][a-z0-9+.-]*://\S+|(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9_.-]+):\d{1,5})$")
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Job:
    """Replications of one scenario: everything a worker needs, and nothing it has to find on disk."""

    scenario: Scenario
    treaty: Treaty
    seed: int
    pin_until: float | None = None
    mode: str = "predictive"

    @classmethod
    def of(cls, scenario: Scenario, seed: int | None = None, mode: str = "predictive") -> Job:
        """The job for a loaded scenario or variant (a variant's fork pins the record up to it)."""
        fork = scenario.fork_h if isinstance(scenario, VariantScenario) else None
        seed = scenario.seed if seed is None else seed
        return cls(scenario, load_treaty(scenario.treaty), seed, fork, mode)


class _Runner:
    """Runs one job's replications; built once per job in each worker."""

    def __init__(self, job: Job):
        self.job = job
        self.graph = build_network(job.treaty)

    def row(self, replication: int) -> Row:
        job = self.job
        engine = Engine(job.scenario, job.treaty, self.graph, job.mode, job.seed, replication, job.pin_until)
        try:
            state = engine.run()
        except Tripped as trip:  # every command that runs replications ends as `run` does: exit 4
            raise RunStopped(trip.reason, f"replication {replication}: {trip.detail}", engine.env.now,
                             job.scenario.scenario, job.mode, job.seed) from None
        mark = outcome_mark(job.treaty, state.events, state.marks)
        decided = mark.hours if mark.step else math.nan
        hits = realising_events(job.scenario.record, state.events)
        return Row(replication, mark.outcome, mark.step, decided, personnel_deployed(job.treaty, state.events),
                   tuple(math.nan if hit is None else hit.hours for hit in hits))


_RUNNERS: dict[int, _Runner] = {}
_JOBS: Sequence[Job] = ()


def _init_worker(jobs: Sequence[Job], lifeline=None) -> None:
    global _JOBS
    _JOBS = jobs
    _RUNNERS.clear()
    if lifeline is not None:
        threading.Thread(target=_exit_with_parent, args=(lifeline,), name="lifeline", daemon=True).start()


def _exit_with_parent(lifeline) -> None:
    """Block on the lifeline until the parent's end closes: it exited, was killed or got SIGTERM/SIGHUP.

    A worker is a child of the forkserver, not of the parent, and waits on queues its siblings keep
    open, so nothing else would end it; the forkserver and the resource tracker end once the
    workers have (they wait for their last client).
    """
    try:
        while True:
            lifeline.recv_bytes()
    except (EOFError, OSError):
        os._exit(1)


def _runner(jobs: Sequence[Job], index: int) -> _Runner:
    runner = _RUNNERS.get(index)
    if runner is None or runner.job is not jobs[index]:
        runner = _RUNNERS[index] = _Runner(jobs[index])
    return runner


def run_chunk(jobs: Sequence[Job], index: int, start: int, stop: int) -> list[Row]:
    """Rows of replications start..stop-1 of job ``index``."""
    runner = _runner(jobs, index)
    return [runner.row(r) for r in range(start, stop)]


def _pool_chunk(index: int, start: int, stop: int) -> list[Row]:
    if index not in _RUNNERS:
        _runner(_JOBS, index)
        # A worker process of ours: its loaded modules, treaty and scenario live as long as it does, so they
        # leave the cyclic collector's reach; each run's Event records (tuples the collector never untracks)
        # would otherwise set off full collections that walk all of them.
        gc.collect()
        gc.freeze()
    return run_chunk(_JOBS, index, start, stop)


def check_settings(n: int, workers: int = 1, backend: str = "local", scheduler=None, seed: int | None = None) -> None:
    """UserError for an impossible number of replications, workers or seed, or a backend without its scheduler."""
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**63):
        raise UserError.single(f"the seed must be a whole number of 0 or more, got {seed!r}")
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise UserError.single(f"the number of replications must be at least 1, got {n!r}", hint="use e.g. -n 1000")
    if n > MAX_REPLICATIONS:
        raise UserError.single(f"{n:,} replications is more than {MAX_REPLICATIONS:,}", hint="use a smaller -n")
    if isinstance(workers, bool) or not isinstance(workers, int) or not 1 <= workers <= MAX_WORKERS:
        raise UserError.single(f"workers must be between 1 and {MAX_WORKERS}, got {workers!r}")
    if backend not in BACKENDS:
        raise UserError.single(f"unknown backend {backend!r}", hint="use local or dask")
    if backend == "dask" and not scheduler:
        raise UserError.single("the dask backend needs a scheduler",
                               hint="give --scheduler tcp://host:8786, or --scheduler local for a cluster on this machine")
    if backend == "dask" and isinstance(scheduler, str) and scheduler != "local" \
            and not SCHEDULER_ADDRESS.match(scheduler):
        raise UserError.single(f"--scheduler {scheduler!r} is not a scheduler address",
                               hint="give tcp://host:8786 (host and port), or local for a cluster on this machine")


def chunk_size(n: int, workers: int) -> int:
    """Replications a task: a few tasks a worker keeps them all busy; at most 100 keeps progress lively."""
    return max(1, min(100, math.ceil(n / (workers * 8))))


def replicate(
    jobs: Sequence[Job],
    n: int,
    workers: int = 1,
    backend: str = "local",
    scheduler: str | None = None,
    progress: Progress | None = None,
) -> Iterator[tuple[int, list[Row]]]:
    """Run replications 0..n-1 of every job; yield (job index, rows) in job and replication order.

    ``backend`` local runs in this process (one worker) or in ``workers`` processes; dask runs
    on the cluster at ``scheduler`` ('local' starts one on this machine with ``workers`` workers).
    ``progress(done, total)`` is called as replications finish.
    """
    check_settings(n, workers, backend, scheduler)
    jobs = tuple(jobs)
    size = chunk_size(n, workers)
    tasks = [(index, start, min(start + size, n)) for index in range(len(jobs)) for start in range(0, n, size)]
    total, done = n * len(jobs), 0
    if backend == "dask":
        from simulator.experiments.dask_backend import dask_chunks  # imports this module; loads dask only when used

        chunks = dask_chunks(jobs, tasks, workers, scheduler)
    elif workers == 1:
        chunks = (run_chunk(jobs, *task) for task in tasks)
    else:
        chunks = _process_chunks(jobs, tasks, workers)
    for (index, _, _), rows in zip(tasks, chunks, strict=True):
        done += len(rows)
        if progress is not None:
            progress(done, total)
        yield index, rows


def _process_chunks(jobs: Sequence[Job], tasks: list, workers: int) -> Iterator[list[Row]]:
    """Tasks on local worker processes, a bounded number in flight, results in task order."""
    # forkserver: fresh, single-threaded workers (a progress bar's thread makes fork unsafe), started once.
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload([__name__])  # workers fork from a server that imported us once
    # the lifeline's write end is this process's alone: when it closes, however we ended, the workers exit
    lifeline, alive = context.Pipe(duplex=False)
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker, initargs=(jobs, lifeline))
    finished = False
    try:
        yield from in_order(pool.submit, _pool_chunk, tasks, window=workers * 3)
        finished = True
    finally:
        if not finished:
            alive.close()  # stopped early (an error, SIGTERM, a generator closed): workers exit now, not after their task
        pool.shutdown(wait=True, cancel_futures=True)
        alive.close()
        lifeline.close()


def in_order(submit, function, tasks: list, window: int) -> Iterator:
    """Results of ``function(*task)`` in task order, with at most ``window`` tasks submitted at once."""
    pending: deque = deque()
    queue = iter(tasks)
    for task in queue:
        pending.append(submit(function, *task))
        if len(pending) >= window:
            break
    while pending:
        result = pending.popleft().result()
        for task in queue:
            pending.append(submit(function, *task))
            break
        yield result
