"""Leftover HTML in text: tags and character entities a parser forgot to resolve.

Only real markup counts: "a < b", "x<3" and "x<y and y>z" are prose.
"""

from __future__ import annotations

import html.entities
import re

HTML_ELEMENTS: frozenset[str] = frozenset(
    """a abbr address area article aside audio b base bdi bdo big blockquote body br
    button canvas caption center cite code col colgroup data datalist dd del details
    dfn dialog div dl dt em embed fieldset figcaption figure font footer form h1 h2 h3
    h4 h5 h6 head header hr html i iframe img input ins kbd label legend li link main
    map mark meta meter nav noscript object ol optgroup option output p param picture
    pre progress q s samp script section select small source span strike strong style
    sub summary sup svg table tbody td template textarea tfoot th thead time title tr
    track tt u ul var video wbr""".split()  # noqa: SIM905  # a word list reads better
)
"""Tag names that count as leftover markup. A known name, rather than any word
after "<", keeps "x<y and y>z" from reading as a tag."""

_ATTRIBUTES = r"""(?:\s+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*"""
_TAG = re.compile(
    rf"<(?P<name>[A-Za-z][A-Za-z0-9]*)(?![\w-]){_ATTRIBUTES}\s*/?>"
    r"|</(?P<closing>[A-Za-z][A-Za-z0-9]*)\s*>"
    r"|<!--.*?-->|<!\[CDATA\[",
    re.DOTALL,
)
_ENTITY = re.compile(
    r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|(?P<name>[A-Za-z][A-Za-z0-9]{1,31}));"
)


def find_markup(text: str) -> list[re.Match[str]]:
    """Leftover tags and entities in ``text``, in order of appearance."""
    if "<" not in text and "&" not in text:
        return []  # most text: no regex needed
    tags = [m for m in _TAG.finditer(text) if _is_element(m["name"] or m["closing"])]
    entities = [
        m
        for m in _ENTITY.finditer(text)
        if not m["name"] or f"{m['name']};" in html.entities.html5
    ]
    return sorted(tags + entities, key=lambda m: m.start())


def _is_element(name: str | None) -> bool:
    return name is None or name.lower() in HTML_ELEMENTS  # None: a comment or CDATA
