"""Helpers for the declared-rule tests: run a rule on a small record."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from harness.checks.quality import Rule
from harness.model import Finding, Site

PAGE = "seeds/news/001.html"
SITE = Site(name="news", parser="article")


@pytest.fixture
def run() -> Callable[[Rule, dict[str, Any]], list[Finding]]:
    """Every finding ``rule`` yields on ``record``."""

    def findings(rule: Rule, record: dict[str, Any]) -> list[Finding]:
        return list(rule(record, page=PAGE, site=SITE))

    return findings
