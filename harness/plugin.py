"""pytest plugin: every seed becomes test items, one per check.

    seeds/aggregator/000.txt::parse
    seeds/aggregator/000.txt::schema
    seeds/aggregator/000.txt::snapshot
    seeds/aggregator/000.txt::quality
    corpus::aggregator

The corpus rules run once per site, after the seed items, over the records of
the site's collected seeds (``harness.corpus``). It is active in any project whose pyproject.toml has a ``[tool.harness]`` table,
and drives the same engine as the ``harness`` command. The project and its
schemas load when the session starts, so ``pytest --help`` stays fast.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from harness.corpus import SiteVerdict
    from harness.engine import Parsed, Project
    from harness.model import CheckResult
    from harness.snapshots import SnapshotLayout

PROJECT_KEY = pytest.StashKey["Project | None"]()
OUTER_LAYOUT_KEY: pytest.StashKey[SnapshotLayout | None] = pytest.StashKey()


REPORT_OPTIONS = {
    "--report-md": ("markdown", "Markdown for a pull-request comment"),
    "--report-html": ("html", "one self-contained HTML file"),
    "--report-json": ("json_report", "machine-readable results"),
}


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("scrape harness", "scrape harness reports of the seeds")
    for flag, (_, help) in REPORT_OPTIONS.items():
        group.addoption(flag, metavar="FILE", default=None, help=help)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Write the reports asked for, from the verdicts of the seed items that ran."""
    project = session.config.stash.get(PROJECT_KEY, None)
    wanted = {
        module: getattr(session.config.option, flag[2:].replace("-", "_"))
        for flag, (module, _) in REPORT_OPTIONS.items()
    }
    if project is None or not any(wanted.values()):
        return
    from importlib import import_module

    from harness.atomic import write_atomic
    from harness.engine import seed_result
    from harness.report import RunReport

    seeds: dict[SeedFile, list[CheckResult]] = {}
    for item in session.items:
        if isinstance(item, SeedCheck) and item.result is not None:
            seeds.setdefault(item.parent, []).append(item.result)
    results = tuple(seed_result(seed.parsed, checks) for seed, checks in seeds.items())
    stale = tuple(map(project.name, project.layout.stale()))
    corpus = tuple(
        item.verdict
        for item in session.items
        if isinstance(item, CorpusCheck) and item.verdict is not None
    )
    report = RunReport(project.root, results, stale, corpus)
    for module, file in wanted.items():
        if file:
            render = import_module(f"harness.report.{module}").render
            write_atomic(Path(file), render(report).encode("utf-8", errors="replace"))


def pytest_sessionstart(session: pytest.Session) -> None:
    # Not in pytest_configure: `pytest --help` should not pay for loading schemas.
    config = session.config
    from harness.config import is_project

    if not is_project(config.rootpath):
        config.stash[PROJECT_KEY] = None
        return

    from harness.engine import Project
    from harness.errors import HarnessError
    from harness.snapshots import SeedSnapshotExtension, SnapshotLayout

    try:
        project = Project(config.rootpath)
        project.load_schemas()
    except HarnessError as e:
        raise pytest.UsageError(f"scrape harness: {e}") from e
    config.stash[PROJECT_KEY] = project
    config.stash[OUTER_LAYOUT_KEY] = SeedSnapshotExtension.layout
    SeedSnapshotExtension.layout = SnapshotLayout(
        project.config.seeds, project.config.snapshots
    )


def pytest_unconfigure(config: pytest.Config) -> None:
    # A pytest run inside another (pytester) must hand the class back as it was.
    if OUTER_LAYOUT_KEY in config.stash:
        from harness.snapshots import SeedSnapshotExtension

        SeedSnapshotExtension.layout = config.stash[OUTER_LAYOUT_KEY]


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> SeedFile | None:
    project = parent.config.stash.get(PROJECT_KEY, None)
    if project is None or not file_path.is_relative_to(project.config.seeds):
        return None
    from harness.pages import is_page

    if not is_page(file_path):
        return None
    seed: SeedFile = SeedFile.from_parent(parent, path=file_path)
    return seed


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    """One corpus item per configured site, after every seed item."""
    project = config.stash.get(PROJECT_KEY, None)
    if project is None or not any(isinstance(i, SeedCheck) for i in items):
        return
    items += [
        CorpusCheck.from_parent(
            session, name=rule.site.name, nodeid=f"corpus::{rule.site.name}"
        )
        for rule in project.config.sites
    ]


class SeedFile(pytest.File):
    """A seed page; it is parsed once and its record shared by its check items."""

    @property
    def project(self) -> Project:
        project = self.config.stash[PROJECT_KEY]
        assert project is not None
        return project

    @cached_property
    def parsed(self) -> Parsed:
        from harness.engine import parse_seed

        return parse_seed(self.project, self.path)

    def collect(self) -> Iterator[SeedCheck]:
        from harness.model import CHECKS

        for check in CHECKS:
            yield SeedCheck.from_parent(self, name=check, callobj=seed_check)


def seed_check() -> None:
    """What a SeedCheck item reports as its test function (syrupy reads its name)."""


class SeedCheck(pytest.Function):
    """One check on one seed. A pytest.Function, so syrupy's session counts it."""

    parent: SeedFile

    result: CheckResult | None = None
    """The verdict, once the item has run (the reports gather them)."""

    def runtest(self) -> None:
        from harness.errors import CheckFailed

        self.result = result = self.verdict()
        if result.status == "skipped":
            pytest.skip(result.reason)  # no page: -ra then groups a reason once
        if result.failed:
            raise CheckFailed(result.findings)

    def verdict(self) -> CheckResult:
        from harness.engine import run_check
        from harness.model import CheckResult

        parsed = self.parent.parsed
        if self.name == "parse":
            return parsed.result
        snapshot = self.name == "snapshot" and not parsed.result.failed
        if snapshot and self.syrupy_accepts(parsed):
            return CheckResult("snapshot", parsed.name, "passed")
        result = run_check(self.parent.project, parsed, self.name)
        if snapshot and not result.failed:
            # syrupy and the engine read and serialize the same way; if they
            # ever disagree, that is a bug to see, not a pass to hide.
            raise AssertionError(
                f"syrupy found a snapshot difference the engine did not ({parsed.name})"
            )
        return result

    def syrupy_accepts(self, parsed: Parsed) -> bool:
        """Assert the record through syrupy, which counts snapshots, reports unused
        ones and writes on --snapshot-update. True when it matched or was written;
        otherwise the engine's snapshot check says, field by field, what changed.
        """
        from syrupy.assertion import SnapshotAssertion
        from syrupy.location import PyTestLocation

        from harness.snapshots import SeedSnapshotExtension, volatile_matcher

        assert parsed.site is not None
        assertion = SnapshotAssertion(
            update_snapshots=bool(self.config.option.update_snapshots),
            extension_class=SeedSnapshotExtension,
            test_location=PyTestLocation(self),
            session=self.config._syrupy,  # type: ignore[attr-defined]
            matcher=volatile_matcher(parsed.site.volatile),
        )
        return bool(assertion == parsed.record)

    def repr_failure(  # type: ignore[override]
        self, excinfo: pytest.ExceptionInfo[BaseException]
    ) -> str | Any:
        from harness.errors import CheckFailed

        if isinstance(excinfo.value, CheckFailed):
            return render_findings(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        # Not the node id: pytest rewrites "." as "::" in a domain that ends
        # the node id, and seed names have dots.
        return self.path, None, f"{self.name}: {self.parent.parsed.name}"


def render_findings(failure: Any) -> str:
    """The findings of a failed check, then the commands that accept the change."""
    lines = []
    for finding in failure.findings:
        where = f"{finding.path}: " if finding.path else ""
        lines.append(f"{finding.check} {finding.rule}: {where}{finding.message}")
        if finding.value is not None and finding.check != "snapshot":
            lines.append(f"    value: {finding.value!r}")
    lines.append(f"({failure.findings[0].page})")
    lines += dict.fromkeys(f.hint for f in failure.findings if f.hint)
    return "\n".join(lines)


class CorpusCheck(pytest.Item):
    """The corpus rules on one site, over the records of its collected seeds."""

    verdict: SiteVerdict | None = None

    def runtest(self) -> None:
        from harness.corpus.stage import run_corpus_stage
        from harness.engine import seed_result
        from harness.errors import CheckFailed

        project = self.config.stash[PROJECT_KEY]
        assert project is not None
        seeds = dict.fromkeys(
            item.parent for item in self.session.items if isinstance(item, SeedCheck)
        )
        results = [seed_result(seed.parsed, [seed.parsed.result]) for seed in seeds]
        whole = {seed.path for seed in seeds} >= set(project.pages())
        verdicts = run_corpus_stage(project, results, whole=whole, sites=[self.name])
        if not verdicts:
            pytest.skip(f"no seed of site {self.name!r} parsed in this run")
        self.verdict = verdicts[0]
        if self.verdict.failed:
            raise CheckFailed(self.verdict.findings)

    def repr_failure(  # type: ignore[override]
        self, excinfo: pytest.ExceptionInfo[BaseException]
    ) -> str | Any:
        from harness.errors import CheckFailed

        if not isinstance(excinfo.value, CheckFailed):
            return super().repr_failure(excinfo)
        lines = []
        for finding in excinfo.value.findings:
            where = f"{finding.path}: " if finding.path else ""
            lines.append(
                f"corpus {finding.rule}: {finding.page}: {where}{finding.message}"
            )
        lines += dict.fromkeys(f.hint for f in excinfo.value.findings if f.hint)
        return "\n".join(lines)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"corpus: site {self.name}"
