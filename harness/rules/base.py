"""What every declared rule shares: a severity, a readable repr, findings built one way.

The repr is how a rule is named in findings and reports, and it doubles as the
rule's identity (equality, hashing, cache keys), so it shows every argument,
with Python's own ``repr`` of each value.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, get_args

from harness.jsonpath import MISSING, excerpt, shorten
from harness.model import Finding, Severity, Site


def checked_severity(severity: object) -> Severity:
    """``severity`` when it is ``error`` or ``warn``; ValueError otherwise."""
    if severity not in get_args(Severity):
        raise ValueError(f"severity must be 'error' or 'warn', got {severity!r}")
    return severity  # type: ignore[return-value]  # narrowed by the check above


class DeclaredRule:
    """Base of the rules in this package; subclasses set ``name`` and ``_args``."""

    name = "rule"
    severity: Severity = "error"

    def _args(self) -> list[str]:
        return []

    def __repr__(self) -> str:
        args = self._args()
        if self.severity != "error":
            args.append(f"severity={self.severity!r}")
        return f"{self.name}({', '.join(args)})"

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and repr(other) == repr(self)

    def __hash__(self) -> int:
        return hash((type(self).__name__, repr(self)))

    def __call__(
        self, record: dict[str, Any], *, page: str, site: Site
    ) -> Iterator[Finding]:
        raise NotImplementedError

    def finding(
        self,
        page: str,
        path: str,
        message: str,
        value: Any,
        *,
        expected: Any = None,
        at: int = 0,
    ) -> Finding:
        """A finding of this rule; a string value is cut to an excerpt around ``at``."""
        if value is MISSING:
            value = None
        elif isinstance(value, str):
            value = excerpt(value, at)
        else:
            value = shorten(value)
        return Finding(
            check="quality",
            page=page,
            path=path,
            rule=repr(self),
            message=message,
            value=value,
            expected=expected,
            severity=self.severity,
        )


def kind_of(value: Any) -> str:
    """How a message names a value's JSON type: ``a string``, ``null``, ``no such field``."""
    if value is MISSING:
        return "no such field"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        return "a string"
    return "a list" if isinstance(value, list) else "an object"
