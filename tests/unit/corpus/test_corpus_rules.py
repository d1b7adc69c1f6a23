"""The corpus rules on records written here: coverage, duplicate bodies, recurring
blocks and borrowed titles, each firing and staying silent."""

from __future__ import annotations

import random
from typing import Any

from harness.corpus import CorpusRecord, CorpusSettings, corpus_findings
from harness.corpus.runtime import borrowed, first_word
from harness.corpus.text import block_key

PROMO = "Download our app for the latest headlines, wherever you are"


def article(title: str, *paragraphs: str, **fields: Any) -> dict[str, Any]:
    body = [{"kind": "paragraph", "text": p} for p in paragraphs]
    return {"title": title, "body": body, **fields}


def pages(*records: dict[str, Any], site: str = "news") -> list[CorpusRecord]:
    return [
        CorpusRecord(f"seeds/{site}/{i}.html", site, record)
        for i, record in enumerate(records)
    ]


def rules(findings: list[Any]) -> list[tuple[str, str, str]]:
    return [(f.rule, f.page, f.path) for f in findings]


def distinct(count: int, *extra: str, site: str = "news") -> list[CorpusRecord]:
    """``count`` articles of their own, each ending with the ``extra`` blocks."""
    return pages(
        *(
            article(
                f"Story number {i} of the day, told in full",
                f"The {i}th story begins with a sentence nobody else wrote.",
                *extra,
            )
            for i in range(count)
        ),
        site=site,
    )


def test_coverage_below_the_threshold_names_the_site_and_the_field() -> None:
    """`author` on 1 of 3 pages is under a 0.9 threshold: one site-wide finding."""
    records = pages(
        article("One", "Text one.", author="Ann"),
        article("Two", "Text two.", author=None),
        article("Three", "Text three.", author=""),
    )
    settings = CorpusSettings(coverage={"author": 0.9})
    findings = corpus_findings(records, settings=settings)
    assert rules(findings) == [("coverage", "news", "author")]
    assert "found 33% (1 of 3)" in findings[0].message
    assert findings[0].value == 0.3333


def test_coverage_at_the_threshold_passes() -> None:
    """`author` on 2 of 3 pages meets a 0.6 threshold, and per-site settings apply."""
    records = pages(
        article("One", "Text one.", author="Ann"),
        article("Two", "Text two.", author="Bo"),
        article("Three", "Text three."),
    )
    assert (
        corpus_findings(records, settings=CorpusSettings(coverage={"author": 0.6}))
        == []
    )
    strict = CorpusSettings(site_coverage={"news": {"author": 0.9}})
    assert rules(corpus_findings(records, settings=strict)) == [
        ("coverage", "news", "author")
    ]


def test_one_body_under_two_urls_is_a_duplicate_and_says_where_the_url_came_from() -> (
    None
):
    """Same body, different URLs (record field, meta): the second page gets a finding."""
    body = ("Access denied. Please enable cookies to continue.",)
    records = [
        CorpusRecord("seeds/news/a.html", "news", article("A", *body), url="https://x.org/a"),
        CorpusRecord("seeds/news/b.html", "news",
                     article("B", *body, url="https://x.org/b")),
        CorpusRecord("seeds/news/c.html", "news", article("C", "Its own text.")),
    ]  # fmt: skip
    findings = corpus_findings(records)
    assert rules(findings) == [("duplicate_body", "seeds/news/b.html", "body")]
    message = findings[0].message
    assert "https://x.org/b (from the record's url field)" in message
    assert "https://x.org/a (from the page's meta.json)" in message


def test_the_same_url_captured_twice_is_not_a_duplicate() -> None:
    """Two captures of one URL with one body are not flagged."""
    record = article("A", "The same article text.")
    records = [
        CorpusRecord("seeds/news/a.html", "news", record, url="https://x.org/a"),
        CorpusRecord("seeds/news/a2.html", "news", record, url="https://x.org/a"),
    ]
    assert corpus_findings(records) == []


def test_a_block_on_three_pages_is_template_text_on_each() -> None:
    """A promo appended to 3 pages fires on each page, at the block's path."""
    findings = corpus_findings(distinct(3, PROMO))
    assert rules(findings) == [
        ("recurring_block", f"seeds/news/{i}.html", "body[1].text") for i in range(3)
    ]
    assert "recurs on 3 pages" in findings[0].message


def test_a_block_on_two_pages_or_a_short_one_is_not_template_text() -> None:
    """Two pages are not enough, and "Share this article" is too short to judge."""
    assert corpus_findings(distinct(2, PROMO)) == []
    assert corpus_findings(distinct(5, "Share this article")) == []


def test_recurring_blocks_are_counted_within_a_site() -> None:
    """The same promo on 2 pages of each of two sites fires on neither."""
    records = distinct(2, PROMO, site="one") + distinct(2, PROMO, site="two")
    assert corpus_findings(records) == []


def test_a_body_block_that_starts_with_another_pages_title_is_borrowed() -> None:
    """A related-articles line ("<title> - 2 hours ago") fires; the page's own
    title repeated in its body does not."""
    first = "Rain expected over the whole weekend in the north"
    records = pages(
        article(first, "Forecasters said on Friday that rain would fall."),
        article(
            "Markets close higher after a quiet week of trading",
            "Shares rose on Friday.",
            "Markets close higher after a quiet week of trading",
            f"{first} - 2 hours ago",
        ),
    )
    findings = corpus_findings(records)
    assert rules(findings) == [("borrowed_title", "seeds/news/1.html", "body[2].text")]
    assert "seeds/news/0.html" in findings[0].message


def test_a_short_title_or_a_longer_word_is_not_borrowed() -> None:
    """A title under 20 letters, or a block that only starts with its letters, is not flagged."""
    records = pages(
        article("Weather", "Rain today."),
        article("Rain expected over the weekend", "Sunny."),
        article("Other", "Weather is fine.", "Rain expected over the weekends ahead."),
    )
    assert corpus_findings(records) == []


def test_a_title_without_its_site_name_or_cut_short_is_still_borrowed() -> None:
    """ "Title | The Daily" is found as "Title", and "Title, cut…" as a prefix."""
    records = pages(
        article("Rain expected over the whole weekend | The Daily Example", "Rain."),
        article("Markets close higher after a quiet week of trading - Example", "Up."),
        article(
            "A third story about something else entirely",
            "Our own first paragraph.",
            "Rain expected over the whole weekend",
            "Markets close higher after a quiet…",
        ),
    )
    found = rules(corpus_findings(records))
    assert found == [
        ("borrowed_title", "seeds/news/2.html", "body[1].text"),
        ("borrowed_title", "seeds/news/2.html", "body[2].text"),
    ]


def test_a_series_label_or_credit_on_every_page_is_not_template_text() -> None:
    """Series and credits rightly repeat across a site; only title and body count."""
    series = "The long-running weekend series of the newsroom"
    credit = {"role": "Editor", "names": ["Alexandra Montgomery-Fitzgerald"]}
    records = pages(
        *(
            article(f"Story {i} of many, told in full", f"Own text {i}.",
                    series=series, credits=[credit])
            for i in range(4)
        )
    )  # fmt: skip
    assert corpus_findings(records) == []


def test_a_block_borrowed_finds_starts_with_a_titles_first_word() -> None:
    """The first-word test before borrowed() drops no block borrowed() finds:
    keys drawn from the titles' words and marks, cut anywhere."""
    titles = {
        block_key(t): ("p", t)
        for t in (
            "Rain expected",
            "covid-19 rises",
            "Rain",
            "Z-Wert steigt",
            "东京 奥运",
        )
    }
    words = ["rain", "expected", "covid", "19", "rises", "z", "wert", "steigt", "东京"]
    marks = [" ", "-", ": ", ", ", "…"]
    chance = random.Random(3)
    longest = max(map(len, titles))
    found = 0
    for _ in range(20_000):
        parts = [chance.choice(words) + chance.choice(marks) for _ in range(4)]
        key = block_key("".join(parts)[: chance.randint(1, 40)])
        if borrowed(key, titles, set(), longest) is not None:
            found += 1
            assert first_word(key) in set(map(first_word, titles)), key
    assert found > 100  # the draw reaches the rule
