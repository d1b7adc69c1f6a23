"""``harness check --engine dask``: the seeds spread over a Dask cluster.

    harness check --engine dask                              # a LocalCluster
    harness check --engine dask --scheduler tcp://host:8786  # a running cluster

The client (this process) decides what to check, reads and writes the result
cache, writes the reports and, for ``update``, the snapshots: no two workers ever
write the same file, and a worker writes none. Each task checks a batch of seeds
on one worker with the engine's own :func:`harness.engine.check_all`, so a seed's
verdict is the one a serial run gives. Workers open the project from the same
path as the client (the same checkout, or a shared filesystem: README, "Running
on several machines") and keep it for the rest of the run.

Time limit: a task runs its seeds in the worker's own :class:`~harness.limits.WorkerPool`,
which kills a parse that passes ``parse_timeout`` and fails that seed. Dask's
timeouts could not: Dask cannot stop a running task (a thread stuck in a regex
stays stuck), and restarting the worker would lose every other task it holds.
"""

from __future__ import annotations

import hashlib
import math
import os
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from harness.errors import ConfigError, HarnessError

if TYPE_CHECKING:
    from distributed import Client

    from harness.engine import Parsed, Project
    from harness.model import SeedResult

T = TypeVar("T")

INSTALL_HINT = "pip install 'scrape-harness[dask]'"
TASKS_PER_THREAD = 4
"""Batches per worker thread: enough to balance uneven seeds, few enough that
Dask's overhead per task (about 1 ms) stays small next to the checks."""
MAX_BATCH = 64


@dataclass(frozen=True)
class RunSpec:
    """What a worker needs to open the client's project, the same way."""

    root: Path
    """The project folder, absolute: workers see it at the same path."""
    seeds: Path | None
    """``--seeds``, absolute, if given."""
    parser: str | None
    """``--parser``, if given."""
    cwd: Path
    """The client's working directory: relative seed paths start there."""
    code: str
    """The fingerprint of the harness and the parsers' code on the client."""
    run: str
    """This run: a worker opens the project afresh for each run (configuration
    and schemas may have changed since the last)."""


class DaskEngine:
    """A connection to a Dask cluster that checks and parses seeds on its workers."""

    def __init__(
        self,
        project: Project,
        *,
        scheduler: str | None = None,
        workers: int | None = None,
        seeds: Path | None = None,
        parser: str | None = None,
    ) -> None:
        self.spec = RunSpec(
            root=project.root,
            seeds=seeds.absolute() if seeds else None,
            parser=parser,
            cwd=Path.cwd(),
            code=code_fingerprint(project),
            run=uuid.uuid4().hex,
        )
        require_distributed()
        self.workers = workers
        self._client = connect(scheduler) if scheduler else None

    @property
    def client(self) -> Client:
        # A local cluster takes seconds to start: only once a seed needs it, so
        # a re-run the cache answers entirely starts none.
        if self._client is None:
            self._client = start_local(self.workers)
        return self._client

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._client is None:
            return
        cluster = self._client.cluster  # the LocalCluster we started, if any
        self._client.close()
        if cluster is not None:
            cluster.close()

    def check(self, paths: Sequence[Path]) -> Iterator[SeedResult]:
        """Every check on each seed, on the workers; results in the order of ``paths``."""
        return self._map(check_batch, paths)

    def parse(self, paths: Sequence[Path]) -> Iterator[Parsed]:
        """Each seed parsed on the workers, in order; the page text stays there."""
        return self._map(parse_batch, paths)

    def _map(
        self, task: Callable[[RunSpec, list[Path]], list[T]], paths: Sequence[Path]
    ) -> Iterator[T]:
        paths = list(paths)
        if not paths:
            return
        threads = max(1, sum(self.client.nthreads().values()))
        size = min(MAX_BATCH, math.ceil(len(paths) / (threads * TASKS_PER_THREAD)))
        batches = [paths[i : i + size] for i in range(0, len(paths), size)]
        futures = [
            self.client.submit(task, self.spec, batch, pure=False) for batch in batches
        ]
        try:
            while futures:
                try:
                    results = futures[0].result()
                except HarnessError:
                    raise
                except Exception as e:  # a worker died, or lost its connection
                    raise HarnessError(
                        f"the Dask cluster failed on the seeds from {batches[0][0]}: "
                        f"{type(e).__name__}: {e}"
                    ) from e
                futures.pop(0).release()  # the worker may forget it now
                batches.pop(0)
                yield from results
        finally:  # stopped early (an error, Ctrl-C): drop the tasks still queued
            self.client.cancel(futures)


def connect(scheduler: str) -> Client:
    """A client of the running scheduler at ``scheduler``, once a worker has joined."""
    import dask
    from dask.utils import parse_timedelta
    from distributed import Client

    # How long to wait is Dask's own setting: distributed.comm.timeouts.connect.
    wait = parse_timedelta(dask.config.get("distributed.comm.timeouts.connect"))
    try:
        client = Client(scheduler)
    except (OSError, ValueError, TypeError) as e:
        raise ConfigError(
            f"--scheduler {scheduler}: cannot reach the Dask scheduler: {e}"
        ) from None
    try:
        client.wait_for_workers(1, timeout=wait)
    except TimeoutError:  # or the run would wait for ever
        client.close()
        raise ConfigError(
            f"--scheduler {scheduler}: no Dask worker joined in {wait:g} s; "
            f"start some: dask worker {scheduler}"
        ) from None
    return client


def start_local(workers: int | None) -> Client:
    """A client of a new LocalCluster: ``workers`` processes, or one per core."""
    from distributed import Client, LocalCluster

    # The scheduler serves HTTP (health, metrics) even with no dashboard: on a
    # free port, not 8787, which another cluster on this machine may hold.
    cluster = LocalCluster(
        n_workers=workers, threads_per_worker=1, dashboard_address=":0"
    )
    return Client(cluster)


def require_distributed() -> None:
    try:
        import distributed  # noqa: F401
    except ImportError as e:
        raise ConfigError(
            f"--engine dask needs Dask's distributed package ({e}); {INSTALL_HINT}"
        ) from None


def code_fingerprint(project: Project) -> str:
    """The harness's own code and every configured parser's: what a worker that
    imported them once may hold stale."""
    from harness.cache import harness_fingerprint, parser_fingerprint

    digest = hashlib.sha256(harness_fingerprint().encode())
    for name in sorted({rule.site.parser for rule in project.config.sites}):
        digest.update(parser_fingerprint(name).encode())
    return digest.hexdigest()


# What the workers run. Module-level functions: Dask sends them by reference.

_opened = threading.local()
"""This worker thread's project for the current run. Per thread, because a
project's worker pool runs one map at a time, and a Dask worker may run several
tasks side by side."""


def check_batch(spec: RunSpec, paths: list[Path]) -> list[SeedResult]:
    from harness.engine import check_all

    project = open_project(spec)
    return list(check_all(project, [located(spec, p) for p in paths]))


def parse_batch(spec: RunSpec, paths: list[Path]) -> list[Parsed]:
    from harness.engine import parse_all

    project = open_project(spec)
    parsed = parse_all(project, [located(spec, p) for p in paths])
    # The client writes the record; the page's bytes need not travel back.
    return [replace(p, page=None) for p in parsed]


def open_project(spec: RunSpec) -> Project:
    """The project of ``spec``, opened once per run in this worker thread."""
    if getattr(_opened, "spec", None) == spec:
        project: Project = _opened.project
        return project
    from harness.engine import Project
    from harness.folders import run_config

    if old := getattr(_opened, "project", None):
        old.close()
    _opened.spec = _opened.project = None
    try:
        config = run_config(spec.root, seeds=spec.seeds, parser=spec.parser)
        project = Project(spec.root, config)
    except HarnessError as e:
        raise ConfigError(f"on Dask worker {worker_name()}: {e}") from None
    if code_fingerprint(project) != spec.code:
        raise ConfigError(
            f"Dask worker {worker_name()} runs other code than the client: its "
            "harness or parsers differ (install the same versions, and restart "
            "the workers after changing a parser)"
        )
    _opened.spec, _opened.project = spec, project
    return project


def located(spec: RunSpec, path: Path) -> Path:
    """A seed path as the client gave it, where this worker can open it. Kept
    relative when the worker shares the client's working directory, so pages
    outside the project are named in messages as in a serial run."""
    if path.is_absolute() or Path.cwd() == spec.cwd:
        return path
    return spec.cwd / path


def worker_name() -> str:
    from distributed import get_worker

    try:
        return str(get_worker().address)
    except ValueError:  # not in a worker: a test calling the task directly
        return f"process {os.getpid()}"
