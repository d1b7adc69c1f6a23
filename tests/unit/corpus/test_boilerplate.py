"""Learned boilerplate: what `learn` keeps and leaves out, and the quality rule."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from harness.corpus import CorpusRecord
from harness.corpus.boilerplate import (
    learn,
    learned_findings,
    no_learned_boilerplate,
    read_templates,
    write_templates,
)
from harness.corpus.settings import LearnBounds
from harness.model import Site

PROMO = "Get the app: breaking news alerts straight to your phone"
FOOTER = "© 2025 Example Media Group. All rights reserved. Contact the newsroom"
SITE = Site(name="news", parser="tiny")


def record(i: int, *extra: str) -> dict[str, Any]:
    return {
        "title": f"Headline {i}",
        "body": [f"Sentence {i} that only page {i} holds, as articles do.", *extra],
    }


def corpus(count: int, site: str = "news", **extra: list[str]) -> list[CorpusRecord]:
    return [
        CorpusRecord(f"seeds/{site}/{i}.txt", site,
                     record(i, *extra.get(str(i), [PROMO, FOOTER, "Share this article"])))
        for i in range(count)
    ]  # fmt: skip


def test_learn_keeps_the_shared_blocks_and_not_the_articles_own() -> None:
    """Footer and promo on every page are learned; own sentences and short
    "Share this article" are not."""
    templates = learn(corpus(6), LearnBounds())
    assert [t.text for t in templates] == [PROMO, FOOTER]  # sorted, case folded
    assert templates[1].pages == 6
    assert dict(templates[1].sites) == {"news": 6}


def test_learn_bounds_page_count_share_and_entries_per_site() -> None:
    """Two pages are too few; a block on 1 of 10 pages is under the share;
    max_per_site keeps the most widespread."""
    assert learn(corpus(2), LearnBounds()) == []
    rare = corpus(10, **{str(i): [] for i in range(1, 10)})
    assert learn(rare, LearnBounds(min_pages=1)) == []
    one = learn(corpus(6), LearnBounds(max_per_site=1))
    assert len(one) == 1


def test_a_block_across_sites_is_learned_whatever_its_share() -> None:
    """The promo on 2 of 20 pages of each of two sites is kept by min_sites."""
    pages = []
    for site in ("one", "two"):
        rare = {str(i): [] for i in range(2, 20)} | {"0": [PROMO], "1": [PROMO]}
        pages += corpus(20, site, **rare)
    assert [t.text for t in learn(pages, LearnBounds())] == [PROMO]
    assert [t.text for t in learn(pages, LearnBounds(min_sites=3))] == []


def test_the_rule_flags_a_template_inside_a_field_and_passes_a_clean_record() -> None:
    """The promo inside a paragraph is flagged at its path; a clean page is not."""
    rule = no_learned_boilerplate(learn(corpus(6), LearnBounds()))
    leaked = {"title": "New", "body": [f"Real news here. {PROMO.upper()} More text."]}
    findings = list(rule(leaked, page="seeds/news/new.txt", site=SITE))
    assert [(f.check, f.rule, f.path) for f in findings] == [
        ("quality", "no_learned_boilerplate", "body[0]")
    ]
    assert "on 6 pages of news" in findings[0].message
    assert list(rule(record(99), page="seeds/news/clean.txt", site=SITE)) == []


def test_the_file_round_trips_and_a_bad_one_fails_the_quality_check(
    tmp_path: Path,
) -> None:
    """Templates read back as written, sorted; an unreadable file is one finding naming it."""
    file = tmp_path / "boilerplate.json"
    templates = learn(corpus(6), LearnBounds())
    write_templates(file, templates, LearnBounds())
    assert read_templates(file, shown="boilerplate.json") == templates
    text = file.read_text(encoding="utf-8")
    assert text.index(PROMO) < text.index(FOOTER)
    file.write_text("{not json", encoding="utf-8")
    findings = learned_findings(
        file, record(1), page="p", site=SITE, shown="boilerplate.json"
    )
    assert len(findings) == 1
    assert findings[0].message.startswith("boilerplate.json: cannot read")


@pytest.mark.parametrize(
    "text",
    ["关注我们的公众号获取更多新闻", "Follow us on our social media pages today"],
)
def test_cjk_characters_count_three_letters_each(text: str) -> None:
    """A 14-character Chinese promo (42 weighted letters) passes the 30-letter
    bound, as an English one of 34 letters does."""
    pages = corpus(6, **{str(i): [text] for i in range(6)})
    assert [t.text for t in learn(pages, LearnBounds())] == [text]
