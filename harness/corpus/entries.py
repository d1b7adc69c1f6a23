"""What the corpus rules read: one record per page, with its page name and site."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from harness.jsonpath import excerpt
from harness.model import JSON, Finding, Severity

CHECK = "corpus"
"""The ``check`` of every corpus finding, and the pytest items' name."""


class RecordLike(Protocol):
    """A page's record: :class:`CorpusRecord`, or the engine's ``SeedResult``."""

    @property
    def page(self) -> str: ...
    @property
    def site(self) -> str | None: ...
    @property
    def record(self) -> Any: ...


@dataclass(frozen=True)
class CorpusRecord:
    """One page's record for the corpus rules.

    ``url`` is the page's meta url; a ``url`` field in the record comes first.
    """

    page: str
    site: str | None
    record: JSON
    url: str | None = None


def page_url(entry: RecordLike) -> tuple[str | None, str]:
    """The page's URL and where it came from: the record's ``url`` field, or the
    page's meta.json (``CorpusRecord.url``)."""
    record = entry.record
    url = record.get("url") if isinstance(record, dict) else None
    if isinstance(url, str) and url.strip():
        return url.strip(), "the record's url field"
    meta_url = getattr(entry, "url", None)
    if isinstance(meta_url, str) and meta_url.strip():
        return meta_url.strip(), "the page's meta.json"
    return None, "no url in the record nor the meta"


def corpus_finding(
    page: str,
    path: str,
    rule: str,
    message: str,
    value: JSON = None,
    *,
    severity: Severity = "error",
    hint: str | None = None,
) -> Finding:
    """A finding of the corpus stage; ``page`` is a seed, or a site for site-wide ones."""
    if isinstance(value, str):
        value = excerpt(value)
    return Finding(CHECK, page, path, rule, message, value, None, hint, severity)
