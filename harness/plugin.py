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

from collections.abc import Generator, Iterator
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from harness.corpus import SiteVerdict
    from harness.engine import Parsed, Project
    from harness.model import CheckResult, SeedResult
    from harness.snapshots import SnapshotLayout

PROJECT_KEY = pytest.StashKey["Project | None"]()
VERDICTS_KEY = pytest.StashKey["Verdicts"]()
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
    """Write the reports asked for, from the verdicts the seed items reported.

    Under pytest-xdist only the controller writes them: the workers' verdicts
    reach it inside their test reports (:class:`Verdicts`), so a serial run and
    ``pytest -n N`` write the same reports.
    """
    project = session.config.stash.get(PROJECT_KEY, None)
    wanted = wanted_reports(session.config)
    if project is None or not any(wanted.values()) or is_xdist_worker(session.config):
        return
    from importlib import import_module

    from harness.atomic import write_atomic
    from harness.report import RunReport

    verdicts = session.config.stash[VERDICTS_KEY]
    stale = tuple(map(project.name, project.layout.stale()))
    report = RunReport(
        project.root, verdicts.results(project), stale, verdicts.corpus(project)
    )
    for module, file in wanted.items():
        if file:
            render = import_module(f"harness.report.{module}").render
            write_atomic(Path(file), render(report).encode("utf-8", errors="replace"))


def wanted_reports(config: pytest.Config) -> dict[str, str | None]:
    """The report files asked for, by renderer module."""
    return {
        module: getattr(config.option, flag[2:].replace("-", "_"))
        for flag, (module, _) in REPORT_OPTIONS.items()
    }


def is_xdist_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Put the check's verdict, as plain data, on its report, when a report file
    is wanted. A report attribute, not ``user_properties``: pytest-xdist carries
    both to the controller, but ``--junitxml`` would copy user properties into
    every testcase."""
    report = yield
    if report.when != "call" or not any(wanted_reports(item.config).values()):
        return report
    if isinstance(item, SeedCheck) and item.result is not None:
        report.harness_verdict = item.verdict_data()  # type: ignore[attr-defined]
    elif isinstance(item, CorpusCheck) and item.verdict is not None:
        from dataclasses import asdict

        report.harness_corpus = asdict(item.verdict)  # type: ignore[attr-defined]
    return report


class Verdicts:
    """The verdicts of the seed checks, gathered from their test reports: in
    this process when serial, on the controller under pytest-xdist."""

    def __init__(self) -> None:
        self.by_seed: dict[str, list[SeedResult]] = {}
        self.by_site: dict[str, SiteVerdict] = {}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        from harness.cache import result_from_json
        from harness.corpus import SiteVerdict
        from harness.model import Finding

        if (data := getattr(report, "harness_verdict", None)) is not None:
            verdict = result_from_json(data)
            self.by_seed.setdefault(verdict.page, []).append(verdict)
        if (data := getattr(report, "harness_corpus", None)) is not None:
            findings = tuple(Finding(**f) for f in data["findings"])
            self.by_site[data["site"]] = SiteVerdict(
                data["site"], data["status"], findings, data["pages"]
            )

    def corpus(self, project: Project) -> tuple[SiteVerdict, ...]:
        """The corpus verdicts, in the order of the configured sites."""
        sites = [rule.site.name for rule in project.config.sites]
        return tuple(self.by_site[site] for site in sites if site in self.by_site)

    def results(self, project: Project) -> tuple[SeedResult, ...]:
        """One result per seed, in the order ``harness check`` runs them, each
        seed's checks in their usual order: the same whichever worker ran what."""
        from harness.model import CHECKS, SeedResult

        order = {project.name(page): i for i, page in enumerate(project.pages())}
        results = []
        for page in sorted(self.by_seed, key=lambda p: (order.get(p, len(order)), p)):
            parts = self.by_seed[page]
            checks = sorted(
                (r for part in parts for r in part.results),
                key=lambda r: CHECKS.index(r.check),
            )
            record = next((p.record for p in parts if p.record is not None), None)
            results.append(SeedResult(page, tuple(checks), record, parts[0].site))
        return tuple(results)


def pytest_sessionstart(session: pytest.Session) -> None:
    # Not in pytest_configure: `pytest --help` should not pay for loading schemas.
    config = session.config
    from harness.config import is_project

    if not is_project(config.rootpath):
        config.stash[PROJECT_KEY] = None
        return

    from harness.engine import Project
    from harness.errors import HarnessError
    from harness.snapshots import SnapshotLayout
    from harness.syrupy_extension import SeedSnapshotExtension

    try:
        project = Project(config.rootpath)
        project.load_schemas()
    except HarnessError as e:
        raise pytest.UsageError(f"scrape harness: {e}") from e
    config.stash[PROJECT_KEY] = project
    config.stash[VERDICTS_KEY] = verdicts = Verdicts()
    config.pluginmanager.register(verdicts, "harness-verdicts")
    config.stash[OUTER_LAYOUT_KEY] = SeedSnapshotExtension.layout
    SeedSnapshotExtension.layout = SnapshotLayout(
        project.config.seeds, project.config.snapshots
    )


def pytest_unconfigure(config: pytest.Config) -> None:
    # A pytest run inside another (pytester) must hand the class back as it was.
    if OUTER_LAYOUT_KEY in config.stash:
        from harness.syrupy_extension import SeedSnapshotExtension

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
        from harness.pages import escapes

        if real := escapes(self.path, self.project.config):
            name = self.project.name(self.path)
            pytest.skip(
                f"{name}: a symlink that points outside the seeds folder (to {real})"
            )
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

    def verdict_data(self) -> dict[str, Any]:
        """The verdict as plain data: the check's result, its seed's site, and
        the record on the parse check (the reports show it once per seed)."""
        from dataclasses import asdict

        from harness.model import SeedResult

        assert self.result is not None
        parsed = self.parent.parsed
        site = parsed.site.name if parsed.site else None
        record = parsed.record if self.name == "parse" else None
        return asdict(SeedResult(parsed.name, (self.result,), record, site))

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

        from harness.snapshots import volatile_matcher
        from harness.syrupy_extension import SeedSnapshotExtension

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
