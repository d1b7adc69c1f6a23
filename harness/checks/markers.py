"""What an aggregator's appended block looks like, one text line at a time.

Aggregators glue a promo line, a "related" list, widget headers and a tag cloud
under the article. When a parser lets that block leak into the article fields,
its lines look like the ones below. Every test here judges one whole line, so
an article sentence that merely mentions "tags" or "(2024)" is left alone.

Extend the tuples to teach the harness a new site's furniture.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

SECTION_HEADERS: tuple[str, ...] = (
    "相关推荐",
    "标签列表",
    "一周热门",
    "最近发表",
    "热门文章",
    "猜你喜欢",
    "热门推荐",
    "推荐阅读",
    "相关阅读",
    "相关文章",
    "热门标签",
    "精彩推荐",
    "Related articles",
    "Related stories",
    "Related posts",
    "Recommended for you",
    "Read more",
    "Tags",
    "Most popular",
    "Popular posts",
    "Recent posts",
    "You may also like",
)
"""Widget headers; a line is one when it is the header alone (give or take
brackets and punctuation) or the header followed by a colon: ``Tags: a, b``."""

PROMO_PATTERNS: tuple[str, ...] = (
    r"更多(?:内容|精彩|资讯).{0,6}请?下载",
    r"^(?:请|欢迎)?下载.{0,20}(?:APP|客户端)[。！!]?$",
    r"^download (?:our|the \w+) (?:free )?app\b",
    r"^subscribe to (?:our|the) newsletter\b",
)
"""Regular expressions searched in each line, case-insensitively. The Chinese
"download the app" pattern must be the whole line: articles about apps say
"用户纷纷下载小红书APP" in the middle of a sentence."""

BULLETS: tuple[str, ...] = ("- ", "• ", "· ", "* ")
"""List bullets. Article blocks are headings and paragraphs, never list items."""

TAG_LINE_MAX_CHARS = 60
"""A tag-cloud entry is short; a longer line ending in "(34)" is prose."""

_TAG_LINE = re.compile(r"^\S.*?\s*[(（](?P<count>\d{1,6})[)）]$")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
# Brackets and punctuation that decorate a header: 【相关推荐】, Read more », Tags:
_HEADER_DECORATION = "\"'#*:：|｜>»›<«‹.…·•-–—_=~【】[]「」『』()（）《》 \t"


@dataclass(frozen=True)
class Marker:
    """One appended-block line found where article text should be."""

    kind: str
    """What it looks like: ``a section header``, ``a tag-list line``..."""
    text: str
    """The line, stripped of whitespace and any leading bullet."""

    def __str__(self) -> str:
        return f'{self.kind} "{self.text}"'


def _normalise_header(text: str) -> str:
    return text.strip(_HEADER_DECORATION).casefold()


_HEADERS = frozenset(_normalise_header(h) for h in SECTION_HEADERS)
_HEADER_MAX_CHARS = max(map(len, _HEADERS)) + 12  # room for 【】, "Read more »"
_COLON = re.compile("[:：]")
_SHORT_LINE = max(TAG_LINE_MAX_CHARS, _HEADER_MAX_CHARS)
_BULLET_STARTS = tuple(bullet.strip() for bullet in BULLETS)
_LINE_BREAK = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def compile_patterns(
    patterns: Iterable[str | re.Pattern[str]],
) -> tuple[re.Pattern[str], ...]:
    """Compile promo-like patterns the way :func:`find_marker` searches them."""
    return tuple(
        p if isinstance(p, re.Pattern) else re.compile(p, re.IGNORECASE)
        for p in patterns
    )


_PROMO = re.compile("|".join(f"(?:{p})" for p in PROMO_PATTERNS), re.IGNORECASE)


def surely_prose(text: str) -> bool:
    """True when ``text`` is one line that cannot be a marker: the common case of
    a paragraph, told by a few string operations in C instead of
    :func:`find_marker`.

    The line must be long, start and end with no space or bullet, have no colon
    near its start, and match no promo pattern; a text with any line break
    (``splitlines`` splits at several) goes the long way.
    """
    return (
        len(text) > _SHORT_LINE
        and not text[0].isspace()
        and not text[-1].isspace()
        and not text.startswith(_BULLET_STARTS)
        and _COLON.search(text, 0, _HEADER_MAX_CHARS + 1) is None
        and _LINE_BREAK.search(text) is None
        and _PROMO.search(text) is None
    )


def find_marker(line: str, extra: Iterable[re.Pattern[str]] = ()) -> Marker | None:
    """The appended-block marker ``line`` is, or None for ordinary text.

    A bullet is stripped before the other tests, so ``- parsevideo (33)`` is
    reported as the tag-list line it is rather than as a mere bullet.
    """
    line = line.strip()
    bullet = next((b for b in BULLETS if line.startswith(b)), None)
    # "* * *" is a scene break, not a list item: a bullet needs a word after it.
    text = line[len(bullet) :].strip() if bullet else line
    if not text:
        return None
    if _is_header(text):
        return Marker("a section header", text)
    if _PROMO.search(text) or any(p.search(text) for p in extra):
        return Marker("a promo line", text)
    if _is_tag_line(text):
        return Marker("a tag-list line", text)
    if bullet and re.search(r"\w", text):
        return Marker("a list bullet", line)
    return None


def _is_header(text: str) -> bool:
    if len(text) > _HEADER_MAX_CHARS and not _COLON.search(text, 0, _HEADER_MAX_CHARS):
        return False  # prose: too long for a header alone, no "Header:" at its start
    if _normalise_header(text) in _HEADERS:
        return True
    head, colon, rest = text.replace("：", ":").partition(":")
    return bool(colon and rest.strip()) and _normalise_header(head) in _HEADERS


def _is_tag_line(text: str) -> bool:
    if len(text) > TAG_LINE_MAX_CHARS:
        return False
    match = _TAG_LINE.match(text)
    # "Annual report (2024)" is a heading with a year, not a tag used 2024 times.
    return match is not None and not _YEAR.match(match["count"])
