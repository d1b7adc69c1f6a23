"""The worker pool: jobs in order, limits enforced, workers reused and stopped."""

from __future__ import annotations

import os
import time

import pytest

from harness.limits import LimitExceeded, TimeLimitExceeded, WorkerPool, can_limit

pytestmark = pytest.mark.skipif(not can_limit(), reason="needs os.fork")


def job(item: str) -> object:
    """What the workers run: the worker's pid, or the misbehaviour ``item`` names."""
    if item == "sleep":
        time.sleep(60)
    if item == "die":
        os._exit(3)
    if item == "raise":
        raise KeyError("boom")
    if item == "allocate":
        return len(bytearray(2**31))  # 2 GiB under a 256 MiB cap
    return item, os.getpid()


def test_results_come_back_in_order_from_reused_workers():
    pool = WorkerPool(job, size=2, seconds=10, memory_mib=0)
    items = [f"seed {i}" for i in range(20)]
    results = list(pool.map(items))
    pool.close()
    assert [item for item, _ in results] == items  # type: ignore[misc]
    pids = {pid for _, pid in results}  # type: ignore[misc]
    assert len(pids) <= 2
    assert os.getpid() not in pids


def test_a_job_past_its_time_limit_is_stopped_and_the_rest_go_on():
    pool = WorkerPool(job, size=1, seconds=0.5, memory_mib=0)
    start = time.monotonic()
    first, stopped, last = pool.map(["before", "sleep", "after"])
    assert time.monotonic() - start < 10
    assert isinstance(stopped, TimeLimitExceeded)
    assert str(stopped) == "took more than 0.5 s; stopped"
    assert first[0] == "before"
    assert last[0] == "after"
    assert first[1] != last[1]  # type: ignore[index]  # a fresh worker after the kill
    pool.close()


def test_a_worker_that_dies_fails_its_job_alone():
    pool = WorkerPool(job, size=2, seconds=10, memory_mib=0)
    results = list(pool.map(["a", "die", "b"]))
    pool.close()
    assert str(results[1]) == "its process died (exit status 3)"
    assert [results[0][0], results[2][0]] == ["a", "b"]  # type: ignore[index]


def test_an_escaping_exception_comes_back_as_data():
    pool = WorkerPool(job, size=1, seconds=10, memory_mib=0)
    [result] = pool.map(["raise"])
    pool.close()
    assert isinstance(result, LimitExceeded)
    assert str(result) == "KeyError: 'boom'"


def test_memory_is_capped_in_the_worker():
    pool = WorkerPool(job, size=1, seconds=30, memory_mib=256)
    [result, after] = pool.map(["allocate", "after"])
    pool.close()
    assert str(result) == "MemoryError: "
    assert after[0] == "after"  # type: ignore[index]


def test_close_stops_every_worker():
    pool = WorkerPool(job, size=2, seconds=10, memory_mib=0)
    pids = {pid for _, pid in pool.map(["a", "b", "c", "d"])}  # type: ignore[misc]
    pool.close()
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_without_a_time_limit_jobs_run_here():
    pool = WorkerPool(job, size=2, seconds=0, memory_mib=0)
    assert list(pool.map(["a"])) == [("a", os.getpid())]
