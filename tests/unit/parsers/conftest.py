"""Fixtures for the parser tests: the aggregator seeds and a one-call parse."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from harness.model import Page, PageKind, Site
from harness.parsers import get_parser

SEEDS = Path(__file__).resolve().parents[3] / "seeds" / "aggregator"
SITE = Site(name="aggregator", parser="aggregator", timezone="Asia/Shanghai")


@pytest.fixture
def parse() -> Callable[..., dict[str, Any]]:
    """Parse page text with the aggregator parser, as the harness would."""

    def parse(
        text: str, *, kind: PageKind = "text", site: Site = SITE
    ) -> dict[str, Any]:
        raw = text.encode("utf-8")
        page = Page(
            name=f"variant.{kind}",
            path=Path(f"variant.{kind}"),
            raw=raw,
            text=text,
            encoding="utf-8",
            kind=kind,
        )
        return get_parser("aggregator")(page, site=site)

    return parse


@pytest.fixture
def seed_text() -> str:
    """The reference text capture."""
    return (SEEDS / "000_2481e01f35ff6df4.txt").read_text(encoding="utf-8")


@pytest.fixture
def html_seed_text() -> str:
    """The HTML page of the same layout."""
    return (SEEDS / "001_cbn_special.html").read_text(encoding="utf-8")
