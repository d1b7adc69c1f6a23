"""The corpus stage of a run: after the per-seed checks, over all their records.

``harness check`` and the pytest plugin call :func:`run_corpus_stage`;
``harness update`` calls :func:`update_baselines`; ``harness learn``
:func:`learn_boilerplate`. All read the settings of ``[tool.harness.corpus]``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from harness.corpus import CorpusRecord, SiteVerdict, by_site, site_verdict
from harness.corpus.baselines import Refresh, read_baselines, refresh, write_baselines
from harness.corpus.boilerplate import Template, learn, write_templates
from harness.errors import HarnessError
from harness.model import SeedResult
from harness.pages import read_meta

if TYPE_CHECKING:
    from harness.engine import Project


def corpus_records(
    project: Project, results: Iterable[SeedResult]
) -> list[CorpusRecord]:
    """The seeds that parsed, with the url of their meta.json."""
    records = []
    for result in results:
        if result.site is None or not isinstance(result.record, dict):
            continue
        try:
            meta = read_meta(project.root / result.page, result.page)
        except HarnessError:
            meta = {}  # it parsed, so this cannot happen short of a race
        url = meta.get("url")
        records.append(
            CorpusRecord(
                result.page,
                result.site,
                result.record,
                url if isinstance(url, str) else None,
            )
        )
    return records


def run_corpus_stage(
    project: Project,
    results: Iterable[SeedResult],
    *,
    whole: bool,
    sites: Sequence[str] | None = None,
) -> list[SiteVerdict]:
    """One verdict per site of the run (or per site in ``sites``), in name order.

    ``whole``: the run covers every seed; otherwise the site-wide rules wait
    for a run that does.
    """
    file = project.baselines_file
    baselines = read_baselines(file, shown=project.name(file))
    grouped = by_site(corpus_records(project, results))
    return [
        site_verdict(
            site,
            entries,
            settings=project.config.corpus,
            baselines=baselines,
            whole=whole,
        )
        for site, entries in sorted(grouped.items())
        if sites is None or site in sites
    ]


def update_baselines(
    project: Project, results: Iterable[SeedResult], *, allow_regression: bool
) -> Refresh:
    """Refresh the baselines file from the run; written only when something changed."""
    file = project.baselines_file
    old = read_baselines(file, shown=project.name(file)) or {}
    outcome = refresh(
        old,
        by_site(corpus_records(project, results)),
        tolerance=project.config.corpus.tolerance,
        allow_regression=allow_regression,
    )
    if outcome.baselines != old:
        write_baselines(file, outcome.baselines)
    return outcome


@dataclass(frozen=True)
class Learned:
    file: Path
    templates: list[Template]
    pages: int
    sites: int


def learn_boilerplate(project: Project, results: Iterable[SeedResult]) -> Learned:
    """Learn the templates from the run's records and write the boilerplate file."""
    records = corpus_records(project, results)
    bounds = project.config.corpus.learn
    templates = learn(records, bounds)
    file = project.boilerplate_file
    write_templates(file, templates, bounds)
    return Learned(file, templates, len(records), len(by_site(records)))
