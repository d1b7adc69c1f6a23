"""Language identification of article text, with py3langid loaded on first use.

Loading the model costs about half a second, so nothing is imported until a
record actually needs judging, and a text already judged is not judged again.
"""

from __future__ import annotations

import functools
import re

MIN_LETTERS = 200
"""Below this many letters a verdict is a guess; the rule stays silent."""


def primary_subtag(tag: str) -> str:
    """``zh-Hans-CN`` → ``zh``, ``en_GB`` → ``en``, ``DE`` → ``de``."""
    return tag.replace("_", "-").split("-", 1)[0].strip().casefold()


NOT_LETTERS = re.compile(r"[\W\d_]+")


def letter_count(text: str) -> int:
    return len(NOT_LETTERS.sub("", text))


@functools.lru_cache(maxsize=64)
def detect_language(text: str) -> str:
    """The primary subtag of the language ``text`` is written in."""
    # Imported here: it is slow. Untyped, unless pyproject tells mypy to look away.
    import py3langid  # type: ignore[import-untyped, unused-ignore]

    code: str = py3langid.classify(text)[0]
    return primary_subtag(code)
