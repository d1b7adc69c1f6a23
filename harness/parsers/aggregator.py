"""The reference parser: an aggregator page that republished one article.

The page is a title line (``series丨title``), a byline (uploader, time, views),
the article with its credits, and blocks the aggregator appended wherever it
liked: a promo line, related articles with snippets, sidebar lists, a tag list.
Text captures and HTML pages are first reduced to one line sequence, then read
by one layout parser:

    page ──► lines ──► list blocks (appended) + prose ──► title, byline, body, credits
"""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from harness.errors import ConfigError
from harness.language import body_sample, detect_language
from harness.model import JSON, Page, Site
from harness.parsers import parser
from harness.parsers._blocks import split_lists
from harness.parsers._byline import Byline, parse_byline, split_series
from harness.parsers._html import html_lines
from harness.parsers._lines import Line, text_lines
from harness.parsers._prose import Block, read_prose

# Language identification reads this much of the body; more only costs time.


@parser("aggregator")
def parse_aggregator(page: Page, *, site: Site) -> dict[str, JSON]:
    """The record of one aggregator page; fields the page lacks are None or empty."""
    zone = _zone(site)
    lines = html_lines(page.text) if page.kind == "html" else text_lines(page.text)
    prose, lists = split_lists(lines)
    title_at = _title_index(prose)
    title, series = split_series(prose[title_at].text) if prose else (None, None)
    after_title = prose[title_at + 1 :]
    byline = _byline(after_title[0], zone) if after_title else None
    article = read_prose(after_title[1:] if byline else after_title)
    byline = byline or Byline()
    return {
        "title": title,
        "series": series,
        "uploader": byline.uploader,
        "published": byline.published,
        "views": byline.views,
        "language": _language(article.body),
        "body": article.body,
        "credits": article.credits,
        "appended": {
            "promo": article.promo,
            "related": lists.related,
            "sections": lists.sections,
            "tags": lists.tags,
        },
    }


def _zone(site: Site) -> ZoneInfo:
    try:
        return ZoneInfo(site.timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(
            f"site {site.name!r}: unknown time zone {site.timezone!r};"
            " use an IANA name such as 'Asia/Shanghai'"
        ) from exc


def _title_index(prose: list[Line]) -> int:
    """The h1 if the page marks one, else the first prose line (above it: chrome)."""
    return next((at for at, line in enumerate(prose) if line.kind == "title"), 0)


def _byline(line: Line, zone: ZoneInfo) -> Byline | None:
    return parse_byline(line.text, zone) if line.kind == "plain" else None


def _language(body: list[Block]) -> str | None:
    """The body's ISO 639-1 code, or None when there is no body to tell from."""
    sample = body_sample(block["text"] for block in body)
    if not sample.strip():
        return None
    return detect_language(sample)
