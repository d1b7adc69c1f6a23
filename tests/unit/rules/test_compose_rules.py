"""Composition: all_of, any_of, not_, and how severity travels through them."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import Any

from harness.checks.quality import Rule, check_quality
from harness.model import Finding, Site
from harness.rules import (
    all_of,
    any_of,
    length,
    matches,
    non_empty,
    not_,
    not_matches,
    one_of,
)

Run = Callable[[Rule, dict[str, Any]], list[Finding]]

RECORD = {
    "title": "Rain",
    "section": "promo",
    "body": [{"text": "Forecasters expect rain."}, {"text": "Get the app"}],
}


def test_all_of_yields_every_part_finding_in_order(run: Run) -> None:
    """all_of() reports each failing part under the part's own name."""
    rule = all_of(length("title", min=10), not_matches("body[*].text", "(?i)app"))
    assert repr(rule) == (
        "all_of(length('title', min=10), not_matches('body[*].text', '(?i)app'))"
    )
    found = run(rule, RECORD)
    assert [(f.rule, f.path) for f in found] == [
        ("length('title', min=10)", "title"),
        ("not_matches('body[*].text', '(?i)app')", "body[1].text"),
    ]
    good = {"title": "Rain all weekend", "body": [{"text": "Forecasters"}]}
    assert run(rule, good) == []


def test_any_of_passes_when_one_part_holds(run: Run) -> None:
    """any_of() is silent if one part holds, and explains every part when none does."""
    rule = any_of(non_empty("author"), non_empty("credits"))
    assert run(rule, {"credits": ["AP"]}) == []
    [finding] = run(rule, {"author": "", "credits": []})
    assert finding.rule == "any_of(non_empty('author'), non_empty('credits'))"
    assert finding.path == ""  # the parts look at different fields
    assert finding.message == (
        "expected one of 2 rules to hold, none does ("
        "non_empty('author'): author: expected a non-empty value, found an empty string; "
        "non_empty('credits'): credits: expected a non-empty value, found an empty list)"
    )


def test_any_of_on_one_field_points_at_it(run: Run) -> None:
    """When every part looks at the same field, the finding names that field."""
    rule = any_of(one_of("section", ["news"]), matches("section", "^opinion/"))
    [finding] = run(rule, RECORD)
    assert (finding.path, finding.value) == ("section", "promo")


def test_not_fails_when_the_inner_rule_holds(run: Run) -> None:
    """not_() reports a record the inner rule accepts, with the field's value."""
    rule = not_(one_of("section", ["promo", "sponsored"]))
    [finding] = run(rule, RECORD)
    assert finding.message == (
        "expected one_of('section', ['promo', 'sponsored']) not to hold, but it does"
    )
    assert (finding.path, finding.value) == ("section", "promo")
    assert run(rule, {"section": "news"}) == []


def test_warn_on_a_composite_lowers_its_parts(run: Run) -> None:
    """all_of(..., severity="warn") turns its parts' errors into warnings."""
    rule = all_of(length("title", min=10), non_empty("section"), severity="warn")
    assert [f.severity for f in run(rule, RECORD)] == ["warn"]
    either = any_of(length("title", min=10), matches("title", "x"), severity="warn")
    assert [f.severity for f in run(either, RECORD)] == ["warn"]
    assert repr(either).endswith(", severity='warn')")


def test_nested_composites_print_and_pickle() -> None:
    """A nested rule reads as it was built and survives pickling."""
    rule = all_of(
        any_of(non_empty("author"), non_empty("credits")),
        not_(matches("title", "(?i)^sponsored")),
    )
    assert repr(rule) == (
        "all_of(any_of(non_empty('author'), non_empty('credits')), "
        "not_(matches('title', '(?i)^sponsored')))"
    )
    assert pickle.loads(pickle.dumps(rule)) == rule


def test_check_quality_runs_the_site_rules_after_the_defaults() -> None:
    """A site's declared rules add their findings to the default rules' ones."""
    site = Site(
        name="news", parser="article", rules=(not_matches("body[*].text", "rain"),)
    )
    record = {"title": "Rain", "body": [{"text": "Forecasters expect rain."}]}
    found = check_quality(record, page="seeds/news/1.html", site=site)
    assert [f.rule for f in found] == ["not_matches('body[*].text', 'rain')"]
    assert pickle.loads(pickle.dumps(site)) == site
