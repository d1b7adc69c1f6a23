"""Every built-in parser on any text or HTML-ish page: a dict or a HarnessError."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harness.errors import HarnessError
from harness.model import Page, Site
from harness.parsers import get_parser

from .strategies import any_text, html_ish, xml_safe_html

PARSERS = ("aggregator", "article")


def page_of(text: str, kind: str) -> Page:
    name = f"seeds/site/page.{'txt' if kind == 'text' else 'html'}"
    raw = text.encode("utf-8", "surrogatepass")
    return Page(
        name=name, path=Path(name), raw=raw, text=text, encoding="utf-8", kind=kind,  # type: ignore[arg-type]
    )  # fmt: skip


@pytest.mark.parametrize("name", PARSERS)
@given(text=any_text)
def test_parsers_take_any_text(name: str, text: str) -> None:
    """A text page of any characters parses to a dict or raises HarnessError."""
    check(name, page_of(text, "text"))


@pytest.mark.parametrize(
    ("name", "pages"),
    # The article parser only on text without C0 controls until its crash on
    # them is fixed (test_article_takes_a_control_character_in_html).
    [("aggregator", html_ish), ("article", xml_safe_html)],
    ids=PARSERS,
)
@given(data=st.data())
def test_parsers_take_any_html(
    name: str, pages: st.SearchStrategy[str], data: st.DataObject
) -> None:
    """An HTML page of tags, entities and any characters: a dict or HarnessError."""
    check(name, page_of(data.draw(pages), "html"))


def check(name: str, page: Page) -> None:
    parse = get_parser(name)
    try:
        record = parse(page, site=Site(name="site", parser=name))
    except HarnessError:
        return
    assert isinstance(record, dict)


# -- crashes the property tests found, kept as regression tests --------------------


def test_article_takes_a_control_character_in_html() -> None:
    """The article parser returns a dict or a HarnessError for '<H1>\\x1f'."""
    check("article", page_of("<H1>\x1f", "html"))
