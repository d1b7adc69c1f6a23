"""Declared rules on any record: never an exception, every finding well formed."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given

from harness.model import Site
from harness.rules import (
    all_of,
    any_of,
    date_window,
    in_range,
    language,
    length,
    matches,
    must_contain,
    must_not_contain,
    non_empty,
    not_,
    not_matches,
    one_of,
    required,
)

from .strategies import json_values, records

RULES = all_of(
    required("title"),
    non_empty("body[*].text"),
    matches("title", r"\w"),
    not_matches("body", "(?i)app"),
    length("body[*].text", min=1, max=50),
    in_range("views", min=0),
    date_window("published", earliest="2000-01-01T00:00:00Z"),
    one_of("language", ["en", "zh"]),
    language("body[*].text", "en", min_letters=1),
    must_contain("body", "a", ignore_case=True),
    must_not_contain("credits[*].names[*]", ["x", "Y"], ignore_case=True),
    any_of(non_empty("author"), not_(length("credits", max=0))),
)


@given(record=records | json_values().map(lambda value: {"title": value}))
def test_rules_take_any_record(record: dict[str, Any]) -> None:
    """Every kind of rule runs on any record; its findings are plain JSON."""
    for finding in RULES(record, page="seeds/x.html", site=Site("x", "x")):
        assert (finding.check, finding.severity) == ("quality", "error")
        assert finding.rule.endswith(")")
        json.dumps([finding.path, finding.value, finding.expected, finding.message])
