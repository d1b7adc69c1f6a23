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
from array import array
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
from harness.jsonpath import strings_of
from harness.model import Finding


def recurring_blocks(
    entries: Sequence[RecordLike], settings: CorpusSettings
) -> Iterator[Finding]:
    """A finding per page and path holding a block found on too many pages.

    Two passes, the first keeping only a hash of each block and how many pages
    hold it: ten thousand pages of text would otherwise be held twice over. The
    second reads the hashes back instead of normalising each block again.
    """
    counts: dict[int, tuple[int, str]] = {}  # block hash: (pages, the last page)
    hashes: list[array[int]] = []  # each page's, line by line
    for entry in entries:
        digests = array("q")
        for _, line in article_blocks(strings_of(entry.record, OWN_TEXT_FIELDS)):
            if not has_weighted_letters(line, settings.recurring_letters):
                digests.append(SHORT)
                continue
            digest = hash(block_key(line))
            digests.append(digest)
            pages, last = counts.get(digest, (0, ""))
            if last != entry.page:
                counts[digest] = (pages + 1, entry.page)
        hashes.append(digests)
    for entry, digests in zip(entries, hashes, strict=True):
        reported: set[tuple[int, str]] = set()
        strings = strings_of(entry.record, OWN_TEXT_FIELDS)
        for (at, line), digest in zip(article_blocks(strings), digests, strict=True):
            if digest == SHORT or counts[digest][0] < settings.recurring_pages:
                continue
            key = block_key(line)
            if (at, key) in reported:
                continue
            reported.add((at, key))
            message = (
                f"expected article text, found a block that recurs on "
                f"{counts[digest][0]} pages of this run (template text): "
                f"{quote(line.strip())}"
            )
            path = strings.path(at)
            yield corpus_finding(entry.page, path, "recurring_block", message, line)


SHORT = -1
"""The hash of a line too short to count: no str hashes to -1 (CPython keeps
-1 for errors and hashes such a value as -2)."""


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
    # A block that is or starts with a title starts with its first word: the
    # one test of most blocks, before the scan of borrowed().
    firsts = set(map(first_word, titles))
    for entry in entries:
        own = set(title_keys(entry.record, settings.title_letters))
        strings = strings_of(entry.record, ("body",))
        for at, line in article_blocks(strings):
            key = block_key(line)
            if first_word(key) not in firsts and not key.endswith(ELLIPSES):
                continue  # neither borrowed() nor truncated() can find it
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
            path = strings.path(at)
            yield corpus_finding(entry.page, path, "borrowed_title", message, line)


def first_word(key: str) -> str:
    """``key`` up to its first character that is not a letter or a digit."""
    cut = _NOT_ALNUM.search(key)
    return key if cut is None else key[: cut.start()]


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
ELLIPSES = ("…", "...")  # what a key ELLIPSIS finds in ends with: keys hold no "\n"


def truncated(
    key: str,
    ordered: Sequence[str],
    titles: dict[str, tuple[str, str]],
    own: set[str],
    least: int,
) -> tuple[str, str] | None:
    """The (page, title) that ``key``, cut short with an ellipsis, begins."""
    if not key.endswith(ELLIPSES):  # searching ELLIPSIS scans the whole key
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
