"""Bounding rules: length, numeric range, date window, enum, language."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from harness.checks.quality import Rule
from harness.model import Finding
from harness.rules import date_window, in_range, language, length, one_of

Run = Callable[[Rule, dict[str, Any]], list[Finding]]

ENGLISH = (
    "The city council voted on Monday to keep the public swimming pools open "
    "until ten in the evening through the summer, after residents asked for "
    "longer hours during the heat wave. Families will pay the same fees as last "
    "year, and the council will review the change in September."
)
CHINESE = (
    "市议会周一投票决定，今年夏天公共游泳池将开放至晚上十点，因为居民在热浪期间"
    "要求延长开放时间。家庭将支付与去年相同的费用，议会将在九月份审查这一变化。"
    "此外，市政府还计划在几个街区增设临时饮水点和遮阳设施，以帮助老人和儿童度过"
    "高温天气。气象部门预计，本周末气温可能超过三十八度，并提醒市民减少午后外出，"
    "注意防暑降温，及时补充水分。"
) * 2


def test_length_counts_characters_of_a_string(run: Run) -> None:
    """length() fails a title too short or too long, passes one in between."""
    rule = length("title", min=10, max=30)
    assert run(rule, {"title": "Rain expected this weekend"}) == []
    [short] = run(rule, {"title": "Rain"})
    assert short.message == (
        "expected a length of 10 to 30 (characters or items), found 4 characters"
    )
    [long] = run(rule, {"title": "x" * 31})
    assert long.message.endswith("found 31 characters")
    assert repr(rule) == "length('title', min=10, max=30)"


def test_length_counts_items_of_a_list(run: Run) -> None:
    """length() on a list bounds its item count."""
    rule = length("tags", max=2)
    assert run(rule, {"tags": ["a", "b"]}) == []
    [finding] = run(rule, {"tags": ["a", "b", "c"]})
    assert finding.message.endswith("found 3 items")
    [wrong] = run(rule, {"tags": 3})
    assert wrong.message.endswith("found the number 3, which has no length")


def test_length_applies_to_each_block_under_a_wildcard(run: Run) -> None:
    """length("body[*].text", max=...) names each block over the bound."""
    record = {"body": [{"text": "short"}, {"text": "far too long a block"}]}
    [finding] = run(length("body[*].text", max=10), record)
    assert finding.path == "body[1].text"


def test_in_range_bounds_numbers(run: Run) -> None:
    """in_range() fails a number outside the bounds and a value that is no number."""
    rule = in_range("views", min=0, max=1_000_000)
    assert run(rule, {"views": 0}) == []
    assert run(rule, {"views": 12.5}) == []
    [negative] = run(rule, {"views": -1})
    assert negative.message == "expected a number 0 to 1000000, found -1"
    [text] = run(rule, {"views": "12"})
    assert text.message.endswith("found a string")
    [boolean] = run(rule, {"views": True})
    assert boolean.message.endswith("found the boolean true")


def test_date_window_takes_rfc3339_values(run: Run) -> None:
    """date_window() fails dates outside the window and values that are not RFC 3339."""
    rule = date_window(
        "published", earliest="2020-01-01T00:00:00Z", latest="2025-12-31T23:59:59+08:00"
    )
    assert run(rule, {"published": "2024-05-01T10:00:00+02:00"}) == []
    # Instants are compared: 23:00 at -02:00 is already 2020 in UTC.
    assert run(rule, {"published": "2019-12-31T23:00:00-02:00"}) == []
    [early] = run(rule, {"published": "2019-12-31T23:00:00+02:00"})
    assert early.message == (
        "expected an RFC 3339 date-time no earlier than 2020-01-01T00:00:00+00:00 "
        "and no later than 2025-12-31T23:59:59+08:00, found '2019-12-31T23:00:00+02:00'"
    )
    [late] = run(rule, {"published": "2026-01-01T00:00:00Z"})
    assert late.path == "published"
    [no_offset] = run(rule, {"published": "2024-05-01T10:00:00"})
    assert no_offset.message.endswith("found '2024-05-01T10:00:00'")
    [impossible] = run(rule, {"published": "2024-02-30T10:00:00Z"})
    assert impossible.message.endswith("found '2024-02-30T10:00:00Z'")


def test_date_window_accepts_datetimes_with_an_offset() -> None:
    """Bounds may be datetime objects (TOML date-times); naive ones are refused."""
    rule = date_window("published", latest=datetime(2025, 1, 1, tzinfo=UTC))
    assert repr(rule) == "date_window('published', latest='2025-01-01T00:00:00+00:00')"
    with pytest.raises(ValueError, match="has no offset"):
        date_window("published", earliest=datetime(2025, 1, 1))


def test_one_of_is_an_enum(run: Run) -> None:
    """one_of() passes listed values only, telling 1 from true."""
    rule = one_of("section", ["news", "opinion", 1])
    assert run(rule, {"section": "opinion"}) == []
    [finding] = run(rule, {"section": "promo"})
    assert finding.message == "expected one of 'news', 'opinion', 1, found 'promo'"
    assert run(rule, {"section": True}) != []


def test_language_judges_all_the_text_together(run: Run) -> None:
    """language() fails a Chinese body declared English, passes the English one."""
    rule = language("body[*].text", "en")
    english = {"body": [{"text": s + "."} for s in ENGLISH.split(". ")]}
    assert run(rule, english) == []
    [finding] = run(rule, {"body": [{"text": CHINESE}]})
    assert finding.path == "body[*].text"
    assert finding.message.startswith("expected text in 'en', detected 'zh' from ")
    assert run(language("body[*].text", ["en", "zh-Hans"]), {"body": [CHINESE]}) == []


def test_language_is_silent_on_too_little_text(run: Run) -> None:
    """Fewer letters than min_letters: no verdict."""
    assert run(language("title", "zh"), {"title": "A short English title"}) == []


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: length("title"), "give min, max or both"),
        (lambda: length("title", min=10, max=5), "min \\(10\\) is greater than max"),
        (lambda: length("title", min=-1), "whole numbers >= 0"),
        (lambda: in_range("views", min="a"), "must be numbers"),
        (lambda: date_window("published"), "give earliest, latest or both"),
        (lambda: date_window("p", earliest="2020-01-01"), "RFC 3339"),
        (
            lambda: date_window(
                "p", earliest="2021-01-01T00:00:00Z", latest="2020-01-01T00:00:00Z"
            ),
            "is after latest",
        ),
        (lambda: one_of("section", []), "non-empty list"),
        (lambda: language("body", []), "language tags"),
    ],
)
def test_bad_bounds_are_value_errors(make: Callable[[], Rule], message: str) -> None:
    """An empty, inverted or mistyped bound is refused when the rule is made."""
    with pytest.raises(ValueError, match=message):
        make()
