"""The prose after the byline: article body, credits, and promo lines.

The credits close the article: the last run of credit lines, when only short
lines follow it, ends the body, and what follows it is the aggregator's promo.
A promo call to action ("download our app") is promo wherever it stands.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, TypedDict

from harness.parsers._credits import Credit, parse_credit
from harness.parsers._lines import Line, is_short, last_mark

_PROMO = re.compile(
    r"(?:下载|关注|扫码|订阅|打开).{0,12}(?:APP|客户端|公众号|微信|微博)|更多(?:内容|资讯|精彩)",
    re.IGNORECASE,
)
_PROMO_CHARS = 40
_TRAILER_CHARS = 60
_HEADING_CHARS = 30
_HEADING_WORDS = 14
_OPENING_QUOTES = "\"'“‘「『"
# A stop followed by more text: the line holds more than one sentence.
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)]*\s+\S|[。！？][”’」』）]*\S")


class Block(TypedDict):
    kind: Literal["heading", "paragraph"]
    text: str


@dataclass(frozen=True)
class Article:
    body: list[Block]
    credits: list[Credit]
    promo: list[str]


def read_prose(lines: Sequence[Line]) -> Article:
    """Body blocks, credits and promo lines from the prose that follows the byline."""
    promo = {at for at, line in enumerate(lines) if _is_promo(line.text)}
    kept = [at for at in range(len(lines)) if at not in promo]
    credits = [parse_credit(lines[at].text) for at in kept]
    closing = _closing_run(credits, [lines[at].text for at in kept])
    promo.update(kept[closing.stop :])
    credited = set(kept[closing])
    return Article(
        body=[
            _block(line)
            for at, line in enumerate(lines)
            if at not in promo and at not in credited
        ],
        credits=[credit for credit in credits[closing] if credit],
        promo=[lines[at].text for at in sorted(promo)],
    )


def looks_like_heading(text: str) -> bool:
    """A short single sentence with no closing stop (a question mark is fine)."""
    return (
        bool(text)
        and text[0] not in _OPENING_QUOTES
        and is_short(text, chars=_HEADING_CHARS, words=_HEADING_WORDS)
        and last_mark(text) not in ".!。！;；:：,，…"
        and not _SENTENCE_BREAK.search(text)
    )


def _closing_run(credits: Sequence[Credit | None], texts: Sequence[str]) -> slice:
    """Where the last run of credits is, if only short lines come after it.

    With no such run, an empty one at the very end: nothing is credits or trailer.
    """
    none = slice(len(credits), len(credits))
    found = [at for at, credit in enumerate(credits) if credit]
    if not found:
        return none
    stop = found[-1] + 1
    if any(len(text) > _TRAILER_CHARS for text in texts[stop:]):
        return none  # an article goes on after these: they are not its credits
    start = stop - 1
    while start > 0 and credits[start - 1]:
        start -= 1
    return slice(start, stop)


def _is_promo(text: str) -> bool:
    return len(text) <= _PROMO_CHARS and _PROMO.search(text) is not None


def _block(line: Line) -> Block:
    if line.kind in ("title", "heading") or looks_like_heading(line.text):
        return {"kind": "heading", "text": line.text}
    return {"kind": "paragraph", "text": line.text}
