"""Layout variants of the reference seed: what must not change, and what may.

Each variant is the seed text with one change, made here from the seed so the
change is the only thing to read; injected blocks are stored under ``data/``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Parse = Callable[..., dict[str, Any]]

DATA = Path(__file__).parent / "data"
ARTICLE_FIELDS = ("title", "series", "uploader", "published", "body", "credits")
TITLE = (
    "A modern cyber-Exodus: Why “TikTok refugees” flee to Xiaohongshu and what’s next?"
)


def data_lines(name: str) -> list[str]:
    return (DATA / name).read_text(encoding="utf-8").splitlines()


def article(record: dict[str, Any]) -> dict[str, Any]:
    """The fields a layout change around the article must leave alone."""
    return {name: record[name] for name in ARTICLE_FIELDS}


def at(lines: list[str], start: str) -> int:
    """The index of the one line that starts with ``start``."""
    found = [i for i, line in enumerate(lines) if line.startswith(start)]
    assert len(found) == 1, f"{start!r} found {len(found)} times in the seed"
    return found[0]


@pytest.fixture
def seed_lines(seed_text: str) -> list[str]:
    return seed_text.splitlines()


@pytest.fixture
def original(parse: Parse, seed_text: str) -> dict[str, Any]:
    return parse(seed_text)


# --- (a)-(e): the article must parse exactly as before -----------------------------


def test_tag_list_between_body_and_credits(
    parse: Parse, seed_lines: list[str], original: dict[str, Any]
) -> None:
    """(a) The 标签列表 widget moved above the credits: same article, same tags."""
    start = at(seed_lines, "- 标签列表")
    tags, rest = seed_lines[start:], seed_lines[:start]
    credits = at(rest, "Executive Editor:")
    variant = parse("\n".join(rest[:credits] + tags + rest[credits:]))
    assert article(variant) == article(original)
    assert variant["appended"]["tags"] == original["appended"]["tags"]
    assert variant["appended"]["sections"] == original["appended"]["sections"]


@pytest.mark.parametrize("header", [True, False], ids=["with-header", "bare"])
def test_related_block_between_two_paragraphs(
    parse: Parse, seed_lines: list[str], original: dict[str, Any], header: bool
) -> None:
    """(b) A related block inside the article: same article, its items in related."""
    paragraph = at(seed_lines, "The newcomers, who refer to the app")
    injected = data_lines("related_injected.txt")[0 if header else 1 :]
    variant = parse(
        "\n".join(seed_lines[:paragraph] + injected + seed_lines[paragraph:])
    )
    assert article(variant) == article(original)
    related = variant["appended"]["related"]
    assert [item["title"] for item in related[:2]] == [
        "小红书为何突然火了？海外用户涌入",
        "跨境社交平台的机遇与挑战",
    ]
    assert related[2:] == original["appended"]["related"]


def test_unknown_list_block_after_credits(
    parse: Parse, seed_lines: list[str], original: dict[str, Any]
) -> None:
    """(c) An unknown 热门文章 list after the credits lands in sections, in order."""
    end = at(seed_lines, "Presented by SFC") + 1
    injected = data_lines("unknown_list.txt")
    variant = parse("\n".join(seed_lines[:end] + injected + seed_lines[end:]))
    assert article(variant) == article(original)
    assert variant["appended"]["sections"] == [
        {
            "heading": "热门文章",
            "items": [
                "Linux 常用命令速查表",
                "如何在一周内学会 Python",
                "2024 年最值得读的十本书",
            ],
        },
        *original["appended"]["sections"],
    ]
    assert variant["appended"]["promo"] == original["appended"]["promo"]


def test_crlf_line_endings(
    parse: Parse, seed_text: str, original: dict[str, Any]
) -> None:
    """(d) CRLF line endings change nothing at all."""
    assert parse(seed_text.replace("\n", "\r\n")) == original


def test_volatile_parts_changed(
    parse: Parse, seed_lines: list[str], original: dict[str, Any]
) -> None:
    """(e) New view count, rotated related list, new tag counts: only those differ."""
    lines = list(seed_lines)
    lines[1] = lines[1].replace("17 浏览", "1,024 浏览")
    first, last = at(lines, "- pdf怎么在线阅读"), at(lines, "- 一周热门")
    related = lines[first:last]  # triples: "- title", "-", snippet
    lines[first:last] = related[3 * 5 :] + related[: 3 * 5]
    lines = [line.replace(" (3", " (9") for line in lines]  # "(34)" -> "(94)"
    variant = parse("\n".join(lines))

    assert article(variant) == article(original)
    assert variant["views"] == 1024
    expected_related = original["appended"]["related"]
    assert variant["appended"]["related"] == expected_related[5:] + expected_related[:5]
    assert variant["appended"]["tags"][0] == {"name": "mydisktest_v298", "count": 94}
    assert variant["appended"]["tags"][2] == {"name": "头像打包下载", "count": 61}


# --- (f), (g): the byline and title line re-worded -----------------------------------


@pytest.mark.parametrize(
    ("byline", "uploader", "published", "views"),
    [
        pytest.param(
            "作者: csdh11 | 发布时间: 2025-02-04 13:36 | 阅读 17",
            "csdh11",
            "2025-02-04T13:36:00+08:00",
            17,
            id="labelled",
        ),
        pytest.param(
            "csdh11 2025年02月04日 13:36 浏览 17",
            "csdh11",
            "2025-02-04T13:36:00+08:00",
            17,
            id="chinese-date",
        ),
        pytest.param(
            "发布时间: 2025-02-04 13:36",
            None,
            "2025-02-04T13:36:00+08:00",
            None,
            id="time-only",
        ),
        pytest.param(
            "csdh11 · 2月4日 13:36 · 17 views",
            None,
            None,
            17,
            id="no-year",
        ),
        pytest.param(
            "csdh11 2025-02-30 13:36 17 浏览",
            "csdh11",
            None,
            17,
            id="impossible-date",
        ),
        pytest.param("csdh11 三天前 十七次浏览", None, None, None, id="not-understood"),
    ],
)
def test_reworded_byline(
    parse: Parse,
    seed_lines: list[str],
    original: dict[str, Any],
    byline: str,
    uploader: str | None,
    published: str | None,
    views: int | None,
) -> None:
    """(f) A re-worded byline: what is understood is read, the rest null; same body."""
    variant = parse("\n".join([seed_lines[0], byline, *seed_lines[2:]]))
    assert (variant["uploader"], variant["published"], variant["views"]) == (
        uploader,
        published,
        views,
    )
    assert variant["body"] == original["body"]
    assert variant["title"] == original["title"]


@pytest.mark.parametrize(
    ("title_line", "title", "series"),
    [
        pytest.param(f"CBN Special | {TITLE}", TITLE, "CBN Special", id="pipe"),
        pytest.param(
            f"CBN Special｜{TITLE}", TITLE, "CBN Special", id="fullwidth-pipe"
        ),
        pytest.param(f"CBN Special — {TITLE}", TITLE, "CBN Special", id="em-dash"),
        pytest.param(f"CBN Special – {TITLE}", TITLE, "CBN Special", id="en-dash"),
        pytest.param(f"【CBN Special】{TITLE}", TITLE, "CBN Special", id="brackets"),
        pytest.param(TITLE, TITLE, None, id="no-label"),
        pytest.param(
            f"CBN Special: {TITLE}", f"CBN Special: {TITLE}", None, id="colon-unknown"
        ),
    ],
)
def test_reworded_title_separator(
    parse: Parse,
    seed_lines: list[str],
    original: dict[str, Any],
    title_line: str,
    title: str,
    series: str | None,
) -> None:
    """(g) Known separators split off the series; others leave the line as title."""
    variant = parse("\n".join([title_line, *seed_lines[1:]]))
    assert (variant["title"], variant["series"]) == (title, series)
    assert variant["body"] == original["body"]
    assert variant["uploader"] == original["uploader"]


# --- the rules behind the variants, one edge each ------------------------------------


def test_list_without_header_after_credits(
    parse: Parse, seed_lines: list[str], original: dict[str, Any]
) -> None:
    """Items right under the last credit make a section with a null heading."""
    end = at(seed_lines, "Presented by SFC") + 1
    items = ["- Linux 常用命令速查表", "- 如何在一周内学会 Python"]
    variant = parse("\n".join(seed_lines[:end] + items + seed_lines[end:]))
    assert variant["credits"] == original["credits"]
    assert variant["appended"]["sections"][0] == {
        "heading": None,
        "items": ["Linux 常用命令速查表", "如何在一周内学会 Python"],
    }


def test_bare_tag_lines_join_the_tag_list(
    parse: Parse, seed_lines: list[str], original: dict[str, Any]
) -> None:
    """Tag lines moved without their 标签列表 title are still tags."""
    start = at(seed_lines, "- mydisktest_v298")
    tags, rest = seed_lines[start:], seed_lines[:start]
    credits = at(rest, "Executive Editor:")
    variant = parse("\n".join(rest[:credits] + tags + rest[credits:]))
    assert article(variant) == article(original)
    assert variant["appended"]["tags"] == original["appended"]["tags"]
    assert variant["appended"]["sections"][-1] == {"heading": "标签列表", "items": []}


def test_credit_lines_inside_the_article_stay_body(
    parse: Parse, seed_lines: list[str], original: dict[str, Any]
) -> None:
    """Credit-shaped lines followed by more article are paragraphs, not credits."""
    start, end = at(seed_lines, "Executive Editor:"), at(seed_lines, "Presented by SFC")
    credits, rest = (
        seed_lines[start : end + 1],
        seed_lines[:start] + seed_lines[end + 1 :],
    )
    paragraph = at(rest, "The newcomers, who refer to the app")
    variant = parse("\n".join(rest[:paragraph] + credits + rest[paragraph:]))
    assert variant["credits"] == []
    assert len(variant["body"]) == len(original["body"]) + len(credits)
