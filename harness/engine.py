"""The one loop: seed → page → parser → record → checks → findings.

The CLI, the pytest plugin and the benchmarks all drive these functions, so they
cannot disagree about a verdict.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from harness import snapshots
from harness.checks.hazards import page_hazards
from harness.checks.quality import check_quality
from harness.checks.schema import SchemaStore, check_schema
from harness.checks.secrets import page_secrets
from harness.checks.snapshot import check_snapshot
from harness.checks.truth import truth_findings
from harness.config import Config, load_config
from harness.corpus.boilerplate import learned_findings
from harness.errors import ConfigError, HarnessError
from harness.jsonpath import walked_once
from harness.language import detect_language
from harness.limits import LimitExceeded, TimeLimitExceeded, WorkerPool
from harness.model import CHECKS, CheckResult, Finding, Page, SeedResult, Site
from harness.pages import find_pages, load_page
from harness.parsers import get_parser
from harness.paths import KnownFiles, relative_posix

if TYPE_CHECKING:
    from harness.cache import ResultCache

R = TypeVar("R")
Job = Callable[["Project", Path], R]
"""Work on one seed that a worker process runs: parse it, or check it."""


class Project:
    """A Scrape Harness project on disk: its configuration, schemas and snapshots."""

    def __init__(self, root: Path, config: Config | None = None) -> None:
        self.root = root.resolve()
        self.config: Config = config or load_config(self.root)
        self.schemas = SchemaStore(self.config.schemas)
        self.layout = snapshots.SnapshotLayout(
            self.config.seeds, self.config.snapshots, self.config.real_path
        )
        for plugin in self.config.plugins:
            load_plugin(plugin)
        self._pools: dict[tuple[Job[Any], int], WorkerPool[Path, Any]] = {}
        self._names: dict[Path, str] = {}
        self.files = KnownFiles()
        """Whether expectations files exist beside the seeds, each folder listed
        once, as of the first question: a Project serves one run, and no run
        writes expectations (it does write pages and their sidecars)."""

    def load(self, path: Path) -> Page:
        """Read and decode one seed as the parse stage does (harness.pages)."""
        return load_page(
            path, name=self.name(path), max_bytes=self.config.fetch.max_page_bytes
        )

    def pages(self, paths: Iterable[Path] = ()) -> list[Path]:
        """The seed pages to check: all of them, or those under ``paths``."""
        return find_pages(self.config.seeds, paths)

    def name(self, path: Path) -> str:
        """How messages refer to a file: relative to the project root when inside it."""
        if path not in self._names:  # asked again and again for each seed
            try:
                self._names[path] = relative_posix(
                    self.config.real_path(path), self.root
                )
            except ValueError:  # outside the project
                self._names[path] = str(path)
        return self._names[path]

    @property
    def boilerplate_file(self) -> Path:
        """The learned templates the quality check flags (``harness learn``)."""
        return self.config.corpus.boilerplate or self.root / "boilerplate.json"

    @property
    def baselines_file(self) -> Path:
        """The reviewed per-site baselines (``harness update`` writes them)."""
        return self.config.corpus.baselines or self.root / "baselines.json"

    def load_schemas(self) -> None:
        """Build every configured schema now, so a broken one stops the run early."""
        for rule in self.config.sites:
            if rule.site.schema:
                self.schemas.validator(rule.site.schema)

    def limited(
        self, job: Job[R], paths: Iterable[Path], *, jobs: int = 1
    ) -> Iterator[R | LimitExceeded]:
        """``job(self, path)`` for each path, in order, within the per-seed time and
        memory limits, on ``jobs`` worker processes (harness/limits.py)."""
        paths = list(paths)
        key = (job, jobs)
        if not paths:
            return iter(())  # nothing to do: no worker, no warm-up (a cached run)
        if key not in self._pools:
            self._warm_up()
            self._pools[key] = WorkerPool(
                lambda path: job(self, path),
                size=jobs,
                seconds=self.config.parse_timeout,
                memory_mib=self.config.parse_memory,
            )
        return self._pools[key].map(paths)

    def close(self) -> None:
        """Stop the worker processes (a later call forks new ones)."""
        for pool in self._pools.values():
            pool.close()
        self._pools.clear()

    def _warm_up(self) -> None:
        """Pay the heavy imports once, here, rather than in every forked worker:
        the parsers' own (``prepare``) and the language model they share with the
        quality check."""
        if self.config.parse_timeout <= 0:
            return
        for rule in self.config.sites:
            try:
                parse = get_parser(rule.site.parser)
            except HarnessError:
                continue  # an unknown parser fails its seeds, with a finding each
            if prepare := getattr(parse, "prepare", None):
                prepare()
        detect_language("a warm-up sentence, to load the language model")


def load_plugin(file: Path) -> None:
    """Import a project's Python file so its ``@parser`` decorators run."""
    name = "harness_plugin_" + re.sub(r"\W", "_", str(file.resolve()))
    if name in sys.modules:
        return
    spec = importlib.util.spec_from_file_location(name, file)
    if spec is None or spec.loader is None or not file.is_file():
        raise ConfigError(f"{file}: plugin file not found (pyproject.toml `plugins`)")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as e:
        del sys.modules[name]
        raise ConfigError(f"{file}: importing the plugin failed: {describe(e)}") from e


@dataclass(frozen=True)
class Parsed:
    """The outcome of the parse stage for one seed."""

    name: str
    path: Path
    result: CheckResult
    page: Page | None = None
    site: Site | None = None
    record: Any = None


def parse_seed(project: Project, path: Path) -> Parsed:
    """Load, decode and parse one seed; a failure becomes the parse check's finding.

    The parser runs in a worker process that is killed past the time limit: a
    hostile page or a parser bug must fail this seed, not hang or sink the run.
    """
    [outcome] = project.limited(parse_here, [path])
    return (
        outcome
        if isinstance(outcome, Parsed)
        else limit_failure(project, path, outcome)
    )


def parse_all(
    project: Project, paths: Iterable[Path], *, jobs: int = 1
) -> Iterator[Parsed]:
    """:func:`parse_seed` on each path, in order, on ``jobs`` worker processes."""
    paths = list(paths)
    outcomes = project.limited(parse_here, paths, jobs=jobs)
    for path, outcome in zip(paths, outcomes, strict=True):
        yield (
            outcome
            if isinstance(outcome, Parsed)
            else limit_failure(project, path, outcome)
        )


def parse_here(project: Project, path: Path) -> Parsed:
    """:func:`parse_seed` in this process, with no limit."""
    name = project.name(path)
    try:
        page = project.load(path)
        site = project.config.site_for(page)
        parse = get_parser(site.parser)
    except HarnessError as e:
        return failed_parse(name, path, "load", str(e))
    return run_parser(parse, page, site)


def limit_failure(project: Project, path: Path, error: LimitExceeded) -> Parsed:
    """The failed parse of a seed whose worker was stopped, naming the parser."""
    name = project.name(path)
    try:
        page = project.load(path)
        who = f"parser {project.config.site_for(page).parser!r}"
    except HarnessError:
        who = "the parser"
    if isinstance(error, TimeLimitExceeded):
        return failed_parse(name, path, "timeout", f"{who} {error}")
    return failed_parse(name, path, "parser", f"{who} stopped: {error}")


def failed_parse(name: str, path: Path, rule: str, message: str) -> Parsed:
    finding = Finding("parse", name, "", rule, message)
    return Parsed(name, path, CheckResult("parse", name, "failed", (finding,)))


def run_parser(parse: Any, page: Page, site: Site) -> Parsed:
    """One parser on one loaded page; every exception becomes a failed parse."""
    name, path = page.name, page.path

    def failed(rule: str, message: str) -> Parsed:
        return failed_parse(name, path, rule, message)

    try:
        record = parse(page, site=site)
    except HarnessError as e:
        return failed("parser", str(e))
    except Exception as e:  # a parser bug must fail this seed, not the run
        return failed("parser", f"parser {site.parser!r} raised {describe(e)}")
    if not isinstance(record, dict):
        kind = type(record).__name__
        return failed("record", f"parser {site.parser!r} returned {kind}, not a dict")
    try:
        json.dumps(record, allow_nan=False)
    except (TypeError, ValueError) as e:
        return failed("record", f"parser {site.parser!r} returned non-JSON data: {e}")
    result = CheckResult("parse", name, "passed")
    return Parsed(name, path, result, page, site, record)


def describe(error: Exception) -> str:
    """``KeyError: 'x' at harness/parsers/foo.py:42``: the error and where it rose."""
    frames = traceback.extract_tb(error.__traceback__)
    where = f" at {frames[-1].filename}:{frames[-1].lineno}" if frames else ""
    return f"{type(error).__name__}: {error}{where}"


def run_check(project: Project, parsed: Parsed, check: str) -> CheckResult:
    """Run one of schema, snapshot, quality or truth on a parsed seed."""
    if parsed.result.failed or parsed.site is None:
        return CheckResult(check, parsed.name, "skipped", reason="the parse failed")
    site, name = parsed.site, parsed.name
    findings: list[Finding]
    if check == "schema":
        if not site.schema:
            reason = f"site {site.name!r} names no schema"
            return CheckResult(check, name, "skipped", reason=reason)
        validator = project.schemas.validator(site.schema)
        findings = check_schema(parsed.record, page=name, validator=validator)
    elif check == "snapshot":
        file = project.layout.file_for(parsed.path)
        findings = check_snapshot(
            parsed.record,
            page=name,
            file=file,
            shown_as=project.name(file),
            volatile=site.volatile,
        )
    elif check == "quality":
        findings = record_quality(project, parsed)
        assert parsed.page is not None
        findings += page_secrets(parsed.page)  # before the page is committed
        findings += page_hazards(parsed.page)
    elif check == "truth":
        assert parsed.page is not None
        found = truth_findings(
            parsed.page, parsed.record, site=site, is_file=project.files.is_file
        )
        if found is None:
            return CheckResult(check, name, "skipped", reason="no expectations")
        findings = found
    else:
        raise ValueError(f"unknown check {check!r}; known: {', '.join(CHECKS)}")
    failed = any(f.severity == "error" for f in findings)
    return CheckResult(check, name, "failed" if failed else "passed", tuple(findings))


def record_quality(project: Project, parsed: Parsed) -> list[Finding]:
    """The quality check's rules on the record (the page's secrets scan aside)."""
    assert parsed.site is not None
    with walked_once(parsed.record):  # both walk the record's strings
        findings = check_quality(parsed.record, page=parsed.name, site=parsed.site)
        findings += learned_findings(
            project.boilerplate_file,
            parsed.record,
            page=parsed.name,
            site=parsed.site,
            shown=project.name(project.boilerplate_file),
        )
    return findings


def check_seed(project: Project, path: Path) -> SeedResult:
    """Every check on one seed."""
    [result] = check_all(project, [path])
    return result


def check_here(project: Project, path: Path) -> SeedResult:
    """:func:`check_seed` in this process, with no limit: what a worker runs."""
    return verdicts(project, parse_here(project, path))


def verdicts(project: Project, parsed: Parsed) -> SeedResult:
    results = [parsed.result] + [run_check(project, parsed, c) for c in CHECKS[1:]]
    return seed_result(parsed, results)


def seed_result(parsed: Parsed, results: Iterable[CheckResult]) -> SeedResult:
    """A seed's verdicts gathered with its record and site."""
    site = parsed.site.name if parsed.site else None
    return SeedResult(parsed.name, tuple(results), parsed.record, site)


UpdateAction = Literal["created", "updated", "unchanged", "failed"]


@dataclass(frozen=True)
class Update:
    page: str
    action: UpdateAction
    snapshot: str
    findings: tuple[Finding, ...] = ()


def update_seed(project: Project, path: Path) -> Update:
    """Accept the seed's current record as its snapshot; never writes when the parse failed."""
    return accept(project, parse_seed(project, path))


def accept(project: Project, parsed: Parsed) -> Update:
    """Write a parsed seed's record as its snapshot, atomically, if it differs."""
    file = project.layout.file_for(parsed.path)
    shown = project.name(file)
    if parsed.site is None:
        return Update(parsed.name, "failed", shown, parsed.result.findings)
    text = snapshots.serialize(parsed.record, parsed.site.volatile)
    try:
        old = snapshots.read(file)
    except (OSError, UnicodeDecodeError):
        old = ""  # unreadable: the user asked for an update, so it is replaced
    if old == text:
        return Update(parsed.name, "unchanged", shown)
    snapshots.write(file, text)
    return Update(parsed.name, "created" if old is None else "updated", shown)


def check_all(
    project: Project,
    pages: Iterable[Path],
    *,
    jobs: int = 1,
    cache: ResultCache | None = None,
    elsewhere: Callable[[list[Path]], Iterator[SeedResult]] | None = None,
    view: Callable[[SeedResult], SeedResult] | None = None,
    records: bool = True,
) -> Iterator[SeedResult]:
    """Every check on each page, in order; the run goes on past failing seeds.

    ``jobs`` worker processes check seeds side by side; a ``cache`` answers for
    the seeds none of whose inputs changed since it last saw them. ``elsewhere``
    checks the others instead, in order: on a Dask cluster (harness/distributed.py).
    ``view`` is what the caller keeps of each result (the cache keeps it all),
    applied as soon as a result is read from the cache, since all of them are
    read before the first fresh one arrives. Without ``records``, a cached result
    comes without its record (None), which only the corpus stage and the HTML
    report read.
    """
    pages = list(pages)
    keys = [cache.key(path) if cache else None for path in pages]
    keep = view or (lambda result: result)
    found = (cache.get(key, record=records) if cache and key else None for key in keys)
    known = [None if result is None else keep(result) for result in found]
    todo = [path for path, result in zip(pages, known, strict=True) if result is None]
    fresh: Iterator[SeedResult | LimitExceeded] = (
        elsewhere(todo) if elsewhere else project.limited(check_here, todo, jobs=jobs)
    )
    for path, key, result in zip(pages, keys, known, strict=True):
        if result is None:
            outcome = next(fresh)
            if isinstance(outcome, LimitExceeded):
                result = verdicts(project, limit_failure(project, path, outcome))
            else:
                result = outcome
                if cache and key:
                    cache.put(key, result)
            result = keep(result)
        yield result
