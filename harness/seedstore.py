"""Writing captured pages as seeds: a page file and its meta.json, never clobbering.

Capture, recapture, WARC/HAR import and the Scrapy integration all save pages
through :class:`SeedWriter`, so every seed on disk has the same meta fields and
the same rules: atomic writes, no overwrite unless asked, no duplicate bodies.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from harness.atomic import write_atomic
from harness.decoding import charset_from_content_type
from harness.pages import is_page, meta_path

REDACTED = "<redacted>"
SECRET_HEADERS = frozenset(
    {"set-cookie", "cookie", "authorization", "proxy-authorization", "x-api-key"}
)
"""Response and request headers whose values never reach a meta.json."""


@dataclass(frozen=True)
class Capture:
    """One fetched page: what was asked for, what came back."""

    url: str
    """The URL that was requested."""
    body: bytes
    """The page bytes, with any Content-Encoding already undone."""
    status: int = 200
    final_url: str | None = None
    """Where redirects ended; None when there were none."""
    headers: Mapping[str, str] = field(default_factory=dict)
    captured_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    source: str = "capture"

    @property
    def content_type(self) -> str:
        return next(
            (v for k, v in self.headers.items() if k.lower() == "content-type"), ""
        )

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()


def is_html(content_type: str) -> bool:
    """Whether a Content-Type is an HTML page (what the harness keeps as a seed)."""
    kind = content_type.split(";", 1)[0].strip().lower()
    return kind in {"text/html", "application/xhtml+xml"}


def redact(
    headers: Mapping[str, str], secret: frozenset[str] = SECRET_HEADERS
) -> dict[str, str]:
    """Headers with lower-cased names, and the secret ones' values replaced."""
    return {
        name.lower(): REDACTED if name.lower() in secret else value
        for name, value in headers.items()
    }


def meta_for(capture: Capture, *, site: str | None = None) -> dict[str, Any]:
    """The meta.json content of a capture."""
    meta: dict[str, Any] = {
        "url": capture.final_url or capture.url,
        "captured_at": capture.captured_at.isoformat(timespec="seconds"),
        "status": capture.status,
        "headers": redact(capture.headers),
        "sha256": capture.sha256,
        "source": capture.source,
    }
    if capture.final_url and capture.final_url != capture.url:
        meta["requested_url"] = capture.url
    if capture.content_type:
        meta["content_type"] = capture.content_type
        if charset := charset_from_content_type(capture.content_type):
            meta["charset"] = charset
    if site:
        meta["site"] = site
    return meta


def seed_name(url: str, suffix: str = ".html") -> str:
    """A readable, stable file name for a URL: ``example.com_news_a-b_1a2b3c4d.html``."""
    parts = urlsplit(url)
    readable = f"{parts.hostname or 'page'}{parts.path}".rstrip("/")
    slug = re.sub(r"[^A-Za-z0-9.-]+", "_", readable).strip("_.")[:80]
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:8]
    return f"{slug}_{digest}{suffix}"


WriteAction = Literal["written", "overwritten", "exists", "duplicate"]


@dataclass(frozen=True)
class Written:
    path: Path
    action: WriteAction

    @property
    def saved(self) -> bool:
        return self.action in ("written", "overwritten")


class SeedWriter:
    """Saves captures into one folder of seeds.

    A page whose file exists is left alone unless ``overwrite``; a body already
    in the folder (same sha256) is a duplicate and not written again.
    """

    def __init__(
        self, folder: Path, *, site: str | None = None, overwrite: bool = False
    ):
        self.folder = folder
        self.site = site
        self.overwrite = overwrite
        self._bodies = {self._sha256_of(p): p for p in self._pages()}

    def write(self, capture: Capture, *, name: str | None = None) -> Written:
        path = self.folder / (name or seed_name(capture.final_url or capture.url))
        if capture.sha256 in self._bodies and self._bodies[capture.sha256] != path:
            return Written(self._bodies[capture.sha256], "duplicate")
        existed = path.exists()
        if existed and not self.overwrite:
            return Written(path, "exists")
        meta = json.dumps(
            meta_for(capture, site=self.site), indent=2, ensure_ascii=False
        )
        write_atomic(path, capture.body)
        write_atomic(meta_path(path), (meta + "\n").encode("utf-8"))
        self._bodies[capture.sha256] = path
        return Written(path, "overwritten" if existed else "written")

    def _pages(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        return [p for p in self.folder.iterdir() if p.is_file() and is_page(p)]

    @staticmethod
    def _sha256_of(page: Path) -> str:
        try:
            meta = json.loads(meta_path(page).read_text(encoding="utf-8"))
            if isinstance(meta, dict) and isinstance(meta.get("sha256"), str):
                return str(meta["sha256"])
        except (OSError, ValueError):
            pass
        raw = page.read_bytes()
        if page.name.lower().endswith(".gz"):
            raw = gzip.decompress(raw)
        return hashlib.sha256(raw).hexdigest()
