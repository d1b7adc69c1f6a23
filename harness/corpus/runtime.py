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

from collections import defaultdict
from collections.abc import Iterator, Sequence

from harness.checks.quality import quote
from harness.corpus.entries import RecordLike, corpus_finding
from harness.corpus.settings import CorpusSettings
from harness.corpus.text import article_blocks, block_key, weighted_letters
from harness.model import Finding


def recurring_blocks(
    entries: Sequence[RecordLike], settings: CorpusSettings
) -> Iterator[Finding]:
    """A finding per page and path holding a block found on too many pages."""
    pages: defaultdict[str, set[str]] = defaultdict(set)
    places: list[tuple[RecordLike, str, str, str]] = []
    for entry in entries:
        for path, line in article_blocks(entry.record):
            if weighted_letters(line) < settings.recurring_letters:
                continue
            key = block_key(line)
            pages[key].add(entry.page)
            places.append((entry, path, line, key))
    reported: set[tuple[str, str, str]] = set()
    for entry, path, line, key in places:
        count = len(pages[key])
        if count < settings.recurring_pages or (entry.page, path, key) in reported:
            continue
        reported.add((entry.page, path, key))
        message = (
            f"expected article text, found a block that recurs on {count} pages of "
            f"this run (template text): {quote(line.strip())}"
        )
        yield corpus_finding(entry.page, path, "recurring_block", message, line)


def borrowed_titles(
    entries: Sequence[RecordLike], settings: CorpusSettings
) -> Iterator[Finding]:
    """A finding per body block that is, or starts with, another page's title."""
    titles: dict[str, tuple[str, str]] = {}  # key: (page, title)
    for entry in entries:
        title = entry.record.get("title") if isinstance(entry.record, dict) else None
        if isinstance(title, str) and weighted_letters(title) >= settings.title_letters:
            titles.setdefault(block_key(title), (entry.page, title))
    if len(titles) < 2:
        return
    for entry in entries:
        own = entry.record.get("title") if isinstance(entry.record, dict) else None
        own_key = block_key(own) if isinstance(own, str) else None
        for path, line in article_blocks(entry.record, ("body",)):
            found = borrowed(block_key(line), titles, own_key)
            if found is None:
                continue
            page, title = found
            message = (
                f"expected article text, found the title of another page of this "
                f"run, {quote(title)} ({page}): a related-articles list"
            )
            yield corpus_finding(entry.page, path, "borrowed_title", message, line)


def borrowed(
    key: str, titles: dict[str, tuple[str, str]], own: str | None
) -> tuple[str, str] | None:
    """The (page, title) whose title ``key`` is, or starts with up to a word's end."""
    cuts = [i for i, char in enumerate(key) if not char.isalnum()] + [len(key)]
    for cut in cuts:
        prefix = key[:cut].rstrip()
        if prefix != own and (found := titles.get(prefix)):
            return found
    return None
