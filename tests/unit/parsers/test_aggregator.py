"""The aggregator parser on the reference seed, and on pages not of its layout."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from harness.errors import ConfigError, PageError
from harness.model import Site
from harness.parsers import get_parser
from harness.parsers.aggregator import parse_aggregator

Parse = Callable[..., dict[str, Any]]

DATA = Path(__file__).parent / "data"

KEYS = {
    "title",
    "series",
    "uploader",
    "published",
    "views",
    "language",
    "body",
    "credits",
    "appended",
}
APPENDED_KEYS = {"promo", "related", "sections", "tags"}
HEADINGS = [
    "Why Xiaohongshu?",
    "The great cross-pacific chatfest: Cat tax, English corner and more",
    "Can Xiaohongshu handle this tsunami of traffic?",
]
CREDITS = [
    {"role": "Executive Editor", "names": ["Sonia YU"]},
    {"role": "Editor", "names": ["LI Yanxia"]},
    {"role": "Host", "names": ["Stephanie LI"]},
    {"role": "Writer", "names": ["Stephanie LI"]},
    {"role": "Sound Editor", "names": ["Stephanie LI"]},
    {"role": "Graphic Designer", "names": ["ZHENG Wenjing", "LIAO Yuanni"]},
    {
        "role": "Produced by",
        "names": ["21st Century Business Herald Dept. of Overseas News"],
    },
    {"role": "Presented by", "names": ["SFC"]},
]


@pytest.fixture
def record(parse: Parse, seed_text: str) -> dict[str, Any]:
    """The record of the reference seed."""
    return parse(seed_text)


def article_text(record: dict[str, Any]) -> str:
    """Everything the record says belongs to the article, as one string."""
    parts = [record["title"] or "", record["series"] or ""]
    parts += [block["text"] for block in record["body"]]
    for credit in record["credits"]:
        parts += [credit["role"], *credit["names"]]
    return "\n".join(parts)


def appended_texts(appended: dict[str, Any]) -> list[str]:
    """Every string the record files under ``appended``."""
    texts = list(appended["promo"])
    for related in appended["related"]:
        texts += [related["title"], related["snippet"]]
    for section in appended["sections"]:
        texts += [section["heading"], *section["items"]]
    texts += [tag["name"] for tag in appended["tags"]]
    return texts


def test_registered_under_its_layout_name() -> None:
    """get_parser("aggregator") finds this parser."""
    assert get_parser("aggregator") is parse_aggregator


def test_record_has_exactly_the_documented_keys(record: dict[str, Any]) -> None:
    """The record and its appended part have exactly the documented keys."""
    assert set(record) == KEYS
    assert set(record["appended"]) == APPENDED_KEYS


def test_record_is_plain_json(record: dict[str, Any]) -> None:
    """The record survives a JSON round trip unchanged: only JSON types in it."""
    assert json.loads(json.dumps(record)) == record


def test_title_without_series_label(record: dict[str, Any]) -> None:
    """The title is the text after 丨, the series the label before it."""
    assert record["title"] == (
        "A modern cyber-Exodus: Why “TikTok refugees” flee to Xiaohongshu"
        " and what’s next?"
    )
    assert record["series"] == "CBN Special"


def test_byline_fields(record: dict[str, Any]) -> None:
    """Uploader, publication time with the site's UTC offset, and the view count."""
    assert record["uploader"] == "csdh11"
    assert record["published"] == "2025-02-04T13:36:00+08:00"
    assert record["views"] == 17


def test_language_detected_from_body(record: dict[str, Any]) -> None:
    """An English article on a Chinese page is English."""
    assert record["language"] == "en"


def test_body_headings_in_order(record: dict[str, Any]) -> None:
    """The three sub-headings, and only they, are headings."""
    headings = [b["text"] for b in record["body"] if b["kind"] == "heading"]
    assert headings == HEADINGS


def test_body_spans_first_paragraph_to_last(record: dict[str, Any]) -> None:
    """37 blocks: from the first article paragraph to the last before the credits."""
    body = record["body"]
    assert len(body) == 37
    assert {block["kind"] for block in body} == {"heading", "paragraph"}
    assert body[0]["text"].startswith("If you’re a regular user")
    assert body[-1]["text"].startswith("The TikTok refugees' journey")
    assert body[-1]["text"].endswith("remains to be seen.")


def test_credits(record: dict[str, Any]) -> None:
    """Every credit line, production lines included, with names split."""
    assert record["credits"] == CREDITS


def test_production_lines_not_in_body(record: dict[str, Any]) -> None:
    """Produced by / Presented by are credits, never body paragraphs."""
    body = " ".join(block["text"] for block in record["body"])
    assert "Produced by" not in body
    assert "Presented by" not in body


def test_promo(record: dict[str, Any]) -> None:
    """The app promo line is filed as promo."""
    assert record["appended"]["promo"] == ["更多内容请下载21财经APP"]


def test_related(record: dict[str, Any]) -> None:
    """14 related articles in page order, each with title and snippet."""
    related = record["appended"]["related"]
    assert len(related) == 14
    assert related[0] == {
        "title": "pdf怎么在线阅读?这几种在线阅读方法看看",
        "snippet": (
            "pdf怎么在线阅读?我们日常生活中经常使用到pdf文档。这种格式的文档在不同"
            "平台和设备上的可移植性,以及保留文档格式和布局的能力都很强。在阅读这种"
            "文档的时候,很多人会选择使用在线阅读的方法。在线阅读P..."
        ),
    }
    assert related[-1] == {
        "title": "黑道圣徒杀出地狱破解版下载 免安装硬盘版",
        "snippet": (
            "游戏名称:黑道圣徒杀出地狱英文名称:SaintsRow:GatOutofHell游戏类型:"
            "动作冒险类(ACT)游戏游戏制作:DeepSilverVolition/HighVoltage..."
        ),
    }
    assert all(item["title"] and item["snippet"] for item in related)


def test_empty_sidebar_sections(record: dict[str, Any]) -> None:
    """一周热门 and 最近发表 are sections with no items."""
    assert record["appended"]["sections"] == [
        {"heading": "一周热门", "items": []},
        {"heading": "最近发表", "items": []},
    ]


def test_tags_with_counts(record: dict[str, Any]) -> None:
    """25 tags in page order, counts as integers."""
    tags = record["appended"]["tags"]
    assert len(tags) == 25
    assert tags[0] == {"name": "mydisktest_v298", "count": 34}
    assert tags[2] == {"name": "头像打包下载", "count": 61}
    assert tags[6] == {"name": "mysql 昨天的日期", "count": 37}
    assert tags[-1] == {"name": "dos 删除目录下所有子目录及文件", "count": 36}
    assert all(isinstance(tag["count"], int) for tag in tags)


def test_nothing_appended_leaks_into_the_article(record: dict[str, Any]) -> None:
    """No promo, related, section or tag text occurs in title, body or credits."""
    article = article_text(record)
    leaked = [
        text
        for text in [*appended_texts(record["appended"]), "相关推荐", "标签列表"]
        if text in article
    ]
    assert leaked == []


def test_chinese_article(parse: Parse) -> None:
    """A Chinese article of the same layout: zh, Chinese credits, headings by shape."""
    record = parse((DATA / "chinese_article.txt").read_text(encoding="utf-8"))
    assert (record["title"], record["series"]) == ("夜市经济的新变化", "财经观察")
    assert (record["uploader"], record["views"]) == ("newsbot", 230)
    assert record["language"] == "zh"
    assert [b["kind"] for b in record["body"]] == [
        "paragraph",
        "heading",
        "paragraph",
        "paragraph",
        "heading",
        "paragraph",
    ]
    assert record["credits"] == [
        {"role": "责任编辑", "names": ["王明"]},
        {"role": "校对", "names": ["赵丽", "陈刚"]},
    ]
    assert record["appended"]["promo"] == ["更多内容请关注财经公众号"]
    assert len(record["appended"]["related"]) == 1
    assert record["appended"]["tags"] == [
        {"name": "夜市", "count": 28},
        {"name": "直播带货", "count": 41},
    ]


def test_unknown_time_zone_is_a_config_error(parse: Parse, seed_text: str) -> None:
    """A site with a time zone zoneinfo does not know fails with ConfigError."""
    site = Site(name="aggregator", parser="aggregator", timezone="Asia/Atlantis")
    with pytest.raises(ConfigError, match="Asia/Atlantis"):
        parse(seed_text, site=site)


def test_offset_follows_the_site_time_zone(parse: Parse, seed_text: str) -> None:
    """The same wall time on a New York site gets New York's winter offset."""
    site = Site(name="aggregator", parser="aggregator", timezone="America/New_York")
    assert parse(seed_text, site=site)["published"] == "2025-02-04T13:36:00-05:00"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param(" \n\n\t\n", id="blank"),
        pytest.param("-\n-\n-\n", id="only-separators"),
        pytest.param("- a\n-\n- b (3)\n- c\n-\n", id="only-lists"),
        pytest.param("Executive Editor: Sonia YU\n", id="only-a-credit"),
    ],
)
def test_pages_without_an_article_give_an_empty_record(parse: Parse, text: str) -> None:
    """A page with no article parses to null fields and an empty body, no crash."""
    record = parse(text)
    assert set(record) == KEYS
    assert record["body"] == []
    assert record["uploader"] is record["published"] is record["views"] is None
    assert record["language"] is None


def test_title_only_page(parse: Parse) -> None:
    """A page with just a title line keeps the title and nothing else."""
    record = parse("CBN Special丨A modern cyber-Exodus\n")
    assert (record["title"], record["series"]) == (
        "A modern cyber-Exodus",
        "CBN Special",
    )
    assert record["body"] == record["credits"] == []
    assert record["published"] is None


def test_title_and_byline_only(parse: Parse, seed_text: str) -> None:
    """The seed cut after its byline: byline fields kept, body empty, language null."""
    record = parse("\n".join(seed_text.splitlines()[:2]))
    assert record["uploader"] == "csdh11"
    assert record["body"] == []
    assert record["language"] is None


def test_every_truncation_of_the_seed_parses(parse: Parse, seed_text: str) -> None:
    """The seed cut after any line parses to a well-formed record."""
    lines = seed_text.splitlines()
    for end in range(len(lines) + 1):
        record = parse("\n".join(lines[:end]))
        assert set(record) == KEYS, end
        assert set(record["appended"]) == APPENDED_KEYS, end


def test_html_page_with_only_a_comment_is_a_page_error(parse: Parse) -> None:
    """An HTML page lxml finds no document in fails with a PageError that says so."""
    with pytest.raises(PageError, match="no HTML content"):
        parse("<!-- nothing here -->", kind="html")
