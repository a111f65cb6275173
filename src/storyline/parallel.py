"""Run independent jobs on both cores: forked workers, results in job order.

The per-story stages of a brief are independent of one another, and after
parsing every input they need (articles, docs) is already in memory. Forked
workers inherit it, so a job is only its index, and what comes back is the
job's result, pickled. Results come back in job order whatever the order the
workers finish in, so the output is the same as one process gives.

Workers ignore Ctrl-C and die with their parent (`parse_pool.die_with_parent`); a
job that raises is reported back and raised again in the parent, and any
failure or interruption kills the workers at once.
"""

from __future__ import annotations

import gc
import os
import sys
import traceback
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")

FULL_EVERY = 100  # collections of the middle generation per full one, while frozen (`gc_frozen`)


@contextmanager
def gc_frozen() -> Iterator[None]:
    """The objects made so far (the loaded model, the parsed docs) left out of garbage
    collection for a while, then handed back to it.

    The stages make many short-lived objects, so full collections run often, and
    each walked every token of every doc and every object of the model; forked
    workers inherit the freeze, and their collections no longer write to (and so
    copy) the pages they share with the parent. Measured: the story builds of 300
    PolNeAR texts in one process, full collections 0.65 -> 0.28 CPU-s; parsing
    them in two workers about 2% less CPU.

    While frozen, a full collection waits for `FULL_EVERY` collections of the middle
    generation, not Python's 10: Python also holds one back until the long-lived
    objects have grown by a quarter, and after the freeze it counts almost none, so
    a full collection ran every 10, each walking everything the stages built so far
    (one story of 300 PolNeAR texts: 14 full collections, 1.2 CPU-s; now 4, 0.4).
    Cycles are still collected, only less often: peak memory is unchanged.
    """
    gc.freeze()
    young, middle, old = gc.get_threshold()
    gc.set_threshold(young, middle, max(old, FULL_EVERY))
    try:
        yield
    finally:
        gc.set_threshold(young, middle, old)
        gc.unfreeze()


class WorkerError(RuntimeError):
    """A job raised in a worker process; the message carries its traceback."""


def fork_map(
    job: Callable[[int], T], n_jobs: int, processes: int, costs: Sequence[float] | None = None
) -> list[T]:
    """`[job(0), job(1), ...]`, computed by up to `processes` forked workers.

    With `costs` (an estimate per job), the costliest jobs are handed out
    first: a big job left to the end would keep one worker busy while the
    others idle. The results are in job order either way. Falls back to a
    plain loop for one process or one job, and where fork is not available
    (Windows, macOS's default spawn would have to pickle `job`).
    """
    if processes <= 1 or n_jobs <= 1 or not hasattr(os, "fork") or sys.platform == "darwin":
        return [job(i) for i in range(n_jobs)]
    import multiprocessing as mp
    from multiprocessing.connection import wait

    ctx = mp.get_context("fork")
    results: list[Any] = [None] * n_jobs
    order = range(n_jobs) if costs is None else sorted(range(n_jobs), key=lambda i: -costs[i])
    todo = deque(order)
    workers: dict[Any, tuple[Any, int | None]] = {}  # conn -> (process, job running)
    finished = False
    try:
        for _ in range(min(processes, n_jobs)):
            mine, theirs = ctx.Pipe()
            proc = ctx.Process(target=_worker, args=(job, theirs, os.getpid()), daemon=True)
            proc.start()
            theirs.close()
            workers[mine] = (proc, None)
        pending = n_jobs
        while pending:
            for conn, (proc, running) in list(workers.items()):
                if running is None and todo:
                    i = todo.popleft()
                    conn.send(i)
                    workers[conn] = (proc, i)
            busy = {c: pr for c, pr in workers.items() if pr[1] is not None}
            ready = set(wait([*busy, *(p.sentinel for p, _ in busy.values())]))
            for conn, (proc, running) in busy.items():
                if conn not in ready and proc.sentinel not in ready:
                    continue
                try:
                    ok, value = conn.recv()
                except (EOFError, OSError) as e:
                    raise WorkerError(
                        f"a worker process died on job {running} (exit code {proc.exitcode})"
                    ) from e
                if not ok:
                    raise WorkerError(f"job {running} failed in a worker process:\n{value}")
                assert running is not None
                results[running] = value
                workers[conn] = (proc, None)
                pending -= 1
        for conn in workers:
            conn.send(None)
        finished = True
    finally:
        for conn, (proc, _) in workers.items():
            if not finished:
                proc.kill()
            proc.join(1)
            if proc.is_alive():
                proc.kill()
                proc.join(1)
            conn.close()
    return results


def _worker(job: Callable[[int], Any], conn: Any, parent: int) -> None:
    """Run the jobs the parent sends until it sends None or goes away."""
    from storyline.analyse.parse_pool import die_with_parent

    die_with_parent(parent)
    try:
        while True:
            i = conn.recv()
            if i is None:
                break
            try:
                conn.send((True, job(i)))
            except Exception:
                conn.send((False, traceback.format_exc()))
    except BaseException:  # the parent went away or stopped us: leave quietly
        os._exit(1)
    os._exit(0)
