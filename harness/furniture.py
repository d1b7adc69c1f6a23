"""Where a text sits in its page's own markup: in page furniture, or not.

A page often says what is not its article: ``<aside>``, ``<nav>``, ``<footer>``,
``<form>``, or a class or id such as ``related-posts``, ``sidebar``,
``newsletter-signup``. :func:`in_furniture` answers whether every place a text
appears in a page is inside such an element, one that holds none of the
article's known snippets: a blog theme that wraps the whole post in a
``widget`` div labels nothing.

The detection benchmark (``benchmarks/bench_detection.py``) uses it as
independent evidence that a flagged text is boilerplate, on pages whose ground
truth annotates only a few snippets.

    in_furniture(page_html, "Newsletter abonnieren", article=["Der Rat hat ..."])
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from lxml import html as lxml_html
from lxml.etree import ParserError
from lxml.html import HtmlElement as _Element

FURNITURE_TAGS = frozenset({"aside", "nav", "footer", "form"})
"""Elements HTML itself defines as not the page's main content (``form``: a
sign-up, search or comment form)."""

FURNITURE_TOKENS = frozenset(
    {
        "related", "similar", "sidebar", "widget", "widgets", "newsletter",
        "signup", "subscribe", "subscription", "share", "sharing", "social",
        "teaser", "teasers", "navigation", "nav", "navbar", "menu", "breadcrumb",
        "breadcrumbs", "comment", "comments", "footer", "cookie", "cookies",
        "advert", "advertisement", "promo",
    }
)  # fmt: skip
"""Words of a class or id that name page furniture in common CMS and blog
templates (WordPress, Drupal, Joomla, Blogger, news themes): related and
similar items, sidebars and widgets, newsletter sign-ups, share buttons,
teasers, navigation and menus, breadcrumbs, comments, footers, cookie notices,
adverts and promos. Chosen from general knowledge of those templates; a class is
split into words at any character that is not a letter or digit and at
camelCase humps (``related-posts``, ``widget_area``, ``relatedPosts``)."""

_SKIPPED = ("script", "style", "noscript", "template", "head", "title")
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def letters(text: str) -> str:
    """``text`` reduced to its letters and digits, case-folded: how texts are
    compared, whatever whitespace, punctuation and bullets lie between words."""
    return re.sub(r"\W+|_", "", text).casefold()


def tokens(value: str) -> set[str]:
    """The lowercase words of a class or id attribute."""
    return {word.lower() for word in _WORD.findall(value)}


def furniture(element: _Element) -> bool:
    """Whether the page labels ``element`` as not-article, by its tag or by a
    word of its class or id."""
    if not isinstance(element.tag, str):
        return False
    if element.tag.lower() in FURNITURE_TAGS:
        return True
    words = tokens(f"{element.get('class', '')} {element.get('id', '')}")
    return not words.isdisjoint(FURNITURE_TOKENS)


def in_furniture(page: str | bytes, text: str, *, article: Iterable[str]) -> bool:
    """Whether ``text`` appears in ``page`` and every place it appears is inside
    an element :func:`furniture` names, which holds none of the ``article``
    snippets. False when the text is not found, or when none of the snippets
    is found in the page (nothing then tells furniture from the article's
    wrapper)."""
    needle = letters(text.strip("…"))
    snippets = [s for s in (letters(a) for a in article) if s]
    if not needle or not snippets:
        return False
    root = page_body(page)
    if root is None:
        return False
    cache: dict[_Element, str] = {}
    if not any(s in _letters_of(root, cache) for s in snippets):
        return False
    found = _places(root, needle, cache)
    return bool(found) and all(
        any(
            furniture(element)
            and not any(s in _letters_of(element, cache) for s in snippets)
            for element in _ancestry(place)
        )
        for place in found
    )


def page_body(page: str | bytes) -> _Element | None:
    """The page's ``<body>`` as lxml reads it, without scripts, styles and the
    like; None when the page cannot be parsed."""
    if isinstance(page, str):  # lxml refuses a str that declares its encoding
        page = page.encode("utf-8", "surrogatepass")
        parser = lxml_html.HTMLParser(encoding="utf-8")
    else:
        parser = lxml_html.HTMLParser()
    try:
        document = lxml_html.document_fromstring(page, parser=parser)
    except (ParserError, ValueError):
        return None
    for element in list(document.iter(*_SKIPPED)):
        if isinstance(element, _Element) and element.getparent() is not None:
            element.drop_tree()
    body = document.find("body")
    return body if body is not None else document


def places(root: _Element, text: str) -> list[_Element]:
    """The innermost elements below ``root`` whose text holds ``text``, compared
    by :func:`letters`."""
    needle = letters(text.strip("…"))
    return _places(root, needle, {}) if needle else []


def _letters_of(element: _Element, cache: dict[_Element, str]) -> str:
    if element not in cache:
        cache[element] = letters(element.text_content())
    return cache[element]


def _places(root: _Element, needle: str, cache: dict[_Element, str]) -> list[_Element]:
    """The innermost elements whose text holds ``needle``."""
    places: list[_Element] = []
    stack = [root] if needle in _letters_of(root, cache) else []
    while stack:
        element = stack.pop()
        inner = [
            child
            for child in element
            if isinstance(child.tag, str) and needle in _letters_of(child, cache)
        ]
        if inner:
            stack += inner
        else:
            places.append(element)
    return places


def _ancestry(element: _Element) -> Sequence[_Element]:
    chain = []
    current: _Element | None = element
    while current is not None:
        chain.append(current)
        current = current.getparent()
    return chain
