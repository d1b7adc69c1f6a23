"""Presence and text rules on one field: each fails on a bad record and passes on a good one."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import Any

import pytest

from harness.checks.quality import Rule
from harness.model import Finding
from harness.rules import (
    matches,
    must_contain,
    must_not_contain,
    non_empty,
    not_matches,
    required,
)

Run = Callable[[Rule, dict[str, Any]], list[Finding]]

ARTICLE = {
    "title": "Rain expected across the north this weekend",
    "author": "",
    "byline": None,
    "body": [
        {"kind": "p", "text": "Forecasters expect heavy rain from Saturday."},
        {"kind": "p", "text": "Download our app for live alerts."},
    ],
}


def test_required_fails_on_a_missing_or_null_field(run: Run) -> None:
    """required() reports a missing field and a null one, and accepts an empty string."""
    assert run(required("title"), ARTICLE) == []
    assert run(required("author"), ARTICLE) == []
    [missing] = run(required("section"), ARTICLE)
    assert (missing.path, missing.page, missing.check) == (
        "section",
        "seeds/news/001.html",
        "quality",
    )
    assert missing.message == (
        "expected the field to be present and not null, found no such field"
    )
    [null] = run(required("byline"), ARTICLE)
    assert null.message.endswith("found null")
    assert null.rule == "required('byline')"


def test_required_with_a_wildcard_checks_every_item(run: Run) -> None:
    """required("body[*].text") names each block that lacks its text."""
    record = {"body": [{"text": "a"}, {"kind": "figure"}, {"text": "c"}]}
    assert [f.path for f in run(required("body[*].text"), record)] == ["body[1].text"]
    assert run(required("body[*].text"), {"body": []}) == []


def test_non_empty_fails_on_blank_values(run: Run) -> None:
    """non_empty() reports an empty string, whitespace, [] and a missing field."""
    assert run(non_empty("title"), ARTICLE) == []
    assert run(non_empty("body"), ARTICLE) == []
    record = {"a": "", "b": "  ", "c": [], "d": {}, "e": None}
    found = {f.path: f.message for f in run(non_empty("a"), record)}
    assert found == {"a": "expected a non-empty value, found an empty string"}
    for field, what in [
        ("b", "only whitespace"), ("c", "an empty list"), ("d", "an empty object"),
        ("e", "null"), ("f", "no such field"),
    ]:  # fmt: skip
        [finding] = run(non_empty(field), record)
        assert finding.message.endswith(f"found {what}"), field


def test_matches_needs_a_match_in_each_value(run: Run) -> None:
    """matches() searches each value; a non-string value fails with its type."""
    assert run(matches("title", r"^Rain\b"), ARTICLE) == []
    [finding] = run(matches("title", r"^Sun"), ARTICLE)
    assert finding.message == (
        "expected a string matching '^Sun', found "
        "'Rain expected across the north this weekend'"
    )
    assert finding.value == ARTICLE["title"]
    [wrong_type] = run(matches("views", r"\d"), {"views": 3})
    assert wrong_type.message.endswith("found the number 3")


def test_not_matches_names_the_block_and_shows_the_match(run: Run) -> None:
    """not_matches() points at the block and quotes what matched, in an excerpt."""
    rule = not_matches("body[*].text", "(?i)download our app")
    [finding] = run(rule, ARTICLE)
    assert finding.path == "body[1].text"
    assert finding.message == (
        "expected no match of '(?i)download our app', found 'Download our app'"
    )
    assert finding.value == "Download our app for live alerts."
    assert finding.expected == "no match of '(?i)download our app'"
    assert finding.rule == "not_matches('body[*].text', '(?i)download our app')"
    assert run(not_matches("body[*].text", "(?i)newsletter"), ARTICLE) == []


def test_not_matches_searches_every_string_under_a_field(run: Run) -> None:
    """On ``body`` itself, not_matches() looks inside each block's strings."""
    [finding] = run(not_matches("body", "app"), ARTICLE)
    assert finding.path == "body[1].text"


def test_value_excerpt_is_cut_around_the_match(run: Run) -> None:
    """A long value is shown as an excerpt that holds the offending part."""
    text = "word " * 200 + "Download our app" + " word" * 200
    [finding] = run(not_matches("body", "Download our app"), {"body": [text]})
    assert "Download our app" in finding.value
    assert len(finding.value) <= 120


def test_must_contain_looks_at_all_the_text_together(run: Run) -> None:
    """must_contain() passes when any block holds the text, fails naming what is absent."""
    assert run(must_contain("body[*].text", "heavy rain"), ARTICLE) == []
    assert run(must_contain("body[*].text", "HEAVY RAIN"), ARTICLE) != []
    assert run(must_contain("body", "HEAVY RAIN", ignore_case=True), ARTICLE) == []
    [finding] = run(must_contain("body[*].text", ["rain", "Reuters"]), ARTICLE)
    assert finding.path == "body[*].text"
    assert finding.message == (
        "expected the text to contain 'rain' and 'Reuters', found no 'Reuters'"
    )


def test_must_not_contain_reports_each_occurrence(run: Run) -> None:
    """must_not_contain() names the block; ignore_case finds other casings."""
    assert run(must_not_contain("body[*].text", "download OUR app"), ARTICLE) == []
    rule = must_not_contain("body[*].text", "download OUR app", ignore_case=True)
    [finding] = run(rule, ARTICLE)
    assert (finding.path, finding.message) == (
        "body[1].text",
        "expected no 'download OUR app' (ignoring case), found 'Download our app'",
    )
    assert repr(rule) == (
        "must_not_contain('body[*].text', 'download OUR app', ignore_case=True)"
    )


def test_a_missing_field_is_left_to_required(run: Run) -> None:
    """Text rules say nothing about a field that is not there or null."""
    for rule in (
        matches("section", "x"),
        not_matches("section", "x"),
        must_contain("section", "x"),
        must_not_contain("section", "x"),
    ):
        assert run(rule, {"section": None}) == []
        assert run(rule, {}) == []


def test_severity_warn_is_carried_by_the_finding(run: Run) -> None:
    """A rule made with severity="warn" yields warnings and says so in its repr."""
    rule = not_matches("body[*].text", "app", severity="warn")
    assert [f.severity for f in run(rule, ARTICLE)] == ["warn"]
    assert repr(rule) == "not_matches('body[*].text', 'app', severity='warn')"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: matches("title", "("), "bad regular expression '('"),
        (lambda: not_matches("body[", "x"), "malformed JSON path 'body['"),
        (lambda: required("title", severity="fatal"), "severity must be"),
        (lambda: must_contain("title", []), "expected non-empty strings"),
    ],
)
def test_bad_arguments_are_value_errors(make: object, message: str) -> None:
    """A bad pattern, path, severity or text list is refused when the rule is made."""
    with pytest.raises(
        ValueError, match=message.replace("(", r"\(").replace("[", r"\[")
    ):
        make()  # type: ignore[operator]


def test_rules_pickle_and_compare_by_what_they_check() -> None:
    """A rule survives pickling equal to itself, and two rules made alike are equal."""
    rule = not_matches("body[*].text", "(?i)app", severity="warn")
    assert pickle.loads(pickle.dumps(rule)) == rule
    assert rule == not_matches("body[*].text", "(?i)app", severity="warn")
    assert rule != not_matches("body[*].text", "(?i)app")
    assert hash(rule) == hash(not_matches("body[*].text", "(?i)app", severity="warn"))
