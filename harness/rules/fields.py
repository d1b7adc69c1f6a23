"""Rules on one field of a record, addressed by a JSON path (``body[*].text``).

A path with a wildcard stands for every value it reaches: ``length("body[*].text",
max=2000)`` holds each block to the bound. A field that is missing or null is
left to :func:`required` and :func:`non_empty`; the other rules skip it.

    length("title", min=10, max=300)
    not_matches("body[*].text", r"(?i)download our app", severity="warn")
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from harness.checks.quality import emptiness
from harness.jsonpath import MISSING, iter_strings, parse_path, resolve
from harness.model import Finding, Site
from harness.rules.base import DeclaredRule, checked_severity, kind_of


class FieldRule(DeclaredRule):
    """A rule on each value ``field`` reaches; subclasses say what is wrong with one."""

    def __init__(self, field: str, *, severity: str = "error") -> None:
        self.field = field
        self.steps = parse_path(field)  # ValueError names a malformed path
        self.severity = checked_severity(severity)

    def _args(self) -> list[str]:
        return [repr(self.field)]

    @property
    def expected(self) -> str:
        """What a good value is, in words: ``a string of 10 to 300 characters``."""
        raise NotImplementedError

    def problem(self, value: Any) -> str | None:
        """What is wrong with a present, non-null value, as ``found ...`` goes
        on (``4 characters``); None when it is fine."""
        raise NotImplementedError

    def __call__(
        self, record: dict[str, Any], *, page: str, site: Site
    ) -> Iterator[Finding]:
        for path, value in resolve(record, self.steps):
            found = self.check_value(value)
            if found:
                message = f"expected {self.expected}, found {found}"
                yield self.finding(page, path, message, value, expected=self.expected)

    def check_value(self, value: Any) -> str | None:
        if value is MISSING or value is None:
            return None
        return self.problem(value)


def strings_under(path: str, value: Any) -> Iterator[tuple[str, str]]:
    """Every string in ``value`` (found at ``path``) with its full JSON path."""
    for sub, text in iter_strings(value):
        yield (path + sub if not sub or sub.startswith("[") else f"{path}.{sub}"), text


# -- presence ---------------------------------------------------------------------


class Required(FieldRule):
    name = "required"
    expected = "the field to be present and not null"

    def check_value(self, value: Any) -> str | None:
        return kind_of(value) if value is MISSING or value is None else None


class NonEmpty(FieldRule):
    name = "non_empty"
    expected = "a non-empty value"

    def check_value(self, value: Any) -> str | None:
        return "no such field" if value is MISSING else emptiness(value)


def required(field: str, *, severity: str = "error") -> FieldRule:
    """The field is present and not null (an empty string passes)."""
    return Required(field, severity=severity)


def non_empty(field: str, *, severity: str = "error") -> FieldRule:
    """The field is present and holds something: not null, blank, ``[]`` or ``{}``."""
    return NonEmpty(field, severity=severity)


# -- text patterns ---------------------------------------------------------------


def compiled(pattern: str) -> re.Pattern[str]:
    if not isinstance(pattern, str):
        raise ValueError(f"a regular expression must be a string, got {pattern!r}")
    try:
        return re.compile(pattern)
    except re.error as e:
        raise ValueError(f"bad regular expression {pattern!r}: {e}") from None


class Matches(FieldRule):
    name = "matches"

    def __init__(self, field: str, pattern: str, *, severity: str = "error") -> None:
        super().__init__(field, severity=severity)
        self.pattern = pattern
        self.regex = compiled(pattern)

    def _args(self) -> list[str]:
        return [repr(self.field), repr(self.pattern)]

    @property
    def expected(self) -> str:
        return f"a string matching {self.pattern!r}"

    def problem(self, value: Any) -> str | None:
        if not isinstance(value, str):
            return kind_of(value)
        return None if self.regex.search(value) else repr(value)


class NotMatches(Matches):
    """Searches every string under the field, however deep."""

    name = "not_matches"

    @property
    def expected(self) -> str:
        return f"no match of {self.pattern!r}"

    def __call__(
        self, record: dict[str, Any], *, page: str, site: Site
    ) -> Iterator[Finding]:
        for path, value in resolve(record, self.steps):
            for where, text in strings_under(path, value):
                if match := self.regex.search(text):
                    message = f"expected {self.expected}, found {match[0]!r}"
                    yield self.finding(
                        page, where, message, text, expected=self.expected,
                        at=match.start(),
                    )  # fmt: skip


def matches(field: str, pattern: str, *, severity: str = "error") -> FieldRule:
    """Each value is a string in which ``pattern`` is found (``re.search``;
    anchor with ``^`` and ``$``, ignore case with ``(?i)``)."""
    return Matches(field, pattern, severity=severity)


def not_matches(field: str, pattern: str, *, severity: str = "error") -> FieldRule:
    """No string under the field contains a match of ``pattern``."""
    return NotMatches(field, pattern, severity=severity)


class Contains(FieldRule):
    """Substrings looked for in all the strings under the field together."""

    name = "must_contain"

    def __init__(
        self,
        field: str,
        texts: str | Sequence[str],
        *,
        ignore_case: bool = False,
        severity: str = "error",
    ) -> None:
        super().__init__(field, severity=severity)
        self.texts = (texts,) if isinstance(texts, str) else tuple(texts)
        if not self.texts or not all(isinstance(t, str) and t for t in self.texts):
            raise ValueError(f"expected non-empty strings to look for, got {texts!r}")
        if not isinstance(ignore_case, bool):
            raise ValueError(f"ignore_case must be true or false, got {ignore_case!r}")
        self.ignore_case = ignore_case
        flags = re.IGNORECASE if ignore_case else 0
        self.searches = tuple(re.compile(re.escape(t), flags) for t in self.texts)

    def _args(self) -> list[str]:
        texts = repr(self.texts[0]) if len(self.texts) == 1 else repr(list(self.texts))
        args = [repr(self.field), texts]
        return [*args, "ignore_case=True"] if self.ignore_case else args

    @property
    def expected(self) -> str:
        case = " (ignoring case)" if self.ignore_case else ""
        return f"the text to contain {' and '.join(map(repr, self.texts))}{case}"

    def __call__(
        self, record: dict[str, Any], *, page: str, site: Site
    ) -> Iterator[Finding]:
        found = [
            (path, value) for path, value in resolve(record, self.steps)
            if value is not MISSING and value is not None
        ]  # fmt: skip
        if not found:
            return
        text = "\n".join(t for p, v in found for _, t in strings_under(p, v))
        missing = [
            t for t, search in zip(self.texts, self.searches, strict=True)
            if not search.search(text)
        ]  # fmt: skip
        if missing:
            path = found[0][0] if len(found) == 1 else self.field
            message = (
                f"expected {self.expected}, found no {' or '.join(map(repr, missing))}"
            )
            yield self.finding(page, path, message, text, expected=self.expected)


class NotContains(Contains):
    """Each string under the field is searched on its own."""

    name = "must_not_contain"

    @property
    def expected(self) -> str:
        case = " (ignoring case)" if self.ignore_case else ""
        return f"no {' or '.join(map(repr, self.texts))}{case}"

    def __call__(
        self, record: dict[str, Any], *, page: str, site: Site
    ) -> Iterator[Finding]:
        for path, value in resolve(record, self.steps):
            for where, text in strings_under(path, value):
                for search in self.searches:
                    if match := search.search(text):
                        message = f"expected {self.expected}, found {match[0]!r}"
                        yield self.finding(
                            page, where, message, text, expected=self.expected,
                            at=match.start(),
                        )  # fmt: skip


def must_contain(
    field: str,
    texts: str | Sequence[str],
    *,
    ignore_case: bool = False,
    severity: str = "error",
) -> FieldRule:
    """The strings under the field, taken together, contain each of ``texts``."""
    return Contains(field, texts, ignore_case=ignore_case, severity=severity)


def must_not_contain(
    field: str,
    texts: str | Sequence[str],
    *,
    ignore_case: bool = False,
    severity: str = "error",
) -> FieldRule:
    """No string under the field contains any of ``texts``."""
    return NotContains(field, texts, ignore_case=ignore_case, severity=severity)
