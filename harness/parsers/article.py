"""The generic article parser: any news or blog page, through trafilatura.

trafilatura does the boilerplate removal; this module only reads the page safely,
drops the blocks a site configures, and turns trafilatura's document into the
harness's record shape:

    page ──► lxml tree ──► drop_xpath ──► trafilatura ──► title, author, published,
                                                          body blocks, appended

Per-site settings go in ``[[tool.harness.sites]] options``::

    options = {favor = "precision", drop_xpath = ["//div[@class='promo']"]}
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any, Literal
from zoneinfo import ZoneInfo

import lxml.html
from lxml import etree

from harness.errors import ConfigError, PageError
from harness.language import body_sample, detect_language
from harness.model import JSON, Page, Site
from harness.parsers import parser
from harness.parsers._html import check_parse_limits
from harness.parsers._html import html_parser as hardened_parser

Favor = Literal["balanced", "precision", "recall"]

# Language identification reads this much of the body; more only costs time.
# lxml refuses str input that declares its own encoding; the text is decoded already.
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# Elements of trafilatura's output that sit inside a block's text; any other
# element starts a block of its own.
_INLINE = frozenset({"hi", "ref", "del", "lb", "cell", "graphic", "span"})
_SPACES = re.compile(r"[^\S\n]+")
# Marks where a table cell starts; empty cells are dropped, the rest joined by " | ".
_CELL = "\x1f"


@dataclass(frozen=True)
class ArticleOptions:
    """What a site's ``options`` table may say to the article parser."""

    favor: Favor = "balanced"
    drop_xpath: tuple[str, ...] = ()

    @classmethod
    def of(cls, site: Site) -> ArticleOptions:
        return _options(site.name, _freeze(site.options))


@parser("article")
def parse_article(page: Page, *, site: Site) -> dict[str, JSON]:
    """The record of one article page; what trafilatura does not find is None or empty."""
    # Imported here: trafilatura takes most of a second to import.
    import trafilatura
    from trafilatura.settings import Document

    options = ArticleOptions.of(site)
    if page.kind != "html":
        raise PageError(
            f"{page.name}: the article parser reads HTML pages, not text captures"
        )
    tree = _tree(page)
    latest = _latest_day(page)
    for expression in _xpaths(site.name, options.drop_xpath):
        _drop(tree, expression)
    extracted = trafilatura.bare_extraction(
        tree,
        url=page.url,
        favor_precision=options.favor == "precision",
        favor_recall=options.favor == "recall",
        include_comments=True,
        with_metadata=True,
        date_extraction_params=_date_params(latest),
    )
    if isinstance(extracted, Document):
        document = extracted
    else:  # trafilatura found no text at all: keep the metadata
        document = trafilatura.extract_metadata(
            _tree(page), default_url=page.url, date_config=_date_params(latest)
        )
    body = _blocks(getattr(document, "body", None))
    comments = _blocks(getattr(document, "commentsbody", None))
    return {
        "title": document.title or None,
        "author": document.author or None,
        "published": _published(document.date, ZoneInfo(site.timezone), latest),
        "language": _language(body),
        "body": body,
        "appended": {
            "comments": [block["text"] for block in comments],
            "tags": list(document.tags or []),
            "categories": list(document.categories or []),
        },
    }


def _prepare() -> None:
    """Import trafilatura in the run's own process, so a forked parse need not."""
    import trafilatura  # noqa: F401


parse_article.prepare = _prepare  # type: ignore[attr-defined]


def _tree(page: Page) -> lxml.html.HtmlElement:
    # C0 control characters cannot be in an lxml text node; trafilatura would
    # raise on them deep inside. They carry no text, so they go.
    text = _CONTROL_CHARACTERS.sub("", _XML_DECLARATION.sub("", page.text, count=1))
    # No network and no DTD: a page must parse the same offline and on every
    # machine, and libxml2's HTML parser never expands external entities.
    html_parser = hardened_parser(collect_ids=False)
    try:
        tree = lxml.html.document_fromstring(text, parser=html_parser)
        check_parse_limits(html_parser)
    except etree.ParserError as exc:
        raise PageError(f"{page.name}: no HTML content to parse ({exc})") from exc
    except PageError as exc:
        raise PageError(f"{page.name}: {exc}") from None
    return tree


def _drop(tree: lxml.html.HtmlElement, expression: etree.XPath) -> None:
    found = expression(tree)
    for element in found if isinstance(found, list) else ():
        # drop_tree keeps the element's tail: the text after it is not its own.
        if (
            isinstance(element, lxml.html.HtmlElement)
            and element.getparent() is not None
        ):
            element.drop_tree()


def _latest_day(page: Page) -> date:
    """The last day the page can have been published: its capture's, else today."""
    captured = page.meta.get("captured_at")
    try:
        return date.fromisoformat(str(captured)[:10])
    except ValueError:  # no capture time, or not one
        return date.today()


def _date_params(latest: date) -> dict[str, Any]:
    """htmldate's settings. Its bound is three days past ``latest``: htmldate
    reads a bound without an offset in this machine's time zone and compares it
    with times stated with one (offsets span 26 hours), so a bound on the day
    itself would make a record depend on where it is checked.
    :func:`_published` applies the bound exactly."""
    # No extensive search: its free-text parsing (dateparser) reads "2 days ago"
    # against today's clock, so a record would change from day to day, and it
    # spends seconds loading every locale. It costs some dates: on 119 dated
    # trafilatura-eval pages the day is right on 99 without it, 107 with it.
    return {
        "original_date": True,
        "extensive_search": False,
        "max_date": (latest + timedelta(days=3)).isoformat(),
        "outputformat": _DATE_FORMAT,
    }


# htmldate keeps the time and offset a page states only when asked for them; its
# default is the day alone. A day with no time comes as midnight, no offset.
_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"


def _published(stamp: str | None, zone: ZoneInfo, latest: date) -> str | None:
    """The time the page states, with its offset; a time without an offset, or a
    day alone, in the site's time zone (a day is midnight). None after ``latest``:
    a date after the capture cannot be the publication's."""
    if not stamp:
        return None
    try:
        when = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    if when.date() > latest:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=zone)).isoformat()


def _blocks(body: etree._Element | None) -> list[dict[str, str]]:
    """Headings and paragraphs of trafilatura's XML, in document order."""
    if body is None:
        return []
    blocks = []
    for kind, parts in _walk(body):
        lines = (_line(line) for line in "".join(parts).split("\n"))
        if text := "\n".join(line for line in lines if line):
            blocks.append({"kind": kind, "text": text})
    return blocks


def _line(text: str) -> str:
    cells = (_SPACES.sub(" ", cell).strip() for cell in text.split(_CELL))
    return " | ".join(cell for cell in cells if cell)


def _walk(body: etree._Element) -> Iterator[tuple[str, list[str]]]:
    """(kind, text parts) per block: text before, inside and after each block
    element is cut at its edges, so mixed content never runs two blocks together.
    """
    parts: list[str] = []

    def visit(element: etree._Element) -> Iterator[tuple[str, list[str]]]:
        nonlocal parts
        block = element.tag not in _INLINE
        if block:
            yield "paragraph", parts
            parts = []
        if element.tag == "lb":
            parts.append("\n")
        elif element.tag == "cell" and element.getprevious() is not None:
            parts.append(_CELL)
        parts.append(element.text or "")
        for child in element:
            yield from visit(child)
        if block:
            yield ("heading" if element.tag == "head" else "paragraph"), parts
            parts = []
        parts.append(element.tail or "")

    for child in body:
        yield from visit(child)
    yield "paragraph", parts


def _language(body: list[dict[str, str]]) -> str | None:
    sample = body_sample(block["text"] for block in body)
    return detect_language(sample) if sample.strip() else None


def _freeze(options: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    """The options as a hashable key, so each site's are checked once."""
    return tuple(
        (key, tuple(value) if isinstance(value, list) else value)
        for key, value in sorted(options.items())
    )


@lru_cache(maxsize=64)
def _options(site: str, items: tuple[tuple[str, Any], ...]) -> ArticleOptions:
    options = dict(items)
    where = f"site {site!r} options"
    favor = options.get("favor", "balanced")
    if favor not in ("balanced", "precision", "recall"):
        raise ConfigError(
            f"{where}: favor must be 'precision', 'recall' or 'balanced', got {favor!r}"
        )
    drop = options.get("drop_xpath", ())
    if isinstance(drop, str):
        drop = (drop,)
    if not isinstance(drop, tuple) or not all(isinstance(x, str) for x in drop):
        raise ConfigError(f"{where}: drop_xpath must be a list of XPath strings")
    _xpaths(site, drop)  # a bad expression is a configuration error, said early
    return ArticleOptions(favor=favor, drop_xpath=drop)


@lru_cache(maxsize=64)
def _xpaths(site: str, expressions: tuple[str, ...]) -> tuple[etree.XPath, ...]:
    compiled = []
    for expression in expressions:
        try:
            compiled.append(etree.XPath(expression))
        except etree.XPathSyntaxError as exc:
            raise ConfigError(
                f"site {site!r} options: drop_xpath {expression!r} is not XPath: {exc}"
            ) from exc
    return tuple(compiled)
