"""Field coverage: the share of a site's pages where a field is filled.

A parser that stops finding the author on half the pages still returns valid
records; only the share across the site shows it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from harness.checks.quality import _emptiness
from harness.corpus.entries import RecordLike, corpus_finding
from harness.model import Finding


def field_coverage(
    site: str, entries: Sequence[RecordLike], thresholds: Mapping[str, float]
) -> Iterator[Finding]:
    """A site-wide finding per field filled on less than its share of the pages."""
    if not entries:
        return
    for field, least in sorted(thresholds.items()):
        empty = [
            e.page
            for e in entries
            if not isinstance(e.record, dict) or _emptiness(e.record, field)
        ]
        share = 1 - len(empty) / len(entries)
        if share < least:
            message = (
                f"expected `{field}` filled on at least {least:.0%} of the site's "
                f"pages, found {share:.0%} ({len(entries) - len(empty)} of "
                f"{len(entries)}); empty on {', '.join(empty[:3])}"
                + (f" and {len(empty) - 3} more" if len(empty) > 3 else "")
            )
            yield corpus_finding(site, field, "coverage", message, round(share, 4))
