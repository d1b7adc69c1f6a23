"""The title line (series label and title) and the byline under it.

What is not understood comes back as None, never as a guess: a byline in an
unknown format gives null fields, which the quality checks then report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from harness.parsers._lines import is_short, last_mark

_BRACKETED = re.compile(r"^【(?P<series>[^】]+)】\s*(?P<title>\S.*)$")
_SEPARATED = re.compile(r"^(?P<series>[^丨|｜—–]+?)\s*[丨|｜—–]\s*(?P<title>\S.*)$")
_SERIES_CHARS = 12
_SERIES_WORDS = 4

_DATE = re.compile(
    r"(?<!\d)(?P<year>\d{4})\s*[-/.年]\s*(?P<month>\d{1,2})\s*[-/.月]\s*(?P<day>\d{1,2})"
    r"(?!\d)\s*日?(?:\s*T?\s*(?P<hour>\d{1,2})\s*[:：时]\s*(?P<minute>\d{2})"
    r"(?:\s*[:：分]\s*(?P<second>\d{2}))?)?"
)
_COUNT = r"(?P<count>\d[\d,]*)"
_VIEWS_WORD = r"(?:浏览|阅读|views?|reads?)"
_VIEWS = (
    re.compile(rf"(?<![\w.:-]){_COUNT}\s*次?\s*{_VIEWS_WORD}", re.IGNORECASE),
    re.compile(
        rf"{_VIEWS_WORD}(?:量|数|次数)?\s*[:：]?\s*{_COUNT}(?!\d)", re.IGNORECASE
    ),
)
_UPLOADER = re.compile(
    r"(?<!\w)(?:作者|上传者|发布者|发布人|楼主"
    r"|posted by|uploaded by|author|uploader|by)"
    r"\s*[:：]?\s*(?P<name>[^\s|｜·•,，:：]+)",
    re.IGNORECASE,
)
_BYLINE_CHARS = 100
_FIELD_SEPARATORS = " |｜·•,，/-"


@dataclass(frozen=True)
class Byline:
    uploader: str | None = None
    published: str | None = None
    """RFC 3339, with the offset the site's time zone had on that day."""
    views: int | None = None


def split_series(line: str) -> tuple[str, str | None]:
    """``(title, series)`` from ``CBN Special丨Title`` or ``【CBN Special】Title``."""
    for pattern in (_BRACKETED, _SEPARATED):
        match = pattern.match(line)
        if match and is_short(
            match["series"].strip(), chars=_SERIES_CHARS, words=_SERIES_WORDS
        ):
            return match["title"].strip(), match["series"].strip()
    return line, None


def parse_byline(line: str, zone: ZoneInfo) -> Byline | None:
    """The byline ``line`` gives, or None when ``line`` is not a byline at all.

    A byline is a short line that is no sentence, in which a date, a view count
    or an uploader label is found, or at least a number.
    """
    if len(line) > _BYLINE_CHARS or last_mark(line) in ".!?。！？":
        return None
    date = _DATE.search(line)
    rest = f"{line[: date.start()]} {line[date.end() :]}" if date else line
    views = next(filter(None, (pattern.search(rest) for pattern in _VIEWS)), None)
    label = _UPLOADER.search(rest)
    if not (date or views or label or any(char.isdigit() for char in line)):
        return None
    if label:
        uploader = label["name"]
    elif date:
        uploader = _bare_name(line[: date.start()])
    else:
        uploader = None
    return Byline(
        uploader=uploader,
        published=_rfc3339(date, zone) if date else None,
        views=int(views["count"].replace(",", "")) if views else None,
    )


def _bare_name(text: str) -> str | None:
    """The one word before an unlabelled date: the uploader, unless it is a label."""
    words = text.strip(_FIELD_SEPARATORS).split()
    if len(words) != 1 or words[0].endswith((":", "：")) or words[0].isdigit():
        return None
    return words[0]


def _rfc3339(date: re.Match[str], zone: ZoneInfo) -> str | None:
    year, month, day, hour, minute, second = (
        int(date[name] or 0)
        for name in ("year", "month", "day", "hour", "minute", "second")
    )
    try:
        moment = datetime(year, month, day, hour, minute, second, tzinfo=zone)
        return moment.isoformat()
    except ValueError:  # 2025-02-30, 25:00: not a date, so no date
        return None
