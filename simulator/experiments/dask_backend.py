"""Replications on a dask.distributed cluster (the optional extra ``treaty-sim[distributed]``).

The jobs (scenarios with their treaties) are sent to every worker once; each task is a range of
replications of one job, and results come back in task order, so the output is the same bytes
as a local run with the same seed. Workers need treaty-sim installed (the same version).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence

from simulator.base.errors import UserError
from simulator.experiments.replications import Job, in_order, run_chunk
from simulator.run import Row


class JobSet:
    """The jobs as one object, so that Dask ships them as a whole rather than item by item."""

    def __init__(self, jobs: Sequence[Job]):
        self.jobs = tuple(jobs)


def _dask_chunk(jobset: JobSet, index: int, start: int, stop: int) -> list[Row]:
    return run_chunk(jobset.jobs, index, start, stop)


def dask_chunks(jobs: Sequence[Job], tasks: list, workers: int, scheduler) -> Iterator[list[Row]]:
    """Run ``tasks`` (job index, start, stop) on the cluster at ``scheduler``; rows in task order.

    ``scheduler`` is an address, 'local' (a LocalCluster of ``workers`` single-threaded worker
    processes on this machine, for the duration of the run) or a connected ``distributed.Client``.
    """
    if not isinstance(scheduler, str):
        yield from run_on(scheduler, jobs, tasks)
        return
    try:
        from distributed import Client, LocalCluster  # deferred: an optional extra, and slow to import
    except ImportError:
        raise UserError.single(
            "the dask backend needs dask.distributed, which is not installed",
            hint="pip install 'treaty-sim[distributed]'",
        ) from None
    cluster = None
    try:
        if scheduler == "local":
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.ERROR)
            client = Client(cluster)
        else:
            client = Client(scheduler, timeout="20s")
    except (OSError, TimeoutError, ValueError) as exc:  # ValueError: an address dask cannot parse
        if cluster is not None:
            cluster.close()
        raise UserError.single(f"cannot reach the Dask scheduler at {scheduler}: {exc}",
                               hint="check the address (tcp://host:8786) and that the scheduler is running") from None
    try:
        yield from run_on(client, jobs, tasks)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def run_on(client, jobs: Sequence[Job], tasks: list) -> Iterator[list[Row]]:
    """Run ``tasks`` with an existing dask.distributed Client; rows in task order."""
    [shared] = client.scatter([JobSet(jobs)], broadcast=True, hash=False)
    threads = sum(client.nthreads().values()) or 1

    def submit(function, *task):
        return client.submit(function, shared, *task, pure=False)

    yield from in_order(submit, _dask_chunk, tasks, window=threads * 3)
