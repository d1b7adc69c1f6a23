"""The aggregator parser on HTML pages of the same layout."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from harness.parsers._html import html_lines
from harness.parsers._lines import Line

Parse = Callable[..., dict[str, Any]]


@pytest.fixture
def record(parse: Parse, html_seed_text: str) -> dict[str, Any]:
    """The record of the HTML seed."""
    return parse(html_seed_text, kind="html")


def test_title_and_byline(record: dict[str, Any]) -> None:
    """h1 gives title and series; the meta div gives uploader, time and views."""
    assert record["title"] == (
        "Night markets go live: How street vendors learned to sell on camera"
    )
    assert record["series"] == "CBN Special"
    assert record["uploader"] == "csdh11"
    assert record["published"] == "2025-03-12T09:05:00+08:00"
    assert record["views"] == 17
    assert record["language"] == "en"


def test_body_from_paragraphs_and_subheadings(record: dict[str, Any]) -> None:
    """<h2> in the article are headings, <p> paragraphs; credits are not in the body."""
    assert [(b["kind"], b["text"][:24]) for b in record["body"]] == [
        ("paragraph", "On a warm evening in Che"),
        ("paragraph", "Livestreaming used to be"),
        ("heading", "From the stall to the sc"),
        ("paragraph", "Vendors say the camera c"),
        ("paragraph", "Local governments have j"),
        ("heading", "Will the crowds keep wat"),
        ("paragraph", "Not every stream finds a"),
    ]


def test_credits(record: dict[str, Any]) -> None:
    """The credit paragraphs, production lines included."""
    assert record["credits"] == [
        {"role": "Editor", "names": ["LI Yanxia"]},
        {"role": "Writer", "names": ["Stephanie LI"]},
        {"role": "Graphic Designer", "names": ["ZHENG Wenjing", "LIAO Yuanni"]},
        {
            "role": "Produced by",
            "names": ["21st Century Business Herald Dept. of Overseas News"],
        },
        {"role": "Presented by", "names": ["SFC"]},
    ]


def test_appended(record: dict[str, Any]) -> None:
    """Promo, five related articles, two empty sidebar sections and eight tags."""
    appended = record["appended"]
    assert appended["promo"] == ["更多内容请下载21财经APP"]
    assert len(appended["related"]) == 5
    assert appended["related"][0] == {
        "title": "夜市摊主学直播：一部手机卖遍全国",
        "snippet": (
            "傍晚六点，摊主架好手机和补光灯，一边炒粉一边回答弹幕里的问题。"
            "这样的场景在不少城市的夜市里已经很常见..."
        ),
    }
    assert appended["related"][-1]["title"] == "县城夜经济观察：烟火气里的新生意"
    assert appended["sections"] == [
        {"heading": "一周热门", "items": []},
        {"heading": "最近发表", "items": []},
    ]
    assert len(appended["tags"]) == 8
    assert appended["tags"][0] == {"name": "直播带货", "count": 41}
    assert appended["tags"][-1] == {"name": "县城经济", "count": 17}


def test_site_chrome_dropped(record: dict[str, Any]) -> None:
    """Navigation, page header and footer text appear nowhere in the record."""
    everything = repr(record)
    for chrome in ("首页", "聚合阅读", "关于我们", "© 2025"):
        assert chrome not in everything


def test_sidebar_before_the_article(
    parse: Parse, html_seed_text: str, record: dict[str, Any]
) -> None:
    """The sidebar moved above the post changes neither article nor appended."""
    start = html_seed_text.index('  <aside class="sidebar">')
    end = html_seed_text.index("</aside>") + len("</aside>\n")
    sidebar = html_seed_text[start:end]
    moved = html_seed_text[:start] + html_seed_text[end:]
    post = moved.index('  <div class="post">')
    variant = parse(moved[:post] + sidebar + moved[post:], kind="html")
    assert variant == record


def test_list_item_with_block_title() -> None:
    """An <li> whose title is a block reads as in a capture: item, -, snippet."""
    lines = html_lines(
        "<ul><li><div class='t'><a href='/1'>Title one</a></div>"
        "<p>Snippet one...</p></li></ul>"
    )
    assert lines == [
        Line("Title one", "item"),
        Line("", "sep"),
        Line("Snippet one...", "plain"),
    ]


def test_xml_declaration_is_tolerated(parse: Parse) -> None:
    """An XHTML page with an encoding declaration parses from its decoded text."""
    page = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        "<html><body><h1>A title</h1><p>One paragraph of text.</p></body></html>"
    )
    record = parse(page, kind="html")
    assert record["title"] == "A title"
    assert record["body"] == [{"kind": "paragraph", "text": "One paragraph of text."}]


def test_entities_are_not_resolved_from_a_dtd(parse: Parse) -> None:
    """A DOCTYPE declaring entities is not loaded: its entities do not expand."""
    page = (
        '<!DOCTYPE html [<!ENTITY leak SYSTEM "file:///etc/hostname">]>'
        "<html><body><h1>Title</h1><p>Before &leak; after.</p></body></html>"
    )
    body = parse(page, kind="html")["body"]
    assert body == [{"kind": "paragraph", "text": "Before &leak; after."}]
