"""Language identification of article text, with py3langid loaded on first use.

Loading the model costs about half a second, so nothing is imported until a
record actually needs judging, and a text already judged is not judged again.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

MIN_LETTERS = 200
"""Below this many letters a verdict is a guess; the rule stays silent."""


def primary_subtag(tag: str) -> str:
    """``zh-Hans-CN`` → ``zh``, ``en_GB`` → ``en``, ``DE`` → ``de``."""
    return tag.replace("_", "-").split("-", 1)[0].strip().casefold()


SAMPLE_CHARS = 4000
"""Enough text to tell a language; judging a whole long article only costs time."""


def body_sample(texts: Iterable[str]) -> str:
    """The text a body's language is judged from: its blocks' start, joined.

    Parsers and the language rule judge the same string, so the verdict is the
    same and, within one process, computed once.
    """
    return " ".join(texts)[:SAMPLE_CHARS]


NOT_LETTERS = re.compile(r"[\W\d_]+")
_NOT_ASCII_LETTERS = bytes(code for code in range(128) if not chr(code).isalpha())


def letter_count(text: str) -> int:
    """The letters in ``text``: word characters that are not digits or "_"."""
    if text.isascii():  # most text: deleted in C, where the regex costs µs a line
        return len(text.encode("ascii").translate(None, _NOT_ASCII_LETTERS))
    return len(NOT_LETTERS.sub("", text))


def has_letters(text: str, count: int) -> bool:
    """Whether ``text`` has at least ``count`` letters, counted only as far as needed."""
    start, found = 0, 0
    while found < count and start < len(text):
        end = start + 2 * (count - found)  # room for as many non-letters
        found += letter_count(text[start:end])
        start = end
    return found >= count


@functools.lru_cache(maxsize=64)
def detect_language(text: str) -> str:
    """The primary subtag of the language ``text`` is written in."""
    # Imported here: it is slow. Untyped, unless pyproject tells mypy to look away.
    import py3langid  # type: ignore[import-untyped, unused-ignore]

    code: str = py3langid.classify(text)[0]
    return primary_subtag(code)
