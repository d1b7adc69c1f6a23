"""WARC files (``.warc``, ``.warc.gz``) read with warcio: one entry per record.

Only ``response`` records with an HTTP response hold a capture; request,
metadata, warcinfo, revisit, resource and conversion records are reported as
skipped. Bodies come through warcio's ``content_stream()``, which undoes chunked
transfer and the Content-Encodings it knows (gzip, deflate, brotli when
installed); a body in another encoding is skipped rather than saved encoded.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from harness.importers import ArchiveError, Entry
from harness.seedstore import Capture


def read_warc(path: Path) -> Iterator[Entry]:
    """Every record of a WARC file, plain or gzipped per record."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    records = 0
    try:
        with open(path, "rb") as stream:
            archive = ArchiveIterator(stream)
            for record in archive:
                records += 1
                entry = read_record(record)
                yield replace(entry, where=f"{path}@{archive.get_record_offset()}")
    except ArchiveLoadFailed as e:
        raise ArchiveError(f"{path}: not a WARC file: {first_line(e.msg)}") from e
    except (OSError, EOFError, zlib.error, ValueError) as e:
        what = "cannot read" if records == 0 else f"damaged after {records} records"
        raise ArchiveError(f"{path}: {what}: {e}") from e
    if records == 0:
        raise ArchiveError(f"{path}: not a WARC file: it holds no records")


def read_record(record: Any) -> Entry:
    """The entry of one warcio record; ``where`` is filled in by the caller."""
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    if record.rec_type != "response":
        return Entry(
            "", url, skipped="not-response", detail=f"{record.rec_type} record"
        )
    http = record.http_headers
    if http is None:
        return Entry("", url, skipped="not-response", detail="not an HTTP response")
    try:
        status = int(http.get_statuscode())
    except (TypeError, ValueError):
        detail = f"bad status line {http.statusline!r}"
        return Entry("", url, skipped="not-response", detail=detail)
    headers: dict[str, str] = {}
    for name, value in http.headers:
        key = next((k for k in headers if k.lower() == name.lower()), name)
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    if unknown := unknown_encoding(http.get_header("Content-Encoding")):
        return Entry("", url, skipped="encoded", detail=f"Content-Encoding {unknown}")
    capture = Capture(
        url=url,
        body=record.content_stream().read(),
        status=status,
        headers=headers,
        captured_at=warc_date(record.rec_headers.get_header("WARC-Date")),
        source="warc",
    )
    return Entry("", url, capture)


def unknown_encoding(value: str | None) -> str | None:
    """The Content-Encoding when warcio cannot undo it, else None."""
    from warcio.bufferedreaders import BufferedReader

    encoding = (value or "").strip().lower()
    if not encoding or encoding == "identity":
        return None
    return None if encoding in BufferedReader.get_supported_decompressors() else value


def warc_date(value: str | None) -> datetime:
    """A record's WARC-Date, aware; now when it is missing or unreadable."""
    try:
        when = datetime.fromisoformat(value or "")
    except ValueError:
        return datetime.now(UTC)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), text)
