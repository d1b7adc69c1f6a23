"""Rules that bound a field's value: length, numeric range, date window, enum, language."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from harness.checks.quality import _RFC3339
from harness.jsonpath import MISSING, resolve
from harness.language import MIN_LETTERS, detect_language, letter_count, primary_subtag
from harness.model import Finding, Site
from harness.rules.base import kind_of
from harness.rules.fields import FieldRule, strings_under

Number = int | float


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def checked_bounds(
    low: Any, high: Any, *, whole: bool
) -> tuple[Number | None, Number | None]:
    """``min`` and ``max`` when they make a range; ValueError saying why not."""
    what = "whole numbers >= 0" if whole else "numbers"
    for bound in (low, high):
        if bound is not None and (
            not is_number(bound)
            or (whole and (not isinstance(bound, int) or bound < 0))
        ):
            raise ValueError(f"min and max must be {what}, got {bound!r}")
    if low is None and high is None:
        raise ValueError("give min, max or both")
    if low is not None and high is not None and low > high:
        raise ValueError(f"min ({low!r}) is greater than max ({high!r})")
    return low, high


def bounds_args(low: Any, high: Any) -> list[str]:
    return [f"{k}={v!r}" for k, v in (("min", low), ("max", high)) if v is not None]


def between(low: Any, high: Any, unit: str = "") -> str:
    if high is None:
        return f"at least {low}{unit}"
    if low is None:
        return f"at most {high}{unit}"
    return f"{low} to {high}{unit}"


class Length(FieldRule):
    """Characters of a string, items of a list."""

    name = "length"

    def __init__(
        self, field: str, *, min: Any = None, max: Any = None, severity: str = "error"
    ) -> None:
        super().__init__(field, severity=severity)
        self.min, self.max = checked_bounds(min, max, whole=True)

    def _args(self) -> list[str]:
        return [repr(self.field), *bounds_args(self.min, self.max)]

    @property
    def expected(self) -> str:
        return f"a length of {between(self.min, self.max)} (characters or items)"

    def problem(self, value: Any) -> str | None:
        if not isinstance(value, str | list):
            return f"{kind_of(value)}, which has no length"
        size = len(value)
        if (self.min is not None and size < self.min) or (
            self.max is not None and size > self.max
        ):
            unit = "characters" if isinstance(value, str) else "items"
            return f"{size} {unit}"
        return None


def length(
    field: str,
    *,
    min: int | None = None,
    max: int | None = None,
    severity: str = "error",
) -> FieldRule:
    """A string has ``min`` to ``max`` characters; a list, ``min`` to ``max`` items."""
    return Length(field, min=min, max=max, severity=severity)


class InRange(FieldRule):
    name = "in_range"

    def __init__(
        self, field: str, *, min: Any = None, max: Any = None, severity: str = "error"
    ) -> None:
        super().__init__(field, severity=severity)
        self.min, self.max = checked_bounds(min, max, whole=False)

    def _args(self) -> list[str]:
        return [repr(self.field), *bounds_args(self.min, self.max)]

    @property
    def expected(self) -> str:
        return f"a number {between(self.min, self.max)}"

    def problem(self, value: Any) -> str | None:
        if not is_number(value):
            return kind_of(value)
        if (self.min is not None and value < self.min) or (
            self.max is not None and value > self.max
        ):
            return repr(value)
        return None


def in_range(
    field: str,
    *,
    min: float | None = None,
    max: float | None = None,
    severity: str = "error",
) -> FieldRule:
    """A number (not a boolean) from ``min`` to ``max``, both included."""
    return InRange(field, min=min, max=max, severity=severity)


def moment(value: Any) -> datetime:
    """An RFC 3339 date-time with an offset (string or TOML date-time), as a datetime."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError(f"{value.isoformat()} has no offset; add Z or +hh:mm")
        return value
    if not isinstance(value, str) or not _RFC3339.match(value):
        raise ValueError(
            "expected an RFC 3339 date-time with an offset "
            f'("2025-02-04T13:36:00+08:00"), got {value!r}'
        )
    return datetime.fromisoformat(value)  # ValueError on "2025-02-30"


class DateWindow(FieldRule):
    name = "date_window"

    def __init__(
        self,
        field: str,
        *,
        earliest: Any = None,
        latest: Any = None,
        severity: str = "error",
    ) -> None:
        super().__init__(field, severity=severity)
        if earliest is None and latest is None:
            raise ValueError("give earliest, latest or both")
        self.earliest = None if earliest is None else moment(earliest)
        self.latest = None if latest is None else moment(latest)
        if self.earliest and self.latest and self.earliest > self.latest:
            raise ValueError(f"earliest ({earliest}) is after latest ({latest})")

    def _args(self) -> list[str]:
        bounds = (("earliest", self.earliest), ("latest", self.latest))
        return [repr(self.field)] + [
            f"{key}={when.isoformat()!r}" for key, when in bounds if when
        ]

    @property
    def expected(self) -> str:
        parts = [
            f"no {side} than {when.isoformat()}"
            for side, when in (("earlier", self.earliest), ("later", self.latest))
            if when
        ]
        return f"an RFC 3339 date-time {' and '.join(parts)}"

    def problem(self, value: Any) -> str | None:
        try:
            when = moment(value)
        except ValueError:
            return repr(value) if isinstance(value, str) else kind_of(value)
        if (self.earliest and when < self.earliest) or (
            self.latest and when > self.latest
        ):
            return repr(value)
        return None


def date_window(
    field: str,
    *,
    earliest: str | datetime | None = None,
    latest: str | datetime | None = None,
    severity: str = "error",
) -> FieldRule:
    """An RFC 3339 date-time with an offset, from ``earliest`` to ``latest``."""
    return DateWindow(field, earliest=earliest, latest=latest, severity=severity)


class OneOf(FieldRule):
    name = "one_of"

    def __init__(
        self, field: str, values: Sequence[Any], *, severity: str = "error"
    ) -> None:
        super().__init__(field, severity=severity)
        if isinstance(values, str) or not isinstance(values, Sequence) or not values:
            raise ValueError(f"expected a non-empty list of values, got {values!r}")
        if not all(v is None or isinstance(v, str | int | float) for v in values):
            raise ValueError(
                f"the values must be strings, numbers or booleans: {values!r}"
            )
        self.values = tuple(values)

    def _args(self) -> list[str]:
        return [repr(self.field), repr(list(self.values))]

    @property
    def expected(self) -> str:
        return f"one of {', '.join(map(repr, self.values))}"

    def problem(self, value: Any) -> str | None:
        # 1 == True in Python; JSON keeps them apart.
        same = (v == value and type(v) is type(value) for v in self.values)
        return None if any(same) else repr(value)


def one_of(field: str, values: Sequence[Any], *, severity: str = "error") -> FieldRule:
    """The value is one of ``values`` (an enum)."""
    return OneOf(field, values, severity=severity)


class Language(FieldRule):
    """All the text under the field, judged together: blocks are too short alone."""

    name = "language"

    def __init__(
        self,
        field: str,
        languages: str | Sequence[str],
        *,
        min_letters: int = MIN_LETTERS,
        severity: str = "error",
    ) -> None:
        super().__init__(field, severity=severity)
        tags = (languages,) if isinstance(languages, str) else tuple(languages)
        if not tags or not all(isinstance(t, str) and t.strip() for t in tags):
            raise ValueError(f'expected language tags ("en"), got {languages!r}')
        if isinstance(min_letters, bool) or not isinstance(min_letters, int):
            raise ValueError(f"min_letters must be a whole number, got {min_letters!r}")
        self.languages = tags
        self.min_letters = min_letters

    def _args(self) -> list[str]:
        tags = self.languages
        args = [repr(self.field), repr(tags[0]) if len(tags) == 1 else repr(list(tags))]
        if self.min_letters != MIN_LETTERS:
            args.append(f"min_letters={self.min_letters!r}")
        return args

    @property
    def expected(self) -> str:
        return f"text in {' or '.join(map(repr, self.languages))}"

    def __call__(
        self, record: dict[str, Any], *, page: str, site: Site
    ) -> Iterator[Finding]:
        texts = [
            text
            for path, value in resolve(record, self.steps)
            if value is not MISSING
            for _, text in strings_under(path, value)
        ]
        text = "\n".join(texts)
        letters = letter_count(text)
        if letters < self.min_letters:
            return  # too little to judge
        detected = detect_language(text)
        if detected not in {primary_subtag(tag) for tag in self.languages}:
            message = (
                f"expected {self.expected}, detected {detected!r} "
                f"from {letters:,} letters"
            )
            yield self.finding(page, self.field, message, text, expected=self.expected)


def language(
    field: str,
    languages: str | Sequence[str],
    *,
    min_letters: int = MIN_LETTERS,
    severity: str = "error",
) -> FieldRule:
    """The text under the field is in one of ``languages`` (primary subtags
    compared); silent below ``min_letters`` letters."""
    return Language(field, languages, min_letters=min_letters, severity=severity)
