"""Time and memory limits on one call, run in a forked child process.

Why a child process, not ``signal.setitimer``: an alarm signal is delivered only to
the main thread and only between Python bytecodes, so it cannot stop a parser stuck
in C code (a catastrophic regex, libxml2 on a hostile tree) nor one run by a pytest
plugin in a worker thread. A child can always be killed. ``os.fork`` makes the child
cheap (no re-import, the parser registry and any monkeypatches are inherited) and
lets it run closures; the result comes back pickled through a pipe. Memory is capped
with ``RLIMIT_AS`` in the child, so an exploding parser gets a MemoryError there and
the run's own process never grows.

Where ``fork`` does not exist (Windows), or with no limit configured, the call runs
in this process with no limit: the fast path costs nothing.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import sys
import time
from collections.abc import Callable
from typing import TypeVar

from harness.errors import HarnessError

T = TypeVar("T")

MIB = 1024 * 1024


class LimitExceeded(HarnessError, RuntimeError):
    """The call's child process died, or an exception escaped the call."""


class TimeLimitExceeded(LimitExceeded):
    """The call ran past its time limit; its child process was killed."""


def can_limit() -> bool:
    return hasattr(os, "fork")


def call_limited(func: Callable[[], T], *, seconds: float, memory_mib: int = 0) -> T:
    """``func()``, stopped after ``seconds`` (0: no limit, run here).

    ``func`` should catch its own exceptions and return them as data: only its
    return value comes back from the child. An exception that escapes it anyway
    comes back as LimitExceeded with its type and message.
    """
    if seconds <= 0 or not can_limit():
        return func()
    for stream in (sys.stdout, sys.stderr):  # or the child would write them twice
        stream.flush()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        _child(func, write_end, memory_mib)
    os.close(write_end)
    try:
        payload = _read(read_end, pid, deadline=time.monotonic() + seconds)
    except TimeoutError:
        raise TimeLimitExceeded(f"took more than {seconds:g} s; stopped") from None
    finally:
        os.close(read_end)
    status = os.waitpid(pid, 0)[1]
    if not payload:
        raise LimitExceeded(f"its process died ({_status(status)})")
    kind, value = pickle.loads(payload)
    if kind == "error":
        raise LimitExceeded(value)
    return value  # type: ignore[no-any-return]


def _read(fd: int, pid: int, *, deadline: float) -> bytes:
    """Everything the child writes, or kill it at the deadline."""
    chunks: list[bytes] = []
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            ready, _, _ = select.select([fd], [], [], remaining)
            if ready:
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    return b"".join(chunks)
                chunks.append(chunk)
    except BaseException:  # the deadline, or Ctrl-C in the run: stop the child
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise


def _child(func: Callable[[], object], fd: int, memory_mib: int) -> None:
    code = 0
    try:
        if memory_mib > 0:
            _cap_memory(memory_mib)
        try:
            payload = pickle.dumps(("ok", func()))
        except BaseException as e:  # reported to the parent as data
            payload = pickle.dumps(("error", f"{type(e).__name__}: {e}"))
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
    except BaseException:  # nothing to report it to: exit non-zero
        code = 70
    finally:
        os._exit(code)


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
