"""Data-quality rules: does a record read like a clean article?

Each rule is a small callable object made by a factory function, with a repr
that names it the way it was made (``required("title", "body")``). A rule
yields one :class:`~harness.model.Finding` per problem, pointing at the JSON
path of the offending value: ``body[12].text``, ``credits[3].names[0]``.

    findings = check_quality(record, page="seeds/aggregator/000.txt", site=site)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any, Protocol

from harness.checks.markers import find_marker, in_article_list, surely_prose
from harness.checks.markup import find_markup
from harness.checks.promos import compile_patterns
from harness.checks.secrets import no_secrets
from harness.jsonpath import (
    excerpt,
    iter_strings,
    strings_of,
    walk_memo,
    walked_once,
)
from harness.language import (
    MIN_LETTERS,
    body_sample,
    detect_language,
    has_letters,
    letter_count,
    primary_subtag,
)
from harness.model import Finding, Site

ARTICLE_FIELDS: tuple[str, ...] = ("title", "series", "body", "credits")
"""The fields that must hold the article and nothing the aggregator appended."""

_RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$")


class Rule(Protocol):
    """A data-quality rule: looks at one record, yields one finding per problem."""

    name: str

    def __call__(
        self, record: dict[str, Any], *, page: str, site: Site
    ) -> Iterator[Finding]: ...


def default_rules(site: Site, *, now: datetime | None = None) -> list[Rule]:
    """The rules every record goes through, configured from ``site``.

    ``now`` fixes the end of the published window (tests, reproducible runs);
    without it the window ends at the clock time of each check.
    """
    return list(_default_rules(tuple(site.required), now))


@lru_cache(maxsize=64)  # a run makes them once per site, not once per seed
def _default_rules(
    required_fields: tuple[str, ...], now: datetime | None
) -> tuple[Rule, ...]:
    from harness.checks.shape import shape_rules  # it builds on this module

    return (
        required(*required_fields),
        no_appended_markers(),
        no_markup(),
        clean_text(),
        published_between(date(1990, 1, 1), now),
        language_matches(),
        no_secrets(),
        *shape_rules(),
    )


def check_quality(
    record: dict[str, Any],
    *,
    page: str,
    site: Site,
    rules: Sequence[Rule] | None = None,
    now: datetime | None = None,
) -> list[Finding]:
    """Every finding of every rule on ``record``, in rule order.

    ``now`` only configures the default rules; rules passed in carry their own.
    Without ``rules``: the default rules, then the site's declared ones.
    """
    if rules is None:
        rules = [*default_rules(site, now=now), *site.rules]
    with walked_once(record):
        return [f for rule in rules for f in rule(record, page=page, site=site)]


# -- the rules -------------------------------------------------------------------


def required(*fields: str) -> Rule:
    """Each field is present and non-empty; with no fields, ``site.required``."""
    return _Required(fields)


def no_appended_markers(
    fields: Sequence[str] = ARTICLE_FIELDS,
    *,
    extra: Sequence[str | re.Pattern[str]] = (),
) -> Rule:
    """No line of an article field is a widget header, tag-list entry, promo or bullet.

    ``extra`` adds regular expressions (searched case-insensitively in each line)
    to the promo patterns of :mod:`harness.checks.promos`.
    """
    return _NoAppendedMarkers(tuple(fields), tuple(extra))


def no_markup(fields: Sequence[str] = ARTICLE_FIELDS) -> Rule:
    """No HTML tag or character entity survives in the article fields."""
    return _NoMarkup(tuple(fields))


def clean_text() -> Rule:
    """No string anywhere in the record has U+FFFD or mojibake (``Itâ€™s``): text
    that ftfy's badness pattern suspects and ftfy can decode back. Real text
    that merely looks odd (``»Ärzten«``) is left alone."""
    return _CleanText()


def published_between(
    earliest: date = date(1990, 1, 1),
    latest: datetime | None = None,
    *,
    tolerance: timedelta = timedelta(days=1),
) -> Rule:
    """``published`` is an RFC 3339 date-time with an offset, within the window.

    ``earliest`` is compared with the date in the value's own time zone;
    ``latest`` (default: the clock at check time, naive means UTC) gets
    ``tolerance`` of grace for clocks and time zones. A null ``published`` is
    left to :func:`required`.
    """
    return _PublishedBetween(earliest, latest, tolerance)


def language_matches(*, min_letters: int = MIN_LETTERS) -> Rule:
    """The body is written in the record's ``language`` (primary subtags compared).

    Silent when the body has fewer than ``min_letters`` letters: too little to judge.
    """
    return _LanguageMatches(min_letters)


class _RuleBase:
    name = "rule"

    def _args(self) -> list[str]:
        return []

    def __repr__(self) -> str:
        return f"{self.name}({', '.join(self._args())})"

    def _finding(self, page: str, path: str, message: str, value: Any) -> Finding:
        if isinstance(value, str):
            value = excerpt(value)
        return Finding(
            check="quality",
            page=page,
            path=path,
            rule=self.name,
            message=message,
            value=value,
        )


class _Required(_RuleBase):
    name = "required"

    def __init__(self, fields: tuple[str, ...]) -> None:
        self.fields = fields

    def _args(self) -> list[str]:
        return [quote(f) for f in self.fields]

    def __call__(
        self, record: dict[str, Any], *, page: str, site: Site
    ) -> Iterator[Finding]:
        for field in self.fields or site.required:
            found = _emptiness(record, field)
            if found:
                yield self._finding(
                    page,
                    field,
                    f"expected a non-empty value, found {found}",
                    record.get(field),
                )


def _emptiness(record: dict[str, Any], field: str) -> str | None:
    """How ``record[field]`` is empty, in words, or None when it holds something."""
    if field not in record:
        return "no such field"
    return emptiness(record[field])


def emptiness(value: Any) -> str | None:
    """How ``value`` is empty (null, blank, ``[]``, ``{}``), in words, or None."""
    if value is None:
        return "null"
    if isinstance(value, str) and not value.strip():
        return "only whitespace" if value else "an empty string"
    if isinstance(value, list | dict) and not value:
        return "an empty list" if isinstance(value, list) else "an empty object"
    return None


class _NoAppendedMarkers(_RuleBase):
    name = "no_appended_markers"

    def __init__(
        self, fields: tuple[str, ...], extra: tuple[str | re.Pattern[str], ...]
    ) -> None:
        self.fields = fields
        self.extra = extra
        self._extra = compile_patterns(extra)

    def _args(self) -> list[str]:
        args = (
            []
            if self.fields == ARTICLE_FIELDS
            else [f"fields={quote_tuple(self.fields)}"]
        )
        if self.extra:
            patterns = (
                p.pattern if isinstance(p, re.Pattern) else p for p in self.extra
            )
            args.append(f"extra={quote_tuple(patterns)}")
        return args

    def __call__(
        self, record: dict[str, Any], *, page: str, site: Site
    ) -> Iterator[Finding]:
        # Every line in order, None for a string surely prose: a bullet is judged
        # by its neighbours too, across the blocks the parser split a list into.
        strings = strings_of(record, self.fields)
        owners: list[int] = []  # the index in strings of each line's string
        lines: list[str | None] = []
        for at, (text, key) in enumerate(zip(strings.texts, strings.keys, strict=True)):
            if key == "kind":
                continue  # a block's kind ("paragraph") is a label, not its text
            if not self._extra and surely_prose(text):
                owners.append(at)
                lines.append(None)
                continue
            # Parsers join lines with "\n", so one string can hide a whole widget.
            for line in text.splitlines():
                owners.append(at)
                lines.append(line)
        for index, shown in enumerate(lines):
            marker = find_marker(shown, self._extra) if shown is not None else None
            if marker is None or (
                marker.kind == "a list bullet" and in_article_list(lines, index)
            ):
                continue
            message = f"expected article text, found {marker} from an appended block"
            path = strings.path(owners[index])
            yield self._finding(page, path, message, marker.text)


class _NoMarkup(_RuleBase):
    name = "no_markup"

    def __init__(self, fields: tuple[str, ...]) -> None:
        self.fields = fields

    def _args(self) -> list[str]:
        return (
            []
            if self.fields == ARTICLE_FIELDS
            else [f"fields={quote_tuple(self.fields)}"]
        )

    def __call__(
        self, record: dict[str, Any], *, page: str, site: Site
    ) -> Iterator[Finding]:
        strings = strings_of(record, self.fields)
        if "<" not in strings.joined and "&" not in strings.joined:
            return  # no tag or entity anywhere, told in two scans
        for at, text in enumerate(strings.texts):
            found = find_markup(text)
            if found:
                path = strings.path(at)
                shown = ", ".join(quote(m[0]) for m in found[:3])
                message = f"expected plain text, found HTML markup {shown}"
                yield self._finding(
                    page, path, message, excerpt(text, found[0].start())
                )


UTF8_LEAD_AS_LATIN1 = re.compile("[\u00c2-\u00f4]")
"""UTF-8 read as Latin-1 or cp1252 always shows a lead byte as one of Â…ô; only
text with one is worth ftfy's costly regex."""


def may_hold_latin1_lead(text: str) -> bool:
    """Whether ``text`` can hold one of Â…ô (U+00C2 to U+00F4): all are written
    in UTF-8 after the byte C3, which is never part of another character, and
    looking for one byte is faster than for a range of characters."""
    return b"\xc3" in text.encode("utf-8", "surrogatepass")


class _CleanText(_RuleBase):
    name = "clean_text"

    def __call__(
        self, record: dict[str, Any], *, page: str, site: Site
    ) -> Iterator[Finding]:
        strings = strings_of(record)
        everything = strings.joined
        if "\ufffd" not in everything and not may_hold_latin1_lead(everything):
            return  # the usual case: one look at all the text, not one per string
        import ftfy  # here: importing it costs a run's start a tenth of a second
        from ftfy.badness import BADNESS_RE

        for path, text in iter_strings(record):
            if "\ufffd" in text:
                message = (
                    "expected clean text, found the replacement character U+FFFD "
                    "(bytes decoded with the wrong codec)"
                )
                yield self._finding(
                    page, path, message, excerpt(text, text.index("\ufffd"))
                )
            bad = BADNESS_RE.search(text) if UTF8_LEAD_AS_LATIN1.search(text) else None
            # ftfy's badness pattern only suspects: German quotes »Ärzten« match
            # it too. Mojibake is what ftfy can decode back, so only that is shown.
            if bad and ftfy.fix_encoding(text) != text:
                shown = excerpt(text, bad.start())
                fixed = ftfy.fix_encoding(shown)
                message = (
                    f"expected clean text, found mojibake {quote(bad[0])} "
                    "(UTF-8 decoded as Latin-1 or cp1252)"
                )
                if fixed != shown:
                    message += f"; ftfy reads it as {quote(fixed)}"
                yield self._finding(page, path, message, shown)


class _PublishedBetween(_RuleBase):
    name = "published_between"

    def __init__(
        self, earliest: date, latest: datetime | None, tolerance: timedelta
    ) -> None:
        self.earliest = earliest
        self.latest = latest
        self.tolerance = tolerance

    def _args(self) -> list[str]:
        args = [_when(self.earliest), _when(self.latest) if self.latest else "now"]
        if self.tolerance != timedelta(days=1):
            args.append(f"tolerance={self.tolerance!r}".replace("datetime.", ""))
        return args

    def __call__(
        self, record: dict[str, Any], *, page: str, site: Site
    ) -> Iterator[Finding]:
        value = record.get("published")
        if value is None:
            return
        # fromisoformat alone would take "2025-02-04" or a time without an offset.
        if not isinstance(value, str) or not _RFC3339.match(value):
            message = (
                "expected an RFC 3339 date-time with an offset "
                f'("2025-02-04T13:36:00+08:00"), found {_shown(value)}'
            )
            yield self._finding(page, "published", message, value)
            return
        try:
            published = datetime.fromisoformat(value)
        except ValueError as error:  # the right shape, but "2025-02-30"
            message = f"expected a real date and time, found {quote(value)}: {error}"
            yield self._finding(page, "published", message, value)
            return
        if isinstance(self.earliest, datetime):
            too_early = published < _aware(self.earliest)
        else:
            too_early = published.date() < self.earliest
        if too_early:
            earliest = self.earliest.isoformat()
            message = f"expected a date on or after {earliest}, found {value}"
            yield self._finding(page, "published", message, value)
        latest = _aware(self.latest) if self.latest else datetime.now(UTC)
        if published > latest + self.tolerance:
            message = (
                f"expected a date no later than {latest.isoformat(timespec='seconds')} "
                f"(with {_days(self.tolerance)} of grace), found {value}: in the future"
            )
            yield self._finding(page, "published", message, value)


def _shown(value: Any) -> str:
    return quote(value) if isinstance(value, str) else repr(value)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _days(span: timedelta) -> str:
    if span % timedelta(days=1):
        return str(span)
    return "1 day" if span.days == 1 else f"{span.days} days"


def _when(moment: date) -> str:
    if isinstance(moment, datetime):
        return moment.isoformat()
    return f"date({moment.year}, {moment.month}, {moment.day})"


class _LanguageMatches(_RuleBase):
    name = "language_matches"

    def __init__(self, min_letters: int) -> None:
        self.min_letters = min_letters

    def _args(self) -> list[str]:
        return (
            []
            if self.min_letters == MIN_LETTERS
            else [f"min_letters={self.min_letters}"]
        )

    def __call__(
        self, record: dict[str, Any], *, page: str, site: Site
    ) -> Iterator[Finding]:
        claimed = record.get("language")
        if not isinstance(claimed, str) or not claimed.strip():
            return  # a missing language is required()'s business
        sample = body_sample(text for _, text in indexed_block_texts(record))
        if not has_letters(sample, self.min_letters):
            return
        detected = detect_language(sample)
        if detected != primary_subtag(claimed):
            letters = letter_count(sample)
            message = (
                f"expected the body to be in {quote(claimed)} as the record claims, "
                f"detected {quote(detected)} from {letters:,} letters of body text"
            )
            yield self._finding(page, "language", message, claimed)


def indexed_block_texts(record: dict[str, Any]) -> list[tuple[int, str]]:
    """The index and ``text`` of each body block that has one (``kind`` is a
    label, not article text); worked out once per :func:`walked_once` block,
    as several rules read the blocks."""
    memo = walk_memo(record)
    if (found := memo.get(indexed_block_texts)) is None:
        body = record.get("body")
        found = memo[indexed_block_texts] = [
            (index, block["text"])
            for index, block in enumerate(body if isinstance(body, list) else ())
            if isinstance(block, dict) and isinstance(block.get("text"), str)
        ]
    return found


def quote(text: str) -> str:
    """``text`` in double quotes, on one line; inner quotes left as they are to read."""
    return '"' + text.replace("\n", "\\n") + '"'


def quote_tuple(items: Iterable[str]) -> str:
    quoted = [quote(i) for i in items]
    return f"({quoted[0]},)" if len(quoted) == 1 else f"({', '.join(quoted)})"
