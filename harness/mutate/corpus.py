"""The corpus rules on one mutant, against the run of unmutated pages.

A mutant belongs to a run made of the other pages as they are and itself in
place of its original. Running every corpus rule over that whole run for each
mutant would cost seconds a mutant, so the run is reduced once, losslessly for
the two rules that judge a single page:

- ``borrowed_title`` needs only the other pages' titles;
- ``recurring_block`` needs only the title and body lines that are on two or
  more other pages (a mutant's line recurs on three pages only if two others
  hold it).

Site-wide rules (coverage, duplicates, baselines) judge the run, not a page;
they run once on the unmutated pages, where they are false alarms if anything.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from harness.corpus import CorpusRecord, CorpusSettings, corpus_findings
from harness.corpus.runtime import borrowed_titles, recurring_blocks
from harness.corpus.text import OWN_TEXT_FIELDS, article_blocks, block_key
from harness.jsonpath import strings_of
from harness.model import Finding


class CorpusContext:
    """The unmutated run, reduced to what judges one mutant."""

    def __init__(
        self, records: Sequence[CorpusRecord], settings: CorpusSettings
    ) -> None:
        self.settings = settings
        self.findings = corpus_findings(records, settings=settings)
        """The corpus findings on the unmutated run."""
        pages: defaultdict[str, set[str]] = defaultdict(set)
        for entry in records:
            for _, line in article_blocks(strings_of(entry.record, OWN_TEXT_FIELDS)):
                pages[block_key(line)].add(entry.page)
        self.reduced = [_reduced(entry, pages) for entry in records]

    def page_findings(self, page: str) -> list[Finding]:
        """The unmutated page's own corpus findings."""
        return [f for f in self.findings if f.page == page]

    def mutant_findings(self, page: str, site: str, record: Any) -> list[Finding]:
        """The per-page corpus rules on ``record`` standing in for ``page``."""
        entries = [CorpusRecord(page, site, record)]
        entries += [e for e in self.reduced if e.site == site and e.page != page]
        found = [
            *borrowed_titles(entries, self.settings),
            *recurring_blocks(entries, self.settings),
        ]
        return [f for f in found if f.page == page]


def _reduced(entry: CorpusRecord, pages: dict[str, set[str]]) -> CorpusRecord:
    """The page's title and the lines two or more pages share, nothing else."""
    record = entry.record if isinstance(entry.record, dict) else {}
    shared = [
        {"text": line}
        for _, line in article_blocks(strings_of(record, OWN_TEXT_FIELDS))
        if len(pages[block_key(line)]) >= 2
    ]
    return CorpusRecord(
        entry.page, entry.site, {"title": record.get("title"), "body": shared}
    )
