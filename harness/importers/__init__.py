"""Pages from web archives: WARC files and browsers' HAR files become seeds.

Each reader turns one file into a stream of :class:`Entry` objects, one per
record or HAR entry, each holding either a :class:`~harness.seedstore.Capture`
(a response with its body decoded) or the reason it is not one. Which captures
become seeds is decided once, here, for both formats (:func:`skip_reason`); the
saving itself is :class:`~harness.seedstore.SeedWriter`'s.

    for entry in read_archive(Path("crawl.warc.gz")):
        reason = entry.skipped or skip_reason(entry.capture)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from harness.errors import ConfigError, HarnessError
from harness.seedstore import Capture, is_html

SKIP_REASONS = {
    "not-response": "not a response",
    "redirect": "redirect",
    "not-html": "not HTML",
    "empty": "empty body",
    "encoded": "undecodable Content-Encoding",
    "duplicate": "duplicate body",
    "exists": "seed exists",
}
"""Why an entry did not become a seed: key, then how the summary says it."""

SITE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
"""What a site name may be: it names a folder below seeds/."""


class ArchiveError(HarnessError, ValueError):
    """A file is not a readable WARC or HAR file; the message names it."""


@dataclass(frozen=True)
class Entry:
    """One record of an archive: a capture, or why there is none."""

    where: str
    """How messages refer to the record: ``crawl.warc.gz@1234``, ``a.har entries[3]``."""
    url: str
    capture: Capture | None = None
    skipped: str | None = None
    """A key of :data:`SKIP_REASONS` when the record holds no usable response."""
    detail: str = ""
    """What the record was, for the skip line: ``request record``, ``status 0``."""


def site_folder(seeds: Path, site: str) -> Path:
    """Where a site's imported or crawled seeds go: ``seeds/<site>/``.

    ConfigError when ``site`` is not a plain folder name (``../x`` would escape).
    """
    if not SITE_NAME.fullmatch(site):
        raise ConfigError(
            f"site {site!r}: must be a folder name (letters, digits, '.', '_', '-')"
        )
    return seeds / site


def skip_reason(capture: Capture) -> tuple[str, str] | None:
    """``(reason, detail)`` when a response should not become a seed, else None."""
    if 300 <= capture.status < 400:
        return "redirect", f"status {capture.status}"
    if not is_html(capture.content_type):
        return "not-html", capture.content_type or "no Content-Type"
    if not capture.body.strip():
        return "empty", "no body"
    return None


def archive_kind(path: Path) -> str | None:
    """``"warc"`` or ``"har"`` by the file name, or None for another kind of file."""
    name = path.name.lower()
    if name.endswith((".warc", ".warc.gz")):
        return "warc"
    if name.endswith(".har"):
        return "har"
    return None


def check_file(path: Path) -> str:
    """The kind of archive ``path`` is, ``"warc"`` or ``"har"``; ArchiveError if none."""
    kind = archive_kind(path)
    if kind is None:
        raise ArchiveError(
            f"{path}: unknown kind of file; expected .warc, .warc.gz or .har"
        )
    if not path.is_file():
        raise ArchiveError(f"{path}: no such file")
    return kind


def read_archive(path: Path) -> Iterator[Entry]:
    """The entries of a WARC or HAR file; ArchiveError when it cannot be read."""
    if check_file(path) == "warc":
        from harness.importers.warc import read_warc

        return read_warc(path)
    from harness.importers.har import read_har

    return read_har(path)
