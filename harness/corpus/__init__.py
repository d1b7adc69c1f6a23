"""Corpus rules: checks over all the records of a run, site by site.

A snapshot guards a page it has seen; these rules guard the pages nobody has
snapshotted, by comparing the pages of one run with each other and with the
site's reviewed baselines:

- ``coverage``: a field is filled on at least a configured share of the pages;
- ``duplicate_body``: one body under different URLs;
- ``baseline_floor``, ``baseline_median``: body length and block count against
  the site's baselines file (``harness update`` writes it);
- ``recurring_block``: a block on many pages of the run is template text;
- ``borrowed_title``: a body block that is another page's title.

    from harness.corpus import CorpusRecord, corpus_findings

    findings = corpus_findings(
        [CorpusRecord(page="seeds/news/a.html", site="news", record=record), ...]
    )

A finding about one page names that page (``Finding.page``); a finding about a
whole site (coverage, a baseline median) names the site. Pass each page once:
two versions of one page would make each of its blocks "recur".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from harness.corpus.baselines import Baselines, baseline_findings
from harness.corpus.coverage import field_coverage
from harness.corpus.duplicates import duplicate_bodies
from harness.corpus.entries import CHECK, CorpusRecord, RecordLike
from harness.corpus.runtime import borrowed_titles, recurring_blocks
from harness.corpus.settings import CorpusSettings
from harness.model import Finding, Status

__all__ = [
    "CHECK",
    "CorpusRecord",
    "CorpusSettings",
    "RecordLike",
    "SiteVerdict",
    "by_site",
    "corpus_findings",
    "site_verdict",
]


@dataclass(frozen=True)
class SiteVerdict:
    """The corpus rules' verdict on one site of a run."""

    site: str
    status: Status
    findings: tuple[Finding, ...] = ()
    pages: int = 0

    @property
    def failed(self) -> bool:
        return self.status == "failed"


def corpus_findings(
    records: Iterable[RecordLike],
    *,
    settings: CorpusSettings | None = None,
    baselines: Baselines | None = None,
) -> list[Finding]:
    """Every corpus finding on ``records`` (page, site, record), site by site.

    Records without a site or a record (a failed parse) are left out.
    ``baselines`` (see :func:`harness.corpus.baselines.read_baselines`) adds the
    baseline rules for the sites it holds.
    """
    return [
        finding
        for site, entries in by_site(records).items()
        for finding in site_verdict(
            site, entries, settings=settings, baselines=baselines
        ).findings
    ]


def by_site(records: Iterable[RecordLike]) -> dict[str, list[RecordLike]]:
    """The records that parsed, grouped by site, in run order."""
    sites: dict[str, list[RecordLike]] = {}
    for entry in records:
        if entry.site is not None and isinstance(entry.record, dict):
            sites.setdefault(entry.site, []).append(entry)
    return sites


def site_verdict(
    site: str,
    entries: Sequence[RecordLike],
    *,
    settings: CorpusSettings | None = None,
    baselines: Baselines | None = None,
    whole: bool = True,
) -> SiteVerdict:
    """Every corpus rule on the pages of one site.

    ``whole=False`` says ``entries`` are only some of the site's pages (a run
    limited to some paths): the rules about the whole site (coverage, the
    baseline median) are left out, since a share or a median of a few pages
    says nothing about the site.
    """
    settings = settings or CorpusSettings()
    findings: list[Finding] = []
    if whole:
        findings += field_coverage(site, entries, settings.coverage_for(site))
    if settings.duplicates:
        findings += duplicate_bodies(entries)
    if baselines is not None and site in baselines:
        file = settings.baselines.name if settings.baselines else "baselines.json"
        findings += (
            f
            for f in baseline_findings(site, entries, baselines[site], file=file)
            if whole or f.rule != "baseline_median"
        )
    findings += recurring_blocks(entries, settings)
    findings += borrowed_titles(entries, settings)
    failed = any(f.severity == "error" for f in findings)
    status: Status = "failed" if failed else "passed"
    return SiteVerdict(site, status, tuple(findings), len(entries))
