"""Layout variants of the reference seed, through every real check.

The original seed's snapshot is accepted first; then the seed is replaced by a
variant and ``engine.check_seed`` runs parse, schema, snapshot and quality on it.
Each variant is the seed text with one edit, made below so a reviewer sees it.

- A benign variant (only volatile or appended data differ) passes every check.
- A harmful variant either passes every check with the article exactly as before,
  or fails a check whose finding names each article field that changed.

No variant may pass with a changed article.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from harness.engine import Project, check_seed, parse_seed, update_seed
from harness.model import SeedResult

SEED = Path(__file__).resolve().parents[2] / "seeds/aggregator/000_2481e01f35ff6df4.txt"
ARTICLE_FIELDS = ("title", "series", "uploader", "published", "body", "credits")
BYLINE = "csdh11 2025-02-04 13:36 17 浏览"

Variant = Callable[[str], str]
"""The seed's text with one edit."""


def lines_of(text: str) -> list[str]:
    return text.split("\n")


def at(lines: list[str], start: str) -> int:
    """The index of the one line that starts with ``start``."""
    found = [i for i, line in enumerate(lines) if line.startswith(start)]
    assert len(found) == 1, f"{start!r} is on {len(found)} lines of the seed"
    return found[0]


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} is not in the seed exactly once"
    return text.replace(old, new)


# -- benign: only volatile fields (views) and appended blocks change ---------------


def views_changed(text: str) -> str:
    return replace_once(text, BYLINE, "csdh11 2025-02-04 13:36 1,204 浏览")


def related_rotated(text: str) -> str:
    """The first related article (title, separator, snippet) moved to the end of 相关推荐."""
    lines = lines_of(text)
    start, end = at(lines, "相关推荐") + 1, at(lines, "- 一周热门")
    related = lines[start:end]
    return "\n".join(lines[:start] + related[3:] + related[:3] + lines[end:])


def tag_counts_changed(text: str) -> str:
    return text.replace("(33)", "(41)").replace("(34)", "(29)")


def crlf_line_endings(text: str) -> str:
    return text.replace("\n", "\r\n")


# -- harmful: blocks moved into or around the article, the layout re-worded --------


def tag_list_between_body_and_credits(text: str) -> str:
    """The 标签列表 widget (header and tags) moved above the credits."""
    lines = lines_of(text)
    start = at(lines, "- 标签列表")
    tags, rest = lines[start:], lines[:start]
    credits = at(rest, "Executive Editor:")
    return "\n".join(rest[:credits] + tags + rest[credits:])


def related_block_mid_article(text: str) -> str:
    """The 相关推荐 block moved before the article's "Why Xiaohongshu?" heading."""
    lines = lines_of(text)
    start, end = at(lines, "相关推荐"), at(lines, "- 一周热门")
    related, rest = lines[start:end], lines[:start] + lines[end:]
    heading = at(rest, "Why Xiaohongshu?")
    return "\n".join(rest[:heading] + related + rest[heading:])


def unknown_list_after_credits(text: str) -> str:
    """A list block no site has shown before, between the credits and the promo line."""
    block = "热门视频\n- 夜市直播带货实录\n- 小红书新用户指南\n- 跨境电商一周回顾\n"
    return replace_once(
        text, "更多内容请下载21财经APP\n", block + "更多内容请下载21财经APP\n"
    )


def byline_labelled_in_chinese(text: str) -> str:
    return replace_once(
        text, BYLINE, "作者：csdh11 | 发布于 2025年02月04日 13:36 | 阅读 17"
    )


def byline_in_english(text: str) -> str:
    return replace_once(text, BYLINE, "Posted by csdh11 on 2025-02-04 13:36 · 17 views")


def title_separator(separator: str, name: str) -> Variant:
    """The 丨 between series and title replaced by ``separator``."""

    def variant(text: str) -> str:
        return replace_once(text, "CBN Special丨", f"CBN Special{separator}")

    variant.__name__ = f"title_separator_{name}"
    return variant


BENIGN = [views_changed, related_rotated, tag_counts_changed, crlf_line_endings]
HARMFUL = [
    tag_list_between_body_and_credits,
    related_block_mid_article,
    unknown_list_after_credits,
    byline_labelled_in_chinese,
    byline_in_english,
    title_separator(" | ", "bar"),
    title_separator("｜", "fullwidth_bar"),
    title_separator(": ", "colon"),
    title_separator(" - ", "dash"),
]


@pytest.fixture(scope="module")
def accepted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project holding only the reference seed, its snapshot accepted."""
    root = tmp_path_factory.mktemp("variants")
    repo = SEED.parents[2]
    (root / "pyproject.toml").write_bytes((repo / "pyproject.toml").read_bytes())
    (root / "schemas").mkdir()
    for schema in (repo / "schemas").glob("*.json"):
        (root / "schemas" / schema.name).write_bytes(schema.read_bytes())
    seed = root / "seeds" / "aggregator" / SEED.name
    seed.parent.mkdir(parents=True)
    seed.write_bytes(SEED.read_bytes())
    project = Project(root)
    update = update_seed(project, seed)
    assert update.action == "created", update.findings
    assert not check_seed(project, seed).failed
    return root


@pytest.fixture(scope="module")
def original(accepted: Path) -> dict[str, Any]:
    """The record of the unchanged seed."""
    record = parse_seed(Project(accepted), accepted / "seeds/aggregator" / SEED.name)
    assert record.record is not None, record.result.findings
    return dict(record.record)


@pytest.fixture
def check_variant(accepted: Path) -> Iterator[Callable[[Variant], SeedResult]]:
    """Put a variant in the seed's place and run every check on it."""
    seed = accepted / "seeds/aggregator" / SEED.name
    text = SEED.read_text(encoding="utf-8")

    def check(variant: Variant) -> SeedResult:
        seed.write_bytes(variant(text).encode("utf-8"))
        return check_seed(Project(accepted), seed)

    yield check
    seed.write_bytes(SEED.read_bytes())


def changed_fields(record: Any, original: dict[str, Any]) -> list[str]:
    """The article fields whose value differs from the original record's."""
    record = record if isinstance(record, dict) else {}
    return [f for f in ARTICLE_FIELDS if record.get(f, None) != original[f]]


def named(field: str, result: SeedResult) -> bool:
    """Whether a finding of a failed check points at ``field`` (or inside it)."""
    return any(
        finding.path == field or finding.path.startswith((f"{field}[", f"{field}."))
        for check in result.results
        if check.failed
        for finding in check.findings
    )


def findings(result: SeedResult) -> list[str]:
    return [
        f"{f.check} {f.rule} {f.path}: {f.message}"
        for check in result.results
        for f in check.findings
    ]


@pytest.mark.parametrize("variant", BENIGN, ids=lambda v: v.__name__)
def test_benign_variant_passes_with_the_same_article(
    variant: Variant,
    check_variant: Callable[[Variant], SeedResult],
    original: dict[str, Any],
) -> None:
    """Views, related order, tag counts and line endings change nothing that is checked."""
    result = check_variant(variant)
    assert not result.failed, findings(result)
    assert changed_fields(result.record, original) == []


@pytest.mark.parametrize("variant", HARMFUL, ids=lambda v: v.__name__)
def test_harmful_variant_keeps_the_article_or_fails_naming_the_field(
    variant: Variant,
    check_variant: Callable[[Variant], SeedResult],
    original: dict[str, Any],
) -> None:
    """Passing means the article is exactly as before; otherwise a finding names what changed."""
    result = check_variant(variant)
    changed = changed_fields(result.record, original)
    if not result.failed:
        assert changed == [], f"passed with a changed article: {changed}"
    else:
        unnamed = [field for field in changed if not named(field, result)]
        assert unnamed == [], findings(result)


def test_a_corrupted_article_never_passes(
    check_variant: Callable[[Variant], SeedResult], original: dict[str, Any]
) -> None:
    """The control: a paragraph dropped from the article fails, naming the body."""

    def paragraph_dropped(text: str) -> str:
        lines = lines_of(text)
        del lines[at(lines, "Over the weekend, thousands of people")]
        return "\n".join(lines)

    result = check_variant(paragraph_dropped)
    assert result.failed
    assert changed_fields(result.record, original) == ["body"]
    assert named("body", result)
