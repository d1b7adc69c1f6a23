"""Time and memory limits on jobs run in long-lived forked worker processes.

Why worker processes, not ``signal.setitimer``: an alarm signal is delivered only
to the main thread and only between Python bytecodes, so it cannot stop a parser
stuck in C code (a catastrophic regex, libxml2 on a hostile tree) nor one run by a
pytest plugin in a worker thread. A process can always be killed. ``os.fork``
makes a worker cheap (no re-import; the parser registry and any monkeypatches are
inherited) and lets it run closures; jobs and results travel pickled through pipes.

Why long-lived: forking a worker costs about 18 ms, more than the harness's own
work on a seed. A worker takes one job after another; only a job that runs past
its time limit, or a worker that dies (a MemoryError under ``RLIMIT_AS``, a
crash), costs a fresh fork. The same pool, with more workers, runs seeds in
parallel (``harness check --jobs N``).

Where ``fork`` does not exist (Windows), jobs run in this process with no limit.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pickle
import select
import signal
import struct
import sys
import time
import weakref
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from harness.errors import HarnessError

T = TypeVar("T")
R = TypeVar("R")

MIB = 1024 * 1024
_HEADER = struct.Struct("<Q")  # each message: its length, then its pickle


class LimitExceeded(HarnessError, RuntimeError):
    """The job's worker died, or an exception escaped the job."""


class TimeLimitExceeded(LimitExceeded):
    """The job ran past its time limit; its worker was killed."""


def can_limit() -> bool:
    return hasattr(os, "fork")


@dataclass
class _Worker:
    pid: int
    jobs: int  # the pipe the worker reads jobs from
    results: int  # the pipe it writes results to
    index: int = -1  # the job it is running, -1 when idle
    deadline: float = 0.0


class WorkerPool(Generic[T, R]):
    """``size`` forked processes that run ``job`` on items, each within ``seconds``.

    ``job`` should catch its own exceptions and return them as data: only return
    values come back. An exception that escapes anyway comes back as a
    LimitExceeded with its type and message, as does a worker's death; a job past
    its time limit comes back as TimeLimitExceeded. Workers are forked on first
    use, so they inherit everything set up before that.
    """

    def __init__(
        self, job: Callable[[T], R], *, size: int = 1, seconds: float, memory_mib: int
    ) -> None:
        self.job = job
        self.size = max(1, size)
        self.seconds = seconds
        self.memory_mib = memory_mib
        self._workers: list[_Worker] = []
        _POOLS.add(self)
        # A pool nobody closed (a Project dropped in a test) stops its workers
        # when it is collected.
        weakref.finalize(self, _stop_all, self._workers)

    def map(self, items: Iterable[T]) -> Iterator[R | LimitExceeded]:
        """Each item's result, in the order of ``items``."""
        if self.seconds <= 0 or not can_limit():
            yield from (self.job(item) for item in items)
            return
        todo = list(items)
        done: dict[int, R | LimitExceeded] = {}
        queued = 0
        try:
            for wanted in range(len(todo)):
                while wanted not in done:
                    queued = self._assign(todo, queued)
                    done.update(self._collect())
                yield done.pop(wanted)
        except BaseException:  # Ctrl-C, or the caller stopped early: no job lingers
            self.close()
            raise

    def close(self) -> None:
        """Stop every worker; the next map forks new ones."""
        _stop_all(self._workers)

    def _assign(self, todo: list[T], queued: int) -> int:
        while queued < len(todo):
            worker = self._idle_worker()
            if worker is None:
                break
            try:
                _send(worker.jobs, pickle.dumps(todo[queued]))
            except BrokenPipeError:  # it died while idle: the job goes to another
                self._stop(worker)
                continue
            worker.index, worker.deadline = queued, time.monotonic() + self.seconds
            queued += 1
        return queued

    def _idle_worker(self) -> _Worker | None:
        idle = next((w for w in self._workers if w.index < 0), None)
        if idle is None and len(self._workers) < self.size:
            idle = self._fork()
            self._workers.append(idle)
        return idle

    def _collect(self) -> Iterator[tuple[int, R | LimitExceeded]]:
        """Wait for the next results, or the next deadline to pass."""
        busy = [w for w in self._workers if w.index >= 0]
        wait = max(0.0, min(w.deadline for w in busy) - time.monotonic())
        ready, _, _ = select.select([w.results for w in busy], [], [], wait)
        for worker in busy:
            index = worker.index
            if worker.results in ready:
                payload = _receive(worker.results)
                if payload is None:
                    status = self._stop(worker)
                    yield index, LimitExceeded(f"its process died ({status})")
                    continue
                worker.index = -1
                kind, value = pickle.loads(payload)
                yield index, (LimitExceeded(value) if kind == "error" else value)
            elif time.monotonic() >= worker.deadline:
                self._stop(worker)
                message = f"took more than {self.seconds:g} s; stopped"
                yield index, TimeLimitExceeded(message)

    def _fork(self) -> _Worker:
        for stream in (sys.stdout, sys.stderr):  # or the child would write them twice
            stream.flush()
        job_read, job_write = os.pipe()
        result_read, result_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            os.close(job_write)
            os.close(result_read)
            for pool in _POOLS:  # other workers' pipes: a worker must hold only its
                for other in pool._workers:  # own, or theirs would never see EOF
                    os.close(other.jobs)
                    os.close(other.results)
                pool._workers.clear()  # and never kill the parent's workers
            _serve(self.job, job_read, result_write, self.memory_mib)
        os.close(job_read)
        os.close(result_write)
        return _Worker(pid, job_write, result_read)

    def _stop(self, worker: _Worker) -> str:
        return _stop(self._workers, worker)


def _stop(workers: list[_Worker], worker: _Worker) -> str:
    """Kill ``worker`` and forget it; how it ended, in words."""
    workers.remove(worker)
    for fd in (worker.jobs, worker.results):
        os.close(fd)
    with contextlib.suppress(ProcessLookupError):  # it died already
        os.kill(worker.pid, signal.SIGKILL)
    return _status(os.waitpid(worker.pid, 0)[1])


def _stop_all(workers: list[_Worker]) -> None:
    while workers:
        _stop(workers, workers[0])


_POOLS: weakref.WeakSet[WorkerPool[Any, Any]] = weakref.WeakSet()


@atexit.register
def _close_pools() -> None:
    for pool in list(_POOLS):
        pool.close()


def _serve(job: Callable[[Any], object], jobs: int, results: int, mib: int) -> None:
    """The worker's loop: one job at a time until the pool closes its pipe."""
    code = 0
    try:
        if mib > 0:
            _cap_memory(mib)
        while (payload := _receive(jobs)) is not None:
            try:
                answer = pickle.dumps(("ok", job(pickle.loads(payload))))
            except BaseException as e:  # reported to the pool as data
                answer = pickle.dumps(("error", f"{type(e).__name__}: {e}"))
            for stream in (sys.stdout, sys.stderr):
                stream.flush()
            _send(results, answer)
    except BaseException:  # nothing to report it to: exit non-zero
        code = 70
    finally:
        os._exit(code)


def _send(fd: int, payload: bytes) -> None:
    data = memoryview(_HEADER.pack(len(payload)) + payload)
    while data:
        data = data[os.write(fd, data) :]


def _receive(fd: int) -> bytes | None:
    """One whole message, or None when the other end closed (or died) first."""
    header = _read_exactly(fd, _HEADER.size)
    if header is None:
        return None
    return _read_exactly(fd, _HEADER.unpack(header)[0])


def _read_exactly(fd: int, size: int) -> bytes | None:
    chunks, missing = [], size
    while missing:
        chunk = os.read(fd, min(missing, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


def _cap_memory(mib: int) -> None:
    """Let the address space grow by ``mib`` MiB beyond what the fork inherited."""
    import resource

    try:
        with open("/proc/self/status", encoding="ascii") as f:
            size = next(
                int(line.split()[1]) * 1024 for line in f if line.startswith("VmSize:")
            )
    except (OSError, StopIteration, ValueError):
        return  # not Linux: RLIMIT_AS is not enforced everywhere anyway
    limit = size + mib * MIB
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _status(status: int) -> str:
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        return f"killed by {signal.Signals(number).name}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"
