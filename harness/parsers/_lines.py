"""The line sequence an aggregator page is reduced to, whatever its format.

A text capture already is one: ``- text`` is a list item, and a lone ``-``
separates an item from what hangs under it (a snippet, or nested items). HTML
pages are turned into the same sequence by :mod:`harness.parsers._html`, so one
layout parser reads both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

LineKind = Literal["plain", "item", "sep", "title", "heading", "header"]
"""``plain`` prose; ``item`` a list item; ``sep`` a lone ``-``; and, from HTML
markup only: ``title`` the page's h1, ``heading`` an h2-h6 inside the article,
``header`` an h2-h6 outside it, which names the list block that follows."""

_INVISIBLE = str.maketrans("", "", "\ufeff\u200b")
_CLOSERS = "\"'”’」』)）]】"
_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_HAN_CHAR = re.compile(f"[{_HAN}]")


@dataclass(frozen=True)
class Line:
    text: str
    kind: LineKind = "plain"


def text_lines(text: str) -> list[Line]:
    """The lines of a text capture, blank ones dropped, list markers read."""
    lines: list[Line] = []
    for raw in text.splitlines():
        stripped = raw.translate(_INVISIBLE).strip()
        if stripped == "-":
            lines.append(Line("", "sep"))
        elif stripped.startswith("- "):
            lines.append(Line(stripped[2:].strip(), "item"))
        elif stripped:
            lines.append(Line(stripped))
    return lines


def squash(text: str) -> str:
    """``text`` with invisible characters dropped and whitespace runs made one space."""
    return " ".join(text.translate(_INVISIBLE).split())


def is_cjk(char: str) -> bool:
    return _HAN_CHAR.fullmatch(char) is not None


def mostly_cjk(text: str) -> bool:
    return len(_HAN_CHAR.findall(text)) * 2 > len(text)


def last_mark(text: str) -> str:
    """The last character of ``text`` once closing quotes and brackets are set aside."""
    return text.rstrip(_CLOSERS)[-1:]


def is_short(text: str, *, chars: int, words: int) -> bool:
    """Whether ``text`` fits in a few words; Chinese text is measured in characters."""
    few_words = len(text.split(maxsplit=words)) <= words
    if not few_words and len(text) > chars:
        return False  # long in any script: no need to count characters
    return len(text) <= chars if mostly_cjk(text) else few_words
