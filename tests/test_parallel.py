"""Per-story stages on both cores: forked workers, the same output as one process."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import storyline
from storyline.parallel import WorkerError, fork_map, gc_frozen

SET = Path(__file__).parent / "crosscheck_set"


def _square(i: int) -> tuple[int, int]:
    return i * i, os.getpid()


def test_parallel_results_in_job_order_from_other_processes() -> None:
    got = fork_map(_square, 9, 2)
    assert [v for v, _ in got] == [i * i for i in range(9)]
    assert os.getpid() not in {pid for _, pid in got}  # the work was done by workers


def test_parallel_one_process_runs_in_place() -> None:
    assert {pid for _, pid in fork_map(_square, 3, 1)} == {os.getpid()}


def _started(i: int) -> float:
    import time

    t = time.monotonic()
    time.sleep(0.2)
    return t


def test_parallel_costliest_jobs_handed_out_first_results_in_job_order() -> None:
    costs = [1.0, 5.0, 2.0, 9.0, 3.0]
    started = fork_map(_started, 5, 2, costs)
    first = sorted(range(5), key=lambda i: started[i])[:2]
    assert set(first) == {3, 1}  # the two costliest start while the others wait
    assert max(started[i] for i in first) < min(started[i] for i in (0, 2, 4))


def _fails_on_three(i: int) -> int:
    if i == 3:
        raise ValueError("three is bad")
    return i


def test_parallel_a_failing_job_raises_in_the_parent_with_its_traceback() -> None:
    with pytest.raises(WorkerError, match="three is bad"):
        fork_map(_fails_on_three, 6, 2)


def _dies(i: int) -> int:
    if i == 1:
        os._exit(7)
    return i


def test_parallel_a_dying_worker_is_an_error_not_a_hang() -> None:
    with pytest.raises(WorkerError, match="died"):
        fork_map(_dies, 4, 2)


@pytest.mark.slow
def test_parallel_brief_same_output_as_one_process() -> None:
    articles = []
    for path in sorted(SET.glob("*.json"))[:6]:
        articles += json.loads(path.read_text("utf-8"))["articles"]
    inputs = [
        {k: a[k] for k in ("text", "title", "source", "published") if a.get(k)} for a in articles
    ]
    one = storyline.brief(inputs, workers=1)
    two = storyline.brief(inputs, workers=2)
    assert len(one["stories"]) >= 4
    assert json.dumps(one, sort_keys=True) == json.dumps(two, sort_keys=True)


def test_parallel_gc_frozen_hands_objects_back_to_the_collector() -> None:
    """Objects frozen for the story builds are collected again after (a long-running
    server or watcher that briefs over and over must not keep them forever)."""
    import gc

    before = gc.get_freeze_count()
    with gc_frozen():
        assert gc.get_freeze_count() > before
    assert gc.get_freeze_count() == 0
    with pytest.raises(ValueError), gc_frozen():
        raise ValueError("a failing story build")
    assert gc.get_freeze_count() == 0


def test_parallel_gc_frozen_spares_the_stages_repeated_full_collections() -> None:
    """While frozen, the objects a story build keeps (units, values, pairs) do not set
    off a full collection every few young ones, each walking all of them; after, the
    collector runs as Python sets it, a failing build included."""
    import gc

    full = []

    def count(phase: str, info: dict) -> None:
        if phase == "stop" and info["generation"] == 2:
            full.append(1)

    before = gc.get_threshold()
    gc.callbacks.append(count)
    try:
        with gc_frozen():
            kept = [[n] for n in range(1_000_000)]  # what the stages build and hold
            assert len(full) <= 1, len(full)  # plain `gc.freeze()`: 8
        del kept
    finally:
        gc.callbacks.remove(count)
    assert gc.get_threshold() == before
    with pytest.raises(ValueError), gc_frozen():
        raise ValueError("a failing story build")
    assert gc.get_threshold() == before
