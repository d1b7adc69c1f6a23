"""Named changes: leaked appended blocks, truncation, joined and split paragraphs."""

from __future__ import annotations

import json
from pathlib import Path

from harness import snapshots
from harness.changes import named_diff
from harness.checks.snapshot import check_snapshot


def block(text: str) -> dict[str, str]:
    return {"kind": "paragraph", "text": text}


# Modelled on the aggregator seed: six blocks of the article, then its furniture.
TEXTS = [
    "If you’re a regular user on Chinese lifestyle sharing app Xiaohongshu, you "
    "might be baffled with a flood of English-language content.",
    "Thousands of self-proclaimed “TikTok refugees” are flocking to Xiaohongshu.",
    "Data research firm Sensor Tower showed that Xiaohongshu's US downloads surged.",
    "As many US users are feeling that TikTok’s days are numbered, they are looking "
    "for the next place to go.",
    "Hence an intriguing internet spectacle emerges.",
    "Whether this migration lasts remains to be seen.",
]
BODY = [block(t) for t in TEXTS]
TAGS = [block(t) for t in ("mydisktest_v298 (34)", "document.appendchild (35)")]
TAGS += [block("头像打包下载 (61)"), block("parsevideo (33)")]
RECORD = {
    "title": "A modern cyber-Exodus",
    "body": BODY,
    "credits": [{"role": "Editor", "names": ["LI Yanxia"]}],
    "appended": {"promo": []},
}


def changes_to(**fields):
    """The named diff of RECORD against RECORD with ``fields`` replaced."""
    return named_diff(RECORD, {**RECORD, **fields})


def test_tag_lines_appended_to_the_body_are_one_leak():
    """Tag-list lines appended to the body are one appended-leak, not an insertion."""
    [change] = changes_to(body=BODY + TAGS)
    assert (change.rule, change.path) == ("appended-leak", "body[6]")
    assert change.describe() == (
        "appended block leaked into body: 4 blocks inserted after body[5]: "
        "'mydisktest_v298 (34)', 'document.appendchild (35)', '头像打包下载 (61)', …"
    )
    assert (change.old, change.new) == (None, TAGS)


def test_leak_starts_at_the_first_marker():
    """An edited last paragraph stays a change of its own; the leak is what follows."""
    edited = block(TEXTS[5].replace("seen", "watched"))
    widget = [block("相关推荐"), block("pdf怎么在线阅读?这几种在线阅读方法看看")]
    changes = changes_to(body=[*BODY[:5], edited, *widget])
    assert [(c.rule, c.path) for c in changes] == [
        ("changed", "body[5].text"),
        ("appended-leak", "body[6]"),
    ]
    assert changes[1].new == widget
    assert "2 blocks inserted after body[5]: '相关推荐', 'pdf" in changes[1].describe()


def test_promo_line_in_a_list_of_names_is_a_leak():
    """Any list of strings in an article field counts, such as credits[].names."""
    credits = [{"role": "Editor", "names": ["LI Yanxia", "更多内容请下载21财经APP"]}]
    [change] = changes_to(credits=credits)
    assert change.rule == "appended-leak"
    assert change.describe() == (
        "appended block leaked into credits[0].names: 1 item inserted after "
        "credits[0].names[0]: '更多内容请下载21财经APP'"
    )


def test_markers_outside_the_article_fields_are_not_a_leak():
    """A promo line added to ``appended`` is where it belongs: a plain insertion."""
    [change] = changes_to(appended={"promo": ["更多内容请下载21财经APP"]})
    assert (change.rule, change.path) == ("inserted", "appended.promo[0]")


def test_lost_last_blocks_are_a_truncation():
    """Body cut after its third block: one truncated change with the count."""
    [change] = changes_to(body=BODY[:3])
    assert (change.rule, change.path) == ("truncated", "body[3]")
    assert change.describe() == (
        "body truncated: 3 of 6 blocks missing (from body[3]: 'As many US users are "
        "feeling that TikTok’s days are numbere…')"
    )
    assert (change.old, change.new) == (BODY[3:], None)


def test_truncation_in_the_middle_of_a_paragraph():
    """A page cut mid-sentence (inside a character): the cut paragraph, then the lost ones."""
    cut = block(TEXTS[2][: TEXTS[2].index("surged")] + "\ufffd")
    changes = changes_to(body=[*BODY[:2], cut])
    assert [(c.rule, c.path) for c in changes] == [
        ("changed", "body[2].text"),
        ("truncated", "body[3]"),
    ]
    assert changes[0].describe() == (
        'changed: "… Xiaohongshu\'s US downloads [-surged.-]{+\ufffd+}"'
    )


def test_losing_a_leaked_tail_is_not_a_truncation():
    """Tag lines gone from the end of the body are a fix: a plain deletion."""
    [change] = named_diff({"body": BODY + TAGS}, {"body": BODY})
    assert (change.rule, change.path) == ("deleted", "body[6]")


def test_paragraphs_joined_into_one():
    """Three paragraphs joined by spaces: one paragraphs-joined change."""
    joined = block(" ".join(TEXTS[2:5]))
    [change] = changes_to(body=[*BODY[:2], joined, BODY[5]])
    assert (change.rule, change.path) == ("paragraphs-joined", "body[2]")
    assert change.describe() == (
        "paragraph breaks lost: body[2] joins 3 paragraphs of the snapshot "
        "(body[2]…body[4])"
    )
    assert (change.old, change.new) == (BODY[2:5], joined)


def test_chinese_paragraphs_joined_without_a_separator():
    """Chinese paragraphs run together with nothing between them are a join too."""
    old = [block("小红书成了新的去处。"), block("用户纷纷下载小红书APP。")]
    [change] = named_diff(
        {"body": old}, {"body": [block("".join(b["text"] for b in old))]}
    )
    assert change.rule == "paragraphs-joined"


def test_paragraph_split_in_two():
    """One paragraph cut at a sentence: a paragraph-split change, not delete plus insert."""
    first, second = TEXTS[3].split(", ", 1)
    parts = [block(first + ","), block(second)]
    [change] = changes_to(body=[*BODY[:3], *parts, *BODY[4:]])
    assert (change.rule, change.path) == ("paragraph-split", "body[3]")
    assert change.describe() == (
        "paragraph split: body[3] of the snapshot is now 2 paragraphs (body[3]…body[4])"
    )
    assert (change.old, change.new) == (BODY[3], parts)


def test_join_beside_an_edit_names_both():
    """A join next to an edited paragraph: the join is named, the edit stays a change."""
    edited = block(TEXTS[5].replace("lasts", "will last"))
    body = [*BODY[:3], block(TEXTS[3] + "\n" + TEXTS[4]), edited]
    assert [(c.rule, c.path) for c in changes_to(body=body)] == [
        ("paragraphs-joined", "body[3]"),
        ("changed", "body[4].text"),
    ]


def test_normal_edit_stays_a_plain_change():
    """A reworded paragraph is a "changed" finding with an inline diff."""
    body = [*BODY[:1], block(TEXTS[1].replace("Thousands", "Hundreds")), *BODY[2:]]
    [change] = changes_to(body=body)
    assert (change.rule, change.path) == ("changed", "body[1].text")
    assert change.describe().startswith("changed: '[-Thousands-]{+Hundreds+} of self")


def test_ordinary_paragraph_inserted_stays_an_insertion():
    """A new article paragraph is inserted, not leaked."""
    [change] = changes_to(body=[*BODY[:2], block("A new paragraph."), *BODY[2:]])
    assert (change.rule, change.path) == ("inserted", "body[2]")


def test_snapshot_check_gives_one_finding_per_named_change(tmp_path: Path):
    """check_snapshot: rule is the name, value the new blocks, expected the old ones."""
    file = tmp_path / "a.txt.json"
    file.write_text(snapshots.serialize(RECORD), encoding="utf-8")
    record = json.loads(json.dumps({**RECORD, "body": BODY + TAGS}))
    [finding] = check_snapshot(
        record, page="seeds/a.txt", file=file, shown_as="a.txt.json", volatile=()
    )
    assert (finding.rule, finding.path) == ("appended-leak", "body[6]")
    assert finding.message.startswith("appended block leaked into body: 4 blocks")
    assert (finding.value, finding.expected) == (TAGS, None)
    assert "harness update seeds/a.txt" in (finding.hint or "")
