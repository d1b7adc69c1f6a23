"""Article text cut into blocks, and the keys blocks are compared by.

The corpus rules compare blocks across pages: a promo line appended to every
page, a body paragraph that is another page's title. Blocks are the lines of
the strings in a record's article fields (parsers join lines with "\\n"), and
two blocks are the same when their keys are: Unicode-normalised (NFKC),
whitespace collapsed, case folded.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from harness.jsonpath import Strings
from harness.language import has_letters, letter_count

CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
"""Kana, CJK ideographs and Hangul: one such character carries about a word."""

CJK_WEIGHT = 3
"""A CJK character counts as this many letters: "关注公众号" (5 characters) is
as much of a phrase as "Follow us" (8 letters); counted as 1 each, no Chinese
line would ever reach a bound tuned on English."""


def weighted_letters(text: str) -> int:
    """Letters in ``text``, each CJK character counted :data:`CJK_WEIGHT` times."""
    letters = letter_count(text)
    if text.isascii():
        return letters
    return letters + (CJK_WEIGHT - 1) * len(CJK.findall(text))


def has_weighted_letters(text: str, count: int) -> bool:
    """``weighted_letters(text) >= count``, mostly without counting them all."""
    return has_letters(text, count) or weighted_letters(text) >= count


def block_key(text: str) -> str:
    """What two blocks are compared by: NFKC, one space between words, case folded."""
    text = unicodedata.normalize("NFKC", text)
    if not _single_spaced(text):
        # split() and join() in C, where re.sub costs tens of microseconds a block.
        text = " ".join(text.split())
    # casefold() looks up every character; lower() is the same on ASCII, and fast.
    return text.lower() if text.isascii() else text.casefold()


def _single_spaced(text: str) -> bool:
    """Whether ``text`` has no whitespace but single spaces between words, as most
    blocks: then splitting it at whitespace and joining the words with spaces,
    which costs several times more, gives it back. isprintable() refuses every
    whitespace character but the space (the others are control characters or
    Unicode separators)."""
    return (
        text.isprintable()
        and "  " not in text
        and not text.startswith(" ")
        and not text.endswith(" ")
    )


OWN_TEXT_FIELDS = ("title", "body")
"""The article fields whose text is each page's own. A series label ("CBN
Special") and the credits (the same editor on every page) rightly recur across
a site's pages, so recurrence there says nothing; they are still searched for
learned templates (``ARTICLE_FIELDS``)."""


def article_blocks(strings: Strings) -> Iterator[tuple[int, str]]:
    """(index, line) for each non-blank line of a record's strings in its article
    fields (``strings_of(record, fields)``); ``strings.path(index)`` names the
    line's string in a finding, and only then, as formatting every path costs
    more than the rules.

    A body block's ``kind`` is a label, not article text, and is left out.
    """
    for at, (text, key) in enumerate(zip(strings.texts, strings.keys, strict=True)):
        if key == "kind":
            continue
        for line in text.splitlines():
            if line.strip():
                yield at, line


def body_texts(record: Any) -> list[str]:
    """The text of each body block (a string body counts as one block)."""
    body = record.get("body") if isinstance(record, dict) else None
    if isinstance(body, str):
        return [body] if body.strip() else []
    texts = []
    for block in body if isinstance(body, list) else ():
        text = block.get("text") if isinstance(block, dict) else block
        if isinstance(text, str) and text.strip():
            texts.append(text)
    return texts
