"""Duplicate bodies: one article body under different URLs.

Two URLs with the same body mean the parser reads a page that is not the
article (a consent wall, a "page not found", the home page), or the crawl
saved a mirror. Each page after the first of a group gets a finding naming the
first, and says where its URL came from.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence

from harness.corpus.entries import RecordLike, corpus_finding, page_url
from harness.corpus.text import block_key, body_texts
from harness.model import Finding


def duplicate_bodies(entries: Sequence[RecordLike]) -> Iterator[Finding]:
    first: dict[bytes, tuple[RecordLike, str]] = {}
    for entry in entries:
        texts = body_texts(entry.record)
        if not texts:
            continue  # an empty body is required()'s business
        # A digest, not the text: every body of a big run would be held again.
        # Of the blocks' keys, one space between: block_key of the whole body,
        # without the slow path a body's line breaks would send it down.
        key = hashlib.sha256(" ".join(map(block_key, texts)).encode()).digest()
        url, source = page_url(entry)
        identity = url or entry.page  # without a URL, each page is its own
        if key not in first:
            first[key] = (entry, identity)
            continue
        other, other_identity = first[key]
        if other_identity == identity:
            continue  # the same URL captured twice
        message = (
            f"expected a body of its own, found the same body as {other.page} "
            f"under a different URL: {identity} (from {source}), "
            f"{other_identity} (from {page_url(other)[1]})"
        )
        yield corpus_finding(entry.page, "body", "duplicate_body", message, url)
