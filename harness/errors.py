"""Error types.

Check failures are ``AssertionError`` subclasses that carry their findings, so
pytest shows them as failures and reporters render them from data. Everything
else the harness raises derives from :class:`HarnessError`, which also inherits
the matching builtin so callers can catch ``ValueError`` or ``OSError`` as usual.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from harness.model import Finding


class HarnessError(Exception):
    """Base class of every error the harness raises on purpose."""


class ConfigError(HarnessError, ValueError):
    """The project cannot be checked at all: bad ``[tool.harness]``, schema file, paths.

    The CLI exits with status 2 on it.
    """


class PageError(HarnessError, ValueError):
    """One seed cannot be loaded (empty, binary, bad meta.json): that seed fails alone."""


class NotRegistered(HarnessError, LookupError):
    """No parser or rule is registered under the requested name."""


class CheckFailed(AssertionError):
    """A check found problems; ``findings`` holds them, one per problem."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        self.findings = tuple(findings)
        super().__init__("\n".join(str(f) for f in self.findings))
