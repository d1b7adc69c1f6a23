"""What an aggregator's appended block looks like, one text line at a time.

Aggregators glue a promo line, a "related" list, widget headers and a tag cloud
under the article. When a parser lets that block leak into the article fields,
its lines look like the ones below. Every test here judges one whole line, so
an article sentence that merely mentions "tags" or "(2024)" is left alone.

Extend the tuples to teach the harness a new site's furniture.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from harness.checks.promos import is_call_to_action, is_promo, word_count

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

RELATED_HEADER_PATTERNS: tuple[str, ...] = (
    # en
    r"(?:see|read) also|also (?:read|see)|read (?:more|next|this next)",
    r"what to read next|further reading|recommended(?: for you| reading)?",
    r"related(?: articles?| stories| posts?| news| content| coverage| reading)?",
    r"(?:the )?most (?:read|popular|viewed|shared|commented|emailed)(?: \w+)?",
    r"trending(?: now| today| stories| news)?|popular (?:now|today|stories)",
    r"top (?:stories|news|picks)|editor'?s picks|in case you missed it",
    r"you (?:may|might) (?:also )?(?:like|enjoy|be interested in)",
    r"don'?t miss(?: this)?|must reads?|more (?:stories|news|articles|headlines)",
    r"more from [^.!?]{1,30}|also (?:on|from|at) [^.!?]{1,30}",
    # de
    r"lesen sie (?:auch|mehr|weiter)|(?:auch|ebenfalls) interessant",
    r"(?:das )?könnte sie (?:auch )?interessieren",
    r"(?:weitere|ähnliche|verwandte|empfohlene|beliebte) "
    r"(?:artikel|beiträge|nachrichten|meldungen|themen|news)",
    r"mehr (?:zum thema|aus [^.!?]{1,30}|nachrichten|artikel)|passend zum thema",
    r"meist(?:gelesen|gelesene \w+|kommentiert|geklickt|gesehen)e?",
    # fr
    r"(?:à )?(?:lire|voir) (?:aussi|également)|sur le même (?:sujet|thème)",
    r"dans la même rubrique|(?:les )?(?:plus lus|plus populaires|plus partagés)",
    r"(?:nos|autres|derniers) articles|articles (?:similaires|liés|recommandés)",
    r"(?:vous aimerez|vous pourriez aimer|à découvrir)(?: aussi| également)?",
    # es, pt
    r"(?:también )?(?:te|le) puede(?:n)? interesar|(?:lee|lea|ver|vea) también",
    r"(?:noticias |artículos |notícias |artigos )?relacionad[oa]s",
    r"lo más (?:leído|visto|popular|compartido|comentado)|te recomendamos",
    r"más (?:noticias|leídas|leídos|vistos|vistas|populares)|otras noticias",
    r"(?:veja|leia) (?:também|mais)|(?:as |os )?mais (?:lidas|lidos|vistas|vistos)",
    r"você (?:também )?pode gostar|mais notícias",
    # it
    r"leggi (?:anche|pure)|vedi anche|(?:ti )?potrebber?o? interessarti(?: anche)?",
    r"(?:i |gli |le )?più (?:letti|lette|visti|popolari|cliccati|condivisi)",
    r"articoli (?:correlati|simili|consigliati)|correlati|da non perdere",
    r"(?:altre|ultime) notizie",
    # zh
    r"(?:相关|热门|热点|推荐|延伸|扩展|猜你|为你|今日|本周|一周|精彩|更多|最新|编辑)"
    r"(?:推荐|阅读|新闻|文章|资讯|热榜|排行|喜欢|热点|专题|内容|报道|精选){1,2}",
)
"""Headings of the widgets that list other pages: "see also", "most read",
"more from <a brand>", in English, German, French, Spanish, Portuguese, Italian
and Chinese. Written from what news and blog templates commonly print above such
lists, as patterns rather than fixed phrases; each must match the whole line
(decoration stripped, any case), so an article sentence that says "read more"
is left alone. When a parser drops the list's links, the heading is often all
that is left of it, among the article's paragraphs."""

RELATED_HEADER_MAX_WORDS = 6
"""A widget's heading is a few words; "more from" and "also on" take a short name."""

BULLETS: tuple[str, ...] = ("- ", "• ", "· ", "* ")
"""List bullets. Article blocks are headings and paragraphs, never list items."""

FOOTNOTE = "* "
"""An asterisk before a line is an article's footnote as often as a bullet
(``* Name geändert``, ``*Prices as of May``): alone it makes no marker, though a
header, promo or tag line after it still does."""

BULLET_MAX_WORDS = 8
"""A bulleted line of more words is an article's own point, not a widget's title."""

TAG_LINE_MAX_CHARS = 60
"""A tag-cloud entry is short; a longer line ending in "(34)" is prose."""

TAG_LINE_MAX_WORDS = 4
"""A tag is a term or a name of a few words ("Web scraping (7)"); more words
before the count are a sentence with a figure, like a match report's
"Ana Díaz comes on for Jo Lee (7)"."""

# A space before an ASCII bracket: ``multiplier(2)`` is code, ``Pineda(8)`` a grade.
_TAG_LINE = re.compile(r"^\S.*?(?:\s[(]|\s*（)(?P<count>\d{1,6})[)）]$")
# A ranking's entry ("1. Name (ITA) 35.58,7 (2)"), a table row, or a label and
# its value ("Referee: Henry Bejarano (7)") is not a tag.
_NOT_A_TAG = re.compile(r"^\d{1,3}\.\s| \| |: ")
# A specification's line: a label and a value with a figure ("Länge: 2,44 Meter").
_SPEC = re.compile(r"[^:：]{1,30}[:：]\s*[^\d]{0,12}\d")
# A label and its value, figure or not ("Griff: Kork", "Árbitro central: Ana
# Díaz"): a label of one to three words, its colon, then the value.
_LABELLED = re.compile(r"[^\W\d_][^\s:：.!?]*(?: [^\s:：.!?]+){0,2}[:：]\s+\S")
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


def surely_prose(text: str) -> bool:
    """True when ``text`` is one line that cannot be a marker: the common case of
    a paragraph, told by a few string operations in C instead of
    :func:`find_marker`.

    The line must be long, start and end with no space or bullet, have no colon
    near its start, match no promo pattern and read as no call to action; a text
    with any line break (``splitlines`` splits at several) goes the long way.
    """
    return (
        len(text) > _SHORT_LINE
        and not text[0].isspace()
        and not text[-1].isspace()
        and not text.startswith(_BULLET_STARTS)
        and _COLON.search(text, 0, _HEADER_MAX_CHARS + 1) is None
        and len(text.splitlines()) == 1  # no line break, as it ends in no space
        and not is_promo(text)
        and not is_call_to_action(text)
    )


def find_marker(line: str, extra: Iterable[re.Pattern[str]] = ()) -> Marker | None:
    """The appended-block marker ``line`` is, or None for ordinary text.

    A bullet is stripped before the other tests, so ``- parsevideo (33)`` is
    reported as the tag-list line it is rather than as a mere bullet.
    """
    return _find_marker(line, tuple(extra))


@lru_cache(maxsize=4096)  # records repeat short lines: block kinds, credits, labels
def _find_marker(line: str, extra: tuple[re.Pattern[str], ...]) -> Marker | None:
    line = line.strip()
    bullet, text = _unbulleted(line)
    # "* * *" is a scene break, not a list item: a bullet needs a word after it.
    if not text:
        return None
    if _is_header(text):
        return Marker("a section header", text)
    promo = is_promo(text) or any(p.search(text) for p in extra)
    if promo or is_call_to_action(text):
        return Marker("a promo line", text)
    if _is_tag_line(text):
        return Marker("a tag-list line", text)
    if (
        bullet
        and bullet != FOOTNOTE
        and re.search(r"\w", text)
        and not _is_sentence(text)
        and not _SPEC.match(text)
    ):
        return Marker("a list bullet", line)
    return None


def labelled(line: str) -> bool:
    """Whether ``line``, bullet or not, is a label and its value (``- Griff:
    Kork``): a line of a specification or a match report, not a widget's title."""
    _, text = _unbulleted(line.strip())
    return len(text) <= TAG_LINE_MAX_CHARS * 2 and _LABELLED.match(text) is not None


LEAD_IN_MIN_WORDS = 4
"""A sentence that introduces a list ("We use the following:") has this many words
at least; a widget's heading ("Read more:") is shorter or a known header."""


def lead_in(text: str) -> bool:
    """Whether ``text`` is a sentence that introduces a list: it ends in a colon,
    has LEAD_IN_MIN_WORDS words or more and is no marker itself."""
    text = text.strip()
    return (
        text.endswith((":", "："))
        and word_count(text) >= LEAD_IN_MIN_WORDS
        and find_marker(text) is None
    )


def in_article_list(lines: Sequence[str | None], index: int) -> bool:
    """Whether the bulleted line ``lines[index]`` belongs to the article's own
    writing, by the lines around it (None: a line known to be prose):

    - a definition list: it is a label and its value (``- Griff: Kork``), and so
      is a bulleted line next to it;
    - a list the article introduces: the last line before the list ends in a
      colon, has LEAD_IN_MIN_WORDS words or more and is no marker itself;
    - a dash in a sentence: a hyphen and a lowercase word (``- maybe``), with no
      bulleted line next to it. Widgets list titles, and more than one.
    """
    line = (lines[index] or "").strip()
    before = lines[index - 1] if index > 0 else None
    after = lines[index + 1] if index + 1 < len(lines) else None
    neighbours = [n.strip() for n in (before, after) if n is not None]
    bulleted = [n for n in neighbours if n.startswith(BULLETS)]
    if labelled(line) and any(labelled(n) for n in bulleted):
        return True
    lead = index - 1
    while lead >= 0 and (lines[lead] or "").strip().startswith(BULLETS):
        lead -= 1
    if lead >= 0 and (sentence := lines[lead]) is not None and lead_in(sentence):
        return True
    dash = line.startswith("- ") and line[2:].lstrip()[:1].islower()
    # The line before is the sentence's middle: its first letter is lowercase and
    # it ends without a stop (code and links split a sentence into blocks).
    broken = before is not None and _continues(before.strip())
    return dash and broken and not bulleted


def _unbulleted(line: str) -> tuple[str | None, str]:
    """The bullet a stripped line starts with, if any, and the text after it."""
    bullet = next((b for b in BULLETS if line.startswith(b)), None)
    return bullet, line[len(bullet) :].strip() if bullet else line


def _continues(text: str) -> bool:
    first = next((char for char in text if char.isalpha()), "")
    return (
        first.islower()
        and not text.startswith(BULLETS)
        and not text.endswith((".", "!", "?", ":", ";", "。", "！", "？", "："))
    )


def _is_sentence(text: str) -> bool:
    """Prose after a bullet: a footnote (``* Name changed.``) or an article's own
    list of points, which widgets' short titles never are."""
    words = len(text.split())
    return (
        text.rstrip("\"'”’“)»").endswith((".", "!", "?", ":", ";"))
        or words > BULLET_MAX_WORDS
    )


def _is_header(text: str) -> bool:
    if len(text) > _HEADER_MAX_CHARS and not _COLON.search(text, 0, _HEADER_MAX_CHARS):
        return False  # prose: too long for a header alone, no "Header:" at its start
    if _normalise_header(text) in _HEADERS or _is_related_header(text):
        return True
    head, colon, rest = text.replace("：", ":").partition(":")
    return bool(colon and rest.strip()) and _normalise_header(head) in _HEADERS


def _is_tag_line(text: str) -> bool:
    if len(text) > TAG_LINE_MAX_CHARS:
        return False
    if _NOT_A_TAG.search(text):
        return False
    match = _TAG_LINE.match(text)
    # "Annual report (2024)" is a heading with a year, not a tag used 2024 times.
    return (
        match is not None
        and not _YEAR.match(match["count"])
        and len(text[: match.start("count")].rstrip(" (（").split())
        <= TAG_LINE_MAX_WORDS
    )


_RELATED_HEADER = re.compile(
    "(?:" + "|".join(f"(?:{p})" for p in RELATED_HEADER_PATTERNS) + ")",
    re.IGNORECASE,
)


def _is_related_header(text: str) -> bool:
    """A related-list heading alone: "Leggi anche", "More from Example News"."""
    header = _normalise_header(text)
    return (
        len(header.split()) <= RELATED_HEADER_MAX_WORDS
        and _RELATED_HEADER.fullmatch(header) is not None
    )
