"""Declarative quality rules: per field, composable, declared in the config.

Every rule follows :class:`harness.checks.quality.Rule`: called with a record,
it yields one Finding per problem. Build them in Python::

    from harness.rules import all_of, length, not_matches

    all_of(length("title", min=10), not_matches("body[*].text", "(?i)app"))

or declare them in ``[tool.harness]`` (see docs/rules.md). Register your own
with :func:`rule` or the ``harness.rules`` entry-point group.
"""

from __future__ import annotations

from harness.checks.quality import Rule
from harness.rules.bounds import date_window, in_range, language, length, one_of
from harness.rules.compose import all_of, any_of, not_
from harness.rules.custom import registered, registry, rule
from harness.rules.fields import (
    matches,
    must_contain,
    must_not_contain,
    non_empty,
    not_matches,
    required,
)

__all__ = [
    "Rule",
    "all_of",
    "any_of",
    "date_window",
    "in_range",
    "language",
    "length",
    "matches",
    "must_contain",
    "must_not_contain",
    "non_empty",
    "not_",
    "not_matches",
    "one_of",
    "registered",
    "registry",
    "required",
    "rule",
]
