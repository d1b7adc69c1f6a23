"""Frozen value objects that travel along the one road of the harness.

seed file ──► Page ──► parser ──► record (plain JSON) ──► checks ──► Finding
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from harness.checks.quality import Rule

JSON = Any
"""A value made of dict, list, str, int, float, bool and None only."""

PageKind = Literal["text", "html"]
Severity = Literal["error", "warn"]
Status = Literal["passed", "failed", "skipped"]

CHECKS = ("parse", "schema", "snapshot", "quality", "truth")
"""The checks every seed goes through, in order; also the pytest item names."""


@dataclass(frozen=True)
class Page:
    """A captured page, decoded, with where it came from."""

    name: str
    """Path relative to the project root, with forward slashes: ``seeds/site/a.txt``."""
    path: Path
    raw: bytes
    """The page bytes, decompressed when the file was ``.gz``."""
    text: str
    encoding: str
    """The codec that turned ``raw`` into ``text``."""
    kind: PageKind
    meta: Mapping[str, Any] = field(default_factory=dict)

    @property
    def url(self) -> str | None:
        url = self.meta.get("url")
        return url if isinstance(url, str) else None


@dataclass(frozen=True)
class Site:
    """What applies to a group of seeds: parser, schema, time zone, volatile fields."""

    name: str
    parser: str
    schema: str | None = None
    """Schema file name inside the project's schema folder."""
    timezone: str = "UTC"
    volatile: tuple[str, ...] = ()
    """Record paths masked in snapshots: ``views``, ``appended``, ``body.*.text``."""
    required: tuple[str, ...] = ("title", "body")
    """Record fields the quality check requires to be present and non-empty."""
    options: Mapping[str, Any] = field(default_factory=dict)
    """Free-form settings handed to the parser."""
    rules: tuple[Rule, ...] = ()
    """Declared quality rules (:mod:`harness.rules`), run after the default ones."""


@dataclass(frozen=True)
class Finding:
    """One problem a check found on one page."""

    check: str
    page: str
    path: str
    """JSON path inside the record (``body[12].text``); empty for the whole record."""
    rule: str
    message: str
    value: JSON = None
    """The offending value, if there is one (for a snapshot change: the new value)."""
    expected: JSON = None
    """For a snapshot change: the value the snapshot holds."""
    hint: str | None = None
    """The command or flag that fixes it, when the change is intended."""
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        text = f"{where}{self.message} ({self.page})"
        if self.hint:
            text += f"; {self.hint}"
        return text


@dataclass(frozen=True)
class CheckResult:
    """The verdict of one check on one seed."""

    check: str
    page: str
    status: Status
    findings: tuple[Finding, ...] = ()
    reason: str = ""
    """Why the check was skipped."""

    @property
    def failed(self) -> bool:
        return self.status == "failed"


@dataclass(frozen=True)
class SeedResult:
    """Every check's verdict on one seed, and the record the parser returned."""

    page: str
    results: tuple[CheckResult, ...]
    record: JSON = None
    site: str | None = None
    """The name of the site that applied; None when the page could not be loaded."""

    @property
    def failed(self) -> bool:
        return any(r.failed for r in self.results)
