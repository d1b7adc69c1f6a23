"""Corpus rules that need nothing learned: they compare the pages of one run.

- :func:`recurring_blocks`: a block in the article fields of at least
  ``recurring_pages`` pages of a site is template text an aggregator appends to
  every page, not article text.
- :func:`borrowed_titles`: a body block that is, or starts with, another page's
  title is a "related articles" list written as plain paragraphs.

Both stay silent on the unmutated pages of the shared corpora (docs/corpus.md
gives the figures and ``benchmarks/corpus_false_alarms.py`` measures them).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from typing import Any

from harness.checks.quality import quote
from harness.corpus.entries import RecordLike, corpus_finding
from harness.corpus.settings import CorpusSettings
from harness.corpus.text import (
    OWN_TEXT_FIELDS,
    article_blocks,
    block_key,
    has_weighted_letters,
    weighted_letters,
)
from harness.model import Finding


def recurring_blocks(
    entries: Sequence[RecordLike], settings: CorpusSettings
) -> Iterator[Finding]:
    """A finding per page and path holding a block found on too many pages.

    Two passes, the first keeping only a hash of each block and how many pages
    hold it: ten thousand pages of text would otherwise be held twice over.
    """
    counts: dict[int, tuple[int, str]] = {}  # block hash: (pages, the last page)
    for entry in entries:
        for _, line in _long_blocks(entry, settings):
            digest = hash(block_key(line))
            pages, last = counts.get(digest, (0, ""))
            if last != entry.page:
                counts[digest] = (pages + 1, entry.page)
    for entry in entries:
        reported: set[tuple[str, str]] = set()
        for path, line in _long_blocks(entry, settings):
            key = block_key(line)
            count = counts[hash(key)][0]
            if count < settings.recurring_pages or (path, key) in reported:
                continue
            reported.add((path, key))
            message = (
                f"expected article text, found a block that recurs on {count} pages "
                f"of this run (template text): {quote(line.strip())}"
            )
            yield corpus_finding(entry.page, path, "recurring_block", message, line)


def _long_blocks(
    entry: RecordLike, settings: CorpusSettings
) -> Iterator[tuple[str, str]]:
    for path, line in article_blocks(entry.record, OWN_TEXT_FIELDS):
        if has_weighted_letters(line, settings.recurring_letters):
            yield path, line


def borrowed_titles(
    entries: Sequence[RecordLike], settings: CorpusSettings
) -> Iterator[Finding]:
    """A finding per body block that is, or starts with, another page's title."""
    titles: dict[str, tuple[str, str]] = {}  # key: (page, title)
    for entry in entries:
        for key in title_keys(entry.record, settings.title_letters):
            titles.setdefault(key, (entry.page, entry.record["title"]))
    if len(titles) < 2:
        return
    ordered = sorted(titles)
    longest = max(map(len, titles))
    for entry in entries:
        own = set(title_keys(entry.record, settings.title_letters))
        for path, line in article_blocks(entry.record, ("body",)):
            key = block_key(line)
            found = borrowed(key, titles, own, longest) or truncated(
                key, ordered, titles, own, settings.title_letters
            )
            if found is None:
                continue
            page, title = found
            message = (
                f"expected article text, found the title of another page of this "
                f"run, {quote(title)} ({page}): a related-articles list"
            )
            yield corpus_finding(entry.page, path, "borrowed_title", message, line)


SITE_NAME_SEPARATOR = re.compile(r"\s+[|\-–—:·»]+\s+")
"""Between a title and the site's name: "Rain expected | The Daily", "News - Rain"."""


def title_keys(record: Any, least: int) -> list[str]:
    """The keys a page's title is found by: all of it, and each part around a
    site-name separator, of at least ``least`` letters (a related list shows
    the title without the site's name)."""
    title = record.get("title") if isinstance(record, dict) else None
    if not isinstance(title, str):
        return []
    parts = [title, *SITE_NAME_SEPARATOR.split(title)]
    keys = (block_key(part) for part in parts if has_weighted_letters(part, least))
    return list(dict.fromkeys(keys))


def borrowed(
    key: str, titles: dict[str, tuple[str, str]], own: set[str], longest: int
) -> tuple[str, str] | None:
    """The (page, title) whose title ``key`` is, or starts with up to a word's end.

    Only cuts up to the longest title can match (block keys have single spaces),
    so a long paragraph costs a short scan, in C.
    """
    reach = longest + 2
    cuts = [match.start() for match in _NOT_ALNUM.finditer(key, 0, reach)]
    if len(key) < reach:
        cuts.append(len(key))
    for cut in cuts:
        prefix = key[:cut].rstrip()
        if prefix not in own and (found := titles.get(prefix)):
            return found
    return None


_NOT_ALNUM = re.compile(r"[\W_]")  # str.isalnum's complement

ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.)$")


def truncated(
    key: str,
    ordered: Sequence[str],
    titles: dict[str, tuple[str, str]],
    own: set[str],
    least: int,
) -> tuple[str, str] | None:
    """The (page, title) that ``key``, cut short with an ellipsis, begins."""
    if not ELLIPSIS.search(key):
        return None
    start = ELLIPSIS.sub("", key)
    if weighted_letters(start) < least:
        return None
    index = bisect_left(ordered, start)
    while index < len(ordered) and ordered[index].startswith(start):
        if ordered[index] not in own:
            return titles[ordered[index]]
        index += 1
    return None
