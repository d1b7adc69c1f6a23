"""Where on a page a mutation acts: the article's container in HTML, the
article's lines in a text capture."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from harness.parsers._html import html_parser

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_CONTAINERS = ("div", "article", "section", "main", "td", "body")


def parse(text: str) -> lxml.html.HtmlElement:
    """The page's tree, read the way the parsers read it (offline, bounded)."""
    text = _XML_DECLARATION.sub("", text, count=1)
    return lxml.html.document_fromstring(text, parser=html_parser())


def serialize(tree: lxml.html.HtmlElement) -> str:
    doctype = tree.getroottree().docinfo.doctype
    html = lxml.html.tostring(tree, encoding="unicode")
    return f"{doctype}\n{html}" if doctype else html


def container(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The element holding the article: the one whose own paragraphs hold the most text."""
    best, best_size = tree.find("body"), 0
    for element in tree.iter(*_CONTAINERS):
        size = sum(len(p.text_content()) for p in paragraphs(element))
        if size > best_size:
            best, best_size = element, size
    return best if best is not None else tree


def paragraphs(element: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The element's own ``<p>`` children with some text."""
    return [p for p in element.iterchildren("p") if p.text_content().strip()]


def block(tag: str, text: str = "", **attributes: str) -> lxml.html.HtmlElement:
    element: lxml.html.HtmlElement = lxml.html.Element(tag, **attributes)
    element.text = text
    return element


def insert_after(anchor: etree._Element, *elements: etree._Element) -> None:
    """Put ``elements`` right after ``anchor``; ``anchor``'s tail stays after them."""
    tail, anchor.tail = anchor.tail, None
    for element in reversed(elements):
        anchor.addnext(element)
    elements[-1].tail = tail


def text_article(lines: list[str]) -> tuple[int, int]:
    """Where a text capture's article lines run: after the title and byline, up to
    the first list line (``- item`` or a lone ``-``) the aggregator appended."""
    start = min(2, len(lines))
    for at in range(start, len(lines)):
        stripped = lines[at].strip()
        if stripped == "-" or stripped.startswith("- "):
            return start, at
    return start, len(lines)
