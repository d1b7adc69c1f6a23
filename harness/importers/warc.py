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
    """Every record of a WARC file, plain or gzipped per record.

    A damaged file raises ArchiveError once the records before the damage are
    handed out: a record cut short, bytes after the last record that are not
    one (a gzip member cut short loses its record silently in warcio).
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    records = end = 0
    with open(path, "rb") as stream:
        archive = ArchiveIterator(stream)
        while True:
            try:
                record = next(archive, None)
            except ArchiveLoadFailed as e:
                raise ArchiveError(load_failed(path, e.msg, records)) from e
            except Exception as e:  # warcio meets damaged bytes in many ways
                raise ArchiveError(damaged(path, records, f"{e!r}")) from e
            if record is None:
                break
            if not record.rec_type or not record.rec_headers.get_header(
                "Content-Length"
            ):  # warcio's reading of a record whose header block is cut short
                what = "a record without WARC-Type or Content-Length"
                raise ArchiveError(damaged(path, records, what))
            records += 1
            try:
                entry = read_record(record)
                while record.raw_stream.read(1 << 16):  # to see whether it is whole
                    pass
            except (OSError, EOFError, zlib.error, ValueError) as e:
                raise ArchiveError(damaged(path, records - 1, f"{e!r}")) from e
            missing = getattr(record.raw_stream, "limit", 0)
            offset = archive.get_record_offset()
            if missing > 0:
                raise ArchiveError(
                    f"{path}@{offset}: damaged: the record is cut short "
                    f"({missing} bytes missing)"
                )
            end = offset + archive.get_record_length()
            yield replace(entry, where=f"{path}@{offset}")
        stream.seek(end)
        if stream.read(1 << 16).strip():
            rest = path.stat().st_size - end
            raise ArchiveError(
                damaged(path, records, f"{rest} bytes at offset {end} are no record")
            )
    if records == 0:
        raise ArchiveError(f"{path}: not a WARC file: it holds no records")


def load_failed(path: Path, message: str, records: int) -> str:
    """What warcio's ArchiveLoadFailed means, said for the user."""
    if "non-chunked gzip" in message:
        return (
            f"{path}: gzipped as a whole, not record by record; "
            f"`warcio recompress {path} FIXED.warc.gz` makes it readable"
        )
    if records:
        return damaged(path, records, first_line(message))
    return f"{path}: not a WARC file: {first_line(message)}"


def damaged(path: Path, records: int, what: str) -> str:
    after = f"after {records} records" if records else "at its start"
    return f"{path}: damaged {after}: {what}"


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
