"""The content-shape rules, each failing and passing on small records."""

from __future__ import annotations

from typing import Any

import pytest

from harness.checks.quality import Rule, default_rules
from harness.checks.shape import (
    no_foreign_script_run,
    no_link_dense_blocks,
    no_list_runs,
    no_title_list_ending,
    no_trailing_heading,
    script_of,
    scripts,
)
from harness.model import Site

SITE = Site(name="news", parser="article")
PROSE = (
    "The council voted on Tuesday to extend the opening hours of the public "
    "swimming pools through the summer, after a month of record heat.",
    "Families will pay the same fees as last year, the mayor said, and the "
    "longer hours will be paid for from the sports budget.",
    "Lifeguards' unions welcomed the decision but asked for more staff at the "
    "two largest pools, where queues formed every afternoon in July.",
)


def body(*texts: str, **extra: Any) -> dict[str, Any]:
    return {
        "title": "Pools stay open late",
        "body": [{"kind": "paragraph", "text": t, **extra} for t in texts],
    }


def run(rule: Rule, record: dict[str, Any]) -> list[tuple[str, str]]:
    return [(f.rule, f.path) for f in rule(record, page="p.html", site=SITE)]


def test_shape_rules_are_default_quality_rules() -> None:
    """The shape rules run with every other quality rule, no configuration needed."""
    names = [repr(rule) for rule in default_rules(SITE)]
    assert names[-5:] == [
        "no_list_runs()",
        "no_foreign_script_run()",
        "no_link_dense_blocks()",
        "no_title_list_ending()",
        "no_trailing_heading()",
    ]


@pytest.mark.parametrize(
    "lines",
    [
        ("Python (12)", "Web scraping (7)", "Datenschutz (3)"),
        ("• Pools", "• Summer heat", "• City budget"),
        ("天气预报 · 35", "游泳馆 · 12", "暑假 · 8"),
    ],
)
def test_a_run_of_short_lines_with_counts_or_bullets_fails(
    lines: tuple[str, ...],
) -> None:
    """Three short lines in a row that each carry a count or a bullet are a widget."""
    assert run(no_list_runs(), body(*PROSE, *lines)) == [
        ("no_list_runs", f"body[{len(PROSE)}].text")
    ]


@pytest.mark.parametrize(
    "line",
    [
        "pools · summer · heat wave · budget · lifeguards",
        "pools (12) summer (7) heat wave (31)",
        "游泳（12）、暑假（7）、高温（31）",
    ],
)
def test_a_tag_cloud_on_one_line_fails(line: str) -> None:
    """Short items on a repeated separator, or items with counts, are a tag cloud."""
    record = body(*PROSE, line)
    assert run(no_list_runs(), record) == [("no_list_runs", "body[3].text")]


@pytest.mark.parametrize(
    "line",
    [
        "#pools #summer #heatwave",
        "#pools, #summer, #lifeguards, #budget,",
        "pools | summer | heat wave | budget | lifeguards |",
        "pools, summer, heat wave, budget,",
        "Pools · 207, Summer heat · 12, -wave · 3,",
    ],
)
def test_hashtags_and_a_list_ending_in_its_separator_fail(line: str) -> None:
    """Hashtags alone, or short items that leave their separator dangling, are tags."""
    record = body(*PROSE, line)
    assert run(no_list_runs(), record) == [("no_list_runs", "body[3].text")]


def test_hashtags_run_together_are_counted_one_by_one() -> None:
    """The finding counts each hashtag, with or without separators between them."""
    [finding] = no_list_runs()(
        body(*PROSE, "#pools#summer#heatwave"), page="p", site=SITE
    )
    assert "found 3 short items on one line" in finding.message


@pytest.mark.parametrize(
    "line",
    [
        "Region | North | South | East",  # a table row: no dangling separator
        "We swam at #pools, all summer long, with friends,",  # a sentence
        "#1 in the league, #2 in the cup, #3 overall",
        "Paris, London,",  # two items
    ],
)
def test_table_rows_and_sentences_with_separators_pass(line: str) -> None:
    """A table row, a sentence broken after a comma, and rankings are not tags."""
    assert run(no_list_runs(), body(*PROSE, line)) == []


def test_a_body_ending_in_lowercase_bare_words_fails() -> None:
    """Tags joined with spaces at the body's end, led by a lowercase word, fail."""
    record = body(*PROSE, "pools Summer heatwave Budget lifeguards")
    assert run(no_list_runs(), record) == [("no_list_runs", "body[3].text")]


@pytest.mark.parametrize(
    "texts",
    [
        (*PROSE, "Additional reporting by Jane Doe and John Roe"),  # a capital
        (*PROSE, "an frostfreien Tagen ab und zu gießen", PROSE[0]),  # not the end
        (*PROSE, "reporting by Jane Doe; editing by John Roe"),  # a mark
        (*PROSE, "pools and summer"),  # three words
        ("pools summer heatwave budget lifeguards",),  # the only block
    ],
)
def test_bare_words_with_a_capital_a_mark_or_inside_pass(
    texts: tuple[str, ...],
) -> None:
    """A credit line, a lowercase item inside the article, or a short tail passes."""
    assert run(no_list_runs(), body(*texts)) == []


def test_a_sentence_with_figures_in_brackets_passes() -> None:
    """Counts inside prose are the article's figures."""
    line = "The pools (12 in all) drew visitors (7,000) and lifeguards (31) alike."
    assert run(no_list_runs(), body(*PROSE, line)) == []


@pytest.mark.parametrize(
    "lines",
    [
        ("1. Preheat the oven", "2. Mix the flour", "3. Bake for 20 minutes"),
        ("Python (12)", "Web scraping (7)"),  # two are not a run
        ("The mayor (left) spoke first.", "Length: 2.44 m", "Weight: 186 g"),
        ("Region | 2019 | 2020", "North | 12 | 15", "South | 9 | 11"),
        ("- Rahmen: Aluminium", "- Bremsen: Scheibe", "- Sattel: Leder"),
        ("Referee: Ana Díaz (8)", "Assistant: Jo Lee (7)", "Fourth official: Sam Roe"),
    ],
)
def test_numbered_steps_pairs_and_tables_pass(lines: tuple[str, ...]) -> None:
    """An article's numbered steps, a pair of counts, table rows and a
    specification's "label: value" lines are no widget."""
    assert run(no_list_runs(), body(*PROSE, *lines)) == []


def test_a_run_of_blocks_in_another_script_at_the_end_fails() -> None:
    """Chinese recommendations under an English article are found where they start."""
    record = body(
        *PROSE,
        "三分钟看懂今年的新能源政策，专家逐条解读补贴变化",
        "这座小城为何突然火了？当地居民讲述背后的故事",
    )
    assert run(no_foreign_script_run(), record) == [
        ("no_foreign_script_run", "body[3].text")
    ]


def test_a_quotation_in_another_script_passes() -> None:
    """One quoted block, or two inside the article, in another script is the article's."""
    quote = "みんなに知っておいて欲しいんだけど、目の前で痴漢してるやつを見つけることがある。"
    assert run(no_foreign_script_run(), body(PROSE[0], quote, PROSE[1])) == []
    assert run(no_foreign_script_run(), body(PROSE[0], quote, quote, *PROSE)) == []


def test_a_bilingual_body_has_no_foreign_script() -> None:
    """Without a dominant script, no block is foreign."""
    chinese = (
        "市议会周二投票决定在整个夏天延长公共游泳池的开放时间，此前经历了一个月的创纪录高温。"
        * 3
    )
    record = body(PROSE[0], chinese, chinese)
    assert run(no_foreign_script_run(), record) == []


def test_script_of_tells_scripts_apart() -> None:
    """Letters are grouped by script; Japanese kana count as CJK; digits as none."""
    assert [script_of(c) for c in "aЖ中かک7"] == [
        "LATIN", "CYRILLIC", "CJK", "CJK", "ARABIC", None,
    ]  # fmt: skip


def test_scripts_counts_each_letter_once_by_its_script() -> None:
    """Counted per distinct letter, the totals are those of a letter-by-letter count."""
    text = "Tech 科技 Жук, tech! 科技 ک 7 ä"
    assert scripts(text) == {"LATIN": 9, "CJK": 4, "CYRILLIC": 3, "ARABIC": 1}


def test_a_link_dense_block_fails_and_a_plain_one_passes() -> None:
    """Link density is judged where the parser keeps it, and only there."""
    dense = body(*PROSE, link_density=0.9)
    assert run(no_link_dense_blocks(), dense) == [
        ("no_link_dense_blocks", f"body[{i}].text") for i in range(3)
    ]
    assert run(no_link_dense_blocks(), body(*PROSE, link_density=0.1)) == []
    assert run(no_link_dense_blocks(), body(*PROSE)) == []


def test_a_body_ending_in_titles_fails() -> None:
    """Other stories' headlines under the article, with or without snippets."""
    titles = (
        "Why the city council delayed its vote again",
        "Inside the race to build a better battery",
        "Five things to know before the markets open",
    )
    assert run(no_title_list_ending(), body(*PROSE, *titles)) == [
        ("no_title_list_ending", "body[3].text")
    ]
    with_snippets = [
        titles[0], "The council met for four hours on Monday and…",
        titles[1], "Engineers in three countries are betting on…",
        titles[2], "Stocks rose in early trading after…",
    ]  # fmt: skip
    assert run(no_title_list_ending(), body(*PROSE, *with_snippets)) == [
        ("no_title_list_ending", "body[3].text")
    ]


POINTS = (
    "Longer hours cost the city less than expected",
    "Families used the pools most after six",
    "Queues at the two largest pools did not shrink",
)


def test_a_body_ending_in_points_a_sentence_introduces_passes() -> None:
    """Titles after "To sum up what we learned:" are the article's own points."""
    record = body(*PROSE, "To sum up what we learned this summer:", *POINTS)
    assert run(no_title_list_ending(), record) == []


@pytest.mark.parametrize("lead", ["See these:", "Related:", "We learned this."])
def test_titles_after_a_short_heading_or_a_sentence_still_fail(lead: str) -> None:
    """A short heading with a colon or a closed sentence introduces no points."""
    assert run(no_title_list_ending(), body(*PROSE, lead, *POINTS)) == [
        ("no_title_list_ending", "body[4].text")
    ]


@pytest.mark.parametrize(
    "ending",
    [
        ("Kab Niang", "Photo: City archive", "Comments"),  # names and credits
        ("Why the city council delayed its vote again",),  # one subheading
        ("50 m | easy", "8 x 50 m | drills", "300 m | easy"),  # a table
    ],
)
def test_a_body_ending_in_prose_credits_or_a_table_passes(
    ending: tuple[str, ...],
) -> None:
    """Short credits, one subheading or a table at the end are not a title list."""
    assert run(no_title_list_ending(), body(*PROSE, *ending)) == []


def test_reprs_name_the_changed_thresholds() -> None:
    """A configured shape rule says how it was configured."""
    assert [
        repr(no_list_runs(min_run=4)),
        repr(no_foreign_script_run(min_blocks=3, dominance=0.9)),
        repr(no_link_dense_blocks(max_density=0.5)),
        repr(no_title_list_ending(min_titles=2)),
    ] == [
        "no_list_runs(min_run=4)",
        "no_foreign_script_run(min_blocks=3, dominance=0.9)",
        "no_link_dense_blocks(max_density=0.5)",
        "no_title_list_ending(min_titles=2)",
    ]


def test_a_body_ending_in_a_short_heading_fails() -> None:
    """A widget's heading left behind at the end of the article is flagged."""
    record = body(*PROSE)
    record["body"].append({"kind": "heading", "text": "More from the city desk"})
    assert run(no_trailing_heading(), record) == [
        ("no_trailing_heading", "body[3].text")
    ]


def test_a_heading_with_text_under_it_or_a_long_last_heading_passes() -> None:
    """A heading that introduces text, or a long teaser heading, is the article's."""
    record = body(PROSE[0])
    record["body"].insert(0, {"kind": "heading", "text": "The vote"})
    assert run(no_trailing_heading(), record) == []
    record["body"].append(
        {
            "kind": "heading",
            "text": "The mayor says the pools will stay open until the end of September",
        }
    )
    assert run(no_trailing_heading(), record) == []
