"""The secrets rule: no e-mail address, API key or token slips into a record.

Records and seeds are committed; a key a page leaked, or an address the parser
picked up, would be committed with them. Keys and tokens are errors; e-mail
addresses only warnings, since articles legitimately print them. A finding
names the JSON path and shows the secret masked, never whole:

    findings = list(no_secrets()(record, page="seeds/a/000.txt", site=site))
    findings = page_secrets(page)  # the same patterns over a page's text
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from harness.jsonpath import iter_strings, strings_of
from harness.model import Finding, Page, Severity, Site


@dataclass(frozen=True)
class SecretKind:
    """One kind of secret: what to call it, how to find it, how bad it is."""

    name: str
    pattern: re.Pattern[str]
    severity: Severity
    needle: re.Pattern[str]
    """A part every match holds, found in one fast scan: a text without it is not
    searched, which spares most texts every regex."""
    reach: tuple[int, int] | None = None
    """How far a match reaches before and after its needle, if bounded: then the
    pattern is searched only around each needle, not along the whole text,
    which on a large page costs a regex step at every word."""
    gate: Callable[[str], bool] | None = None
    """A cheaper test every text holding the needle passes, tried first: for a
    needle the regex engine cannot skip to (a case-insensitive one)."""
    mark: str | None = None
    """A character every needle holds, looked for first: ``in`` finds one
    character along a text twenty times faster than the regex engine finds a
    needle of several, and most texts hold no "@", "_" or "J"."""

    def may_occur(self, text: str) -> bool:
        if self.mark is not None and self.mark not in text:
            return False
        if self.gate is not None and not self.gate(text):
            return False
        return self.needle.search(text) is not None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if self.reach is None:
            yield from self.pattern.finditer(text)
            return
        before, after = self.reach
        done = 0  # where the last match ended: a needle inside it is not searched
        for needle in self.needle.finditer(text):
            at, end = needle.span()
            if at < done:
                continue
            match = self.pattern.search(text, max(at - before, done), end + after)
            if match and match.start() <= at < match.end():
                yield match
                done = match.end()


def may_name_api_key(text: str) -> bool:
    """Whether ``text`` matches ``api[_-]?key`` case-insensitively, told from its
    UTF-8 bytes in ASCII lower case ten times quicker than by the regex.
    IGNORECASE also takes İ and ı for i, and the Kelvin sign for k; a test
    checks every code point."""
    low = text.encode("utf-8", "surrogatepass").lower()
    return _API_KEY_BYTES.search(low) is not None


# Case-sensitive and led by a literal, so the engine skips from "ap" to "ap".
_API_KEY_BYTES = re.compile("ap(?:i|\u0130|\u0131)[_-]?(?:k|\u212a)ey".encode())


SECRET_KINDS: tuple[SecretKind, ...] = (
    SecretKind(
        "a private key header",
        re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----"),
        "error",
        re.compile("PRIVATE KEY-----"),
        mark="Y",
    ),
    SecretKind(
        "an AWS access key id",
        re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
        "error",
        re.compile("AKIA|ASIA"),
        mark="A",
    ),
    SecretKind(
        "a GitHub token",
        re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b"),
        "error",
        re.compile("gh[pousr]_"),
        mark="_",
    ),
    SecretKind(
        "a Slack token",
        re.compile(r"\bxox[baprs]-[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+"),
        "error",
        re.compile("xox"),
        mark="x",
    ),
    SecretKind(
        "a JSON Web Token",
        re.compile(r"\beyJ[A-Za-z0-9_\-]{4,}\.eyJ[A-Za-z0-9_\-]{4,}\.[A-Za-z0-9_\-]+"),
        "error",
        re.compile(r"\.eyJ"),
        mark="J",
    ),
    SecretKind(
        "an API key",
        re.compile(
            r"\bapi[_-]?key\s*[:=]\s*['\"]?([A-Za-z0-9_\-]{16,})", re.IGNORECASE
        ),
        "error",
        re.compile("api[_-]?key", re.IGNORECASE),
        reach=(0, 4096),  # the key itself: long ones are not cut short
        gate=may_name_api_key,
    ),
    SecretKind(
        "an e-mail address",
        re.compile(
            r"\b[A-Za-z0-9._%+\-]+@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?"
            r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}\b",
            re.ASCII,
        ),
        "warn",
        re.compile("@"),
        reach=(64, 255),
        mark="@",  # RFC 5321's limits on the local part and the domain
    ),
)
"""What :func:`no_secrets` looks for, most specific first."""


def mask(secret: str) -> str:
    """``secret`` with all but a few characters at each end hidden.

    At most a quarter of it (never more than 4 characters a side) stays visible:
    ``AKIA************MPLE``, ``jo**@*******om``-like for short ones.
    """
    keep = min(4, len(secret) // 4)
    hidden = len(secret) - 2 * keep
    return secret[:keep] + "*" * hidden + (secret[-keep:] if keep else "")


def find_secrets(text: str) -> Iterator[tuple[SecretKind, re.Match[str]]]:
    """Every secret in ``text``, each stretch of text reported once, in order."""
    found: list[tuple[SecretKind, re.Match[str]]] = []
    for kind in SECRET_KINDS:
        if not kind.may_occur(text):
            continue
        earlier = sorted(match.span() for _, match in found)
        for match in kind.finditer(text):
            if not _overlaps(earlier, *match.span()):  # else a token that also
                found.append((kind, match))  # looks like something more specific
    yield from sorted(found, key=lambda item: item[1].start())


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of ``spans``: sorted, never overlapping."""
    after = bisect.bisect_left(spans, (end,))  # the first span starting at or past end
    return after > 0 and spans[after - 1][1] > start


def _may_hold_secrets(text: str) -> bool:
    return any(kind.may_occur(text) for kind in SECRET_KINDS)


def _secret_of(match: re.Match[str]) -> str:
    return match[match.lastindex or 0]


def _message(kind: SecretKind, match: re.Match[str], where: str) -> str:
    secret = _secret_of(match)
    message = f"expected no secrets {where}, found {kind.name} {mask(secret)!r}"
    if kind.severity == "error":
        return message + "; remove or redact it before committing"
    return message + "; fine if the article prints it"


def no_secrets() -> NoSecrets:
    """No API key, token or private key anywhere in the record (errors), and no
    e-mail address (warnings: articles legitimately print them)."""
    return NoSecrets()


class NoSecrets:
    """The rule :func:`no_secrets` makes."""

    name = "no_secrets"

    def __repr__(self) -> str:
        return "no_secrets()"

    def __call__(
        self, record: dict[str, Any], *, page: str, site: Site
    ) -> Iterator[Finding]:
        if not _may_hold_secrets(strings_of(record).joined):
            return  # the usual case: one look at all the text, not one per string
        for path, text in iter_strings(record):
            for kind, match in find_secrets(text):
                yield Finding(
                    check="quality",
                    page=page,
                    path=path,
                    rule=self.name,
                    message=_message(kind, match, "in the record"),
                    value=mask(_secret_of(match)),
                    severity=kind.severity,
                )


def page_secrets(page: Page) -> list[Finding]:
    """The same search over a page's decoded text; the path is ``line N``."""
    findings = []
    line, counted = 1, 0
    for kind, match in find_secrets(page.text):  # in order: count lines as we go
        line += page.text.count("\n", counted, match.start())
        counted = match.start()
        findings.append(
            Finding(
                check="quality",
                page=page.name,
                path=f"line {line}",
                rule="no_secrets",
                message=_message(kind, match, "in the page"),
                value=mask(_secret_of(match)),
                severity=kind.severity,
            )
        )
    return findings
