"""HTML pages, turned into the line sequence a text capture of them would be.

Block elements end a line, ``<li>`` becomes a ``- item`` (with a lone ``-`` before
any block content under it, as in the text captures), and headings keep their
role as a hint: h1 is the title, h2-h6 are sub-headings inside the article and
block headers outside it. Site chrome (nav, scripts, page header and footer) is
dropped before the layout parser sees anything.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from harness.errors import PageError
from harness.parsers._lines import Line, LineKind, squash

_SKIPPED = frozenset(
    {"head", "script", "style", "noscript", "template", "nav", "iframe", "svg"}
    | {"form", "button", "select", "textarea"}
)
_CHROME = frozenset({"header", "footer"})
_SUBHEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
_BLOCKS = frozenset(
    {"html", "body", "main", "article", "section", "aside", "div", "p", "br", "hr"}
    | {"ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "address", "figure"}
    | {"figcaption", "table", "caption", "thead", "tbody", "tfoot", "tr", "td", "th"}
    | {"details", "summary", "fieldset"}
    | _CHROME
)
# lxml refuses str input that declares its own encoding; the text is decoded already.
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def html_parser(*, collect_ids: bool = True) -> lxml.html.HTMLParser:
    """The one way the harness parses HTML: offline, bounded, nothing expanded.

    libxml2's HTML parser never loads a DTD nor expands entities declared in one
    (it has no ``resolve_entities`` or ``load_dtd`` to turn on); ``no_network``
    forbids fetching anything, and without ``huge_tree`` libxml2 stops at 256
    levels of nesting and 10 MB text nodes. So a billion-laughs or XXE DOCTYPE
    parses with its entity references left as literal text, read offline.
    trafilatura reads the tree we give it and parses no page text itself.
    """
    return lxml.html.HTMLParser(
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=collect_ids,
    )


def check_parse_limits(parser: lxml.html.HTMLParser) -> None:
    """PageError when libxml2 stopped at one of its limits (nesting depth)."""
    for error in parser.error_log:
        if error.type_name == "ERR_RESOURCE_LIMIT":
            raise PageError(
                f"the page is beyond what the harness parses: {error.message.strip()} "
                f"(line {error.line}); the content past that limit is lost"
            )


def html_lines(text: str) -> list[Line]:
    """The lines of an HTML page, as ``text_lines`` would read a capture of it."""
    text = _XML_DECLARATION.sub("", text, count=1)
    if not text.strip():
        return []
    # No network and no DTD: a seed must parse the same offline and on every machine.
    parser = html_parser()
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except etree.ParserError as exc:
        raise PageError(f"the page has no HTML content to parse ({exc})") from exc
    check_parse_limits(parser)
    writer = _LineWriter(_article_root(root))
    writer.block(root)
    return writer.lines


def _article_root(root: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The ``<article>``, or else the element holding the most paragraphs."""
    for article in root.iter("article"):
        if article.find(".//p") is not None:
            return article
    best, most = root, 0
    for element in root.iter():
        paragraphs = sum(1 for child in element if child.tag == "p")
        if paragraphs > most:
            best, most = element, paragraphs
    return best


class _LineWriter:
    """Walks the tree, gathering inline text until a block boundary ends the line."""

    def __init__(self, article: lxml.html.HtmlElement) -> None:
        self.article = article
        self.lines: list[Line] = []
        self._pieces: list[str] = []

    def block(self, element: lxml.html.HtmlElement) -> None:
        """Write ``element`` and its children; blocks begin and end lines."""
        tag = element.tag
        if not isinstance(tag, str) or tag in _SKIPPED or self._is_chrome(element):
            return
        if tag == "h1" or tag in _SUBHEADINGS:
            self._end_line()
            text = squash(element.text_content())
            if text:
                self.lines.append(Line(text, self._heading_kind(element)))
        elif tag == "li":
            self._end_line()
            self.lines.extend(self._item_lines(element))
        elif tag in _BLOCKS:
            self._end_line()
            self._inline(element)
            self._end_line()
        else:
            self._inline(element)

    def _inline(self, element: lxml.html.HtmlElement) -> None:
        self._pieces.append(element.text or "")
        for child in element:
            self.block(child)
            self._pieces.append(child.tail or "")

    def _end_line(self) -> None:
        text = squash("".join(self._pieces))
        self._pieces.clear()
        if text:
            self.lines.append(Line(text))

    def _item_lines(self, item: lxml.html.HtmlElement) -> list[Line]:
        """An ``<li>``: its first line is the item, the rest hangs under a ``-``."""
        inner = _LineWriter(self.article)
        inner._inline(item)
        inner._end_line()
        if not inner.lines or inner.lines[0].kind in ("item", "sep"):
            return inner.lines  # a nested list with no text of its own
        first, *rest = inner.lines
        under = [Line("", "sep"), *rest] if rest else []
        return [Line(first.text, "item"), *under]

    def _heading_kind(self, element: lxml.html.HtmlElement) -> LineKind:
        if element.tag == "h1":
            return "title"
        return "heading" if self._in_article(element) else "header"

    def _in_article(self, element: lxml.html.HtmlElement) -> bool:
        return element is self.article or any(
            ancestor is self.article for ancestor in element.iterancestors()
        )

    def _is_chrome(self, element: lxml.html.HtmlElement) -> bool:
        """A page header or footer: outside the article and without the title in it."""
        return (
            element.tag in _CHROME
            and not self._in_article(element)
            and element.find(".//h1") is None
        )
