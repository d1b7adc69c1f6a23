"""HAR files, as browsers save them (HAR 1.2): one entry per request.

The whole file is checked before any entry is handed out, so a malformed HAR
yields nothing. A browser stores a text body as decoded text (binary ones as
base64): the text is encoded back in the charset the response declares (its
Content-Type, else the page's ``<meta charset>``, else UTF-8), so the seed holds
the bytes the server sent and decodes as the harness decodes any seed. A
character that charset cannot hold is written as an HTML character reference.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from harness.decoding import charset_from_content_type, codec_for, meta_charset
from harness.importers import ArchiveError, Entry
from harness.seedstore import Capture


def read_har(path: Path) -> Iterator[Entry]:
    """Every entry of a HAR file; ArchiveError, naming the file, when it is not one."""
    entries = load_entries(path)
    for index, entry in enumerate(entries):
        yield read_entry(entry, where=f"{path} entries[{index}]")


def load_entries(path: Path) -> list[dict[str, Any]]:
    """``log.entries`` of a HAR file, each checked to have the fields we read."""
    try:
        data = json.loads(path.read_bytes())
    except OSError as e:
        raise ArchiveError(f"{path}: cannot read: {e.strerror}") from e
    except UnicodeDecodeError as e:
        raise ArchiveError(f"{path}: not a HAR file: not UTF-8 text ({e})") from e
    except json.JSONDecodeError as e:
        raise ArchiveError(
            f"{path}: not a HAR file: not valid JSON: {e.msg}: line {e.lineno} "
            f"column {e.colno}"
        ) from e
    log = data.get("log") if isinstance(data, dict) else None
    entries = log.get("entries") if isinstance(log, dict) else None
    if not isinstance(entries, list):
        raise ArchiveError(f"{path}: not a HAR file: no log.entries")
    for index, entry in enumerate(entries):
        if problem := entry_problem(entry):
            raise ArchiveError(f"{path}: not a HAR file: entries[{index}]: {problem}")
    return entries


def entry_problem(entry: Any) -> str | None:
    """What is missing or malformed in a HAR entry, or None when it is usable."""
    if not isinstance(entry, dict):
        return "not an object"
    request, response = entry.get("request"), entry.get("response")
    if not isinstance(request, dict) or not isinstance(request.get("url"), str):
        return "no request.url"
    if not isinstance(response, dict):
        return "no response"
    if not isinstance(response.get("status"), int):
        return "no response.status (a number)"
    headers = response.get("headers", [])
    if not isinstance(headers, list) or not all(
        isinstance(h, dict)
        and isinstance(h.get("name"), str)
        and isinstance(h.get("value"), str)
        for h in headers
    ):
        return "response.headers must be a list of {name, value}"
    content = response.get("content", {})
    if not isinstance(content, dict):
        return "response.content is not an object"
    if not isinstance(content.get("text", ""), str):
        return "response.content.text is not a string"
    if content.get("encoding") not in (None, "", "base64"):
        return f"unknown response.content.encoding {content['encoding']!r}"
    return None


def read_entry(entry: Mapping[str, Any], *, where: str) -> Entry:
    url: str = entry["request"]["url"]
    response = entry["response"]
    status: int = response["status"]
    if status <= 0:  # the browser got no response: blocked, aborted, failed
        return Entry(where, url, skipped="not-response", detail=f"status {status}")
    content = response.get("content", {})
    headers = joined(response.get("headers", []))
    content_type = next(
        (v for k, v in headers.items() if k.lower() == "content-type"), ""
    )
    if not content_type and (mime := content.get("mimeType")):
        content_type = headers["Content-Type"] = mime  # the browser's word for it
    try:
        body = content_bytes(content, content_type)
    except (binascii.Error, ValueError) as e:
        raise ArchiveError(f"{where}: response.content.text: bad base64: {e}") from e
    capture = Capture(
        url=url,
        body=body,
        status=status,
        headers=headers,
        captured_at=started(entry.get("startedDateTime")),
        source="har",
    )
    return Entry(where, url, capture)


def joined(headers: list[dict[str, str]]) -> dict[str, str]:
    """HAR's header list as a mapping; repeated names joined, HTTP/2 pseudo ones left out."""
    found: dict[str, str] = {}
    for header in headers:
        name, value = header["name"], header["value"]
        if name.startswith(":"):
            continue
        key = next((k for k in found if k.lower() == name.lower()), name)
        found[key] = f"{found[key]}, {value}" if key in found else value
    return found


def content_bytes(content: Mapping[str, Any], content_type: str) -> bytes:
    """The response body as the server sent it (Content-Encoding undone)."""
    text: str = content.get("text", "")
    if content.get("encoding") == "base64":
        return base64.b64decode(text)
    label = charset_from_content_type(content_type) or meta_charset(
        text[:8192].encode("utf-8", "replace")
    )
    codec = codec_for(label or "utf-8") or "utf-8"
    return text.encode(codec, errors="xmlcharrefreplace")


def started(value: Any) -> datetime:
    """An entry's startedDateTime, aware; now when it is missing or unreadable."""
    try:
        when = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return datetime.now(UTC)
    return when if when.tzinfo else when.replace(tzinfo=UTC)
