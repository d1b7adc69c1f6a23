"""The truth check: snippets, whole expected bodies, and where expectations come from."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from harness.checks.truth import DEFAULT_MIN_F1, check_truth, truth_findings
from harness.errors import PageError
from harness.model import Page, Site
from harness.truth import Truth, token_score, tokens, truth_for, truth_score

PAGE = "seeds/news/a.html"
SITE = Site(name="news", parser="article")
SOURCE = "seeds/news/a.meta.json"

BODY = [
    "Ferries will leave every twenty minutes from Monday.",
    "Commuters said the boats were too full to board on rainy days.",
    "Evening services keep their timetable until the autumn review.",
]
RECORD: dict[str, Any] = {
    "title": "Harbour ferries",
    "body": [{"kind": "paragraph", "text": text} for text in BODY],
}


def check(
    truth: Truth, record: dict[str, Any] = RECORD, site: Site = SITE
) -> list[Any]:
    return check_truth(record, page=PAGE, truth=truth, site=site)


def test_snippets_present_and_absent_pass() -> None:
    """Every `with` snippet in the body and no `without` snippet: no finding."""
    truth = Truth(
        SOURCE, with_snippets=("twenty minutes",), without_snippets=("Subscribe",)
    )
    assert check(truth) == []


def test_each_missing_snippet_is_one_finding_naming_the_source() -> None:
    """Two `with` snippets absent from the body: two findings, quoting them."""
    truth = Truth(SOURCE, with_snippets=("every twenty", "night buses", "tram lines"))
    findings = check(truth)
    assert [(f.check, f.path, f.rule, f.expected) for f in findings] == [
        ("truth", "body", "missing", "night buses"),
        ("truth", "body", "missing", "tram lines"),
    ]
    assert findings[0].message == 'expected text is not in the body: "night buses"'
    assert findings[0].hint == f"if the expectation is out of date, edit {SOURCE}"


def test_leaked_snippet_points_at_its_block() -> None:
    """A `without` snippet found in the body names the block that holds it."""
    truth = Truth(SOURCE, without_snippets=("too full to board",))
    [finding] = check(truth)
    assert (finding.path, finding.rule, finding.value) == (
        "body[1].text",
        "leaked",
        "too full to board",
    )
    assert "must not be in the body" in finding.message


def test_snippets_match_across_line_breaks_and_blocks() -> None:
    """Whitespace is ignored: a snippet spanning two blocks is found, at `body`."""
    truth = Truth(
        SOURCE,
        with_snippets=("Ferries  will\nleave",),
        without_snippets=("from Monday. Commuters said",),
    )
    [finding] = check(truth)
    assert (finding.path, finding.rule) == ("body", "leaked")


def test_whole_body_close_enough_passes() -> None:
    """An expected body differing only in spacing and case scores F1 1.0."""
    truth = Truth(SOURCE, body="\n\n".join(BODY).upper())
    assert check(truth) == []


def test_low_f1_quotes_first_missing_and_first_extra_sentence() -> None:
    """A body with a paragraph missing and one leaked: F1, precision, recall and both sentences."""
    expected = " ".join(
        [*BODY[:2], "The port authority will review the fares next year."]
    )
    [finding] = check(Truth(SOURCE, body=expected))
    assert (finding.path, finding.rule, finding.expected) == (
        "body",
        "body-f1",
        DEFAULT_MIN_F1,
    )
    assert set(finding.value) == {"f1", "precision", "recall"}
    assert finding.value["f1"] < DEFAULT_MIN_F1
    assert finding.message.startswith("body token F1 0.")
    assert (
        '; first missing sentence: "The port authority will review the fares next year."'
        in (finding.message)
    )
    assert (
        '; first extra sentence: "Evening services keep their timetable'
        in finding.message
    )


def test_threshold_from_the_seed_then_the_site() -> None:
    """min_f1 in the expectations wins over the site's truth_min_f1, which wins over 0.9."""
    expected = " ".join(BODY[:2])  # the record has one paragraph too many
    score = token_score("\n".join(BODY), expected).f1
    assert 0.5 < score < DEFAULT_MIN_F1
    assert check(Truth(SOURCE, body=expected))
    lenient = Site(name="news", parser="article", options={"truth_min_f1": 0.5})
    assert check(Truth(SOURCE, body=expected), site=lenient) == []
    assert check(Truth(SOURCE, body=expected, min_f1=0.95), site=lenient)


def test_chinese_is_compared_character_by_character() -> None:
    """Each Han character is a token; hard line breaks inside a sentence do not matter."""
    assert tokens("本报讯 A股上涨") == ["本", "报", "讯", "a", "股", "上", "涨"]
    record = {
        "body": [
            {"kind": "paragraph", "text": "会议安排了一天时间，让与会者去风景点游玩。"}
        ]
    }
    truth = Truth(
        SOURCE,
        body="会议安排了一天\n\n时间，让与会者去风景点游玩。",
        with_snippets=("一天\n时间",),
    )
    assert check(truth, record) == []


def test_body_may_be_a_string_or_a_list_of_strings() -> None:
    """Parsers that return the body as text, or as a list of strings, are checked too."""
    truth = Truth(SOURCE, with_snippets=("twenty minutes",))
    assert check(truth, {"body": " ".join(BODY)}) == []
    assert check(truth, {"body": BODY}) == []
    assert [f.rule for f in check(truth, {"body": None})] == ["missing"]


def test_truth_score_is_f1_or_the_share_of_snippets_met() -> None:
    """The benchmark's number: F1 against a body, else snippets met over snippets."""
    text = "\n".join(BODY)
    assert truth_score(text, Truth(SOURCE, body=text)) == 1.0
    snippets = Truth(
        SOURCE, with_snippets=("twenty", "trams"), without_snippets=("rainy",)
    )
    assert truth_score(text, snippets) == pytest.approx(1 / 3)


# -- where expectations come from -------------------------------------------------


def seed(
    folder: Path, name: str = "a.html", meta: dict[str, Any] | None = None
) -> Page:
    path = folder / name
    return Page(name=f"seeds/news/{name}", path=path, raw=b"", text="", encoding="utf-8",
                kind="html", meta=meta or {})  # fmt: skip


def test_meta_json_truth_comes_first(tmp_path: Path) -> None:
    """`truth` in the seed's meta.json wins over a truth.json beside it."""
    (tmp_path / "truth.json").write_text(json.dumps({"a.html": {"with": ["other"]}}))
    page = seed(tmp_path, meta={"truth": {"with": ["twenty minutes"], "min_f1": 0.8}})
    assert truth_for(page) == Truth(
        "seeds/news/a.meta.json", with_snippets=("twenty minutes",), min_f1=0.8
    )


def test_truth_json_beside_the_seed_by_file_name(tmp_path: Path) -> None:
    """A folder's truth.json gives each seed its expectations by file name."""
    file = tmp_path / "truth.json"
    file.write_text(json.dumps({"a.html": {"body": "Text.", "without": ["Ad"]}}))
    assert truth_for(seed(tmp_path)) == Truth(
        str(file), body="Text.", without_snippets=("Ad",)
    )
    assert truth_for(seed(tmp_path, "b.html")) is None


def test_no_expectations_skips_the_check(tmp_path: Path) -> None:
    """A seed nothing is known about: truth_findings says so with None (the check skips)."""
    assert truth_findings(seed(tmp_path), RECORD, site=SITE) is None
    assert truth_for(seed(tmp_path, meta={"truth": {"with": []}})) is None


@pytest.mark.parametrize(
    ("truth", "message"),
    [
        (["a"], "truth must be an object"),
        ({"width": ["a"]}, r"unknown truth keys \['width'\]"),
        ({"with": "a"}, "truth `with` must be a list of strings"),
        ({"body": 3}, "truth `body` must be a string"),
        ({"body": "a", "min_f1": 2}, "truth `min_f1` must be a number from 0 to 1"),
    ],
)
def test_bad_expectations_name_the_file_and_key(
    tmp_path: Path, truth: Any, message: str
) -> None:
    """Malformed expectations are a PageError naming where they were read."""
    with pytest.raises(PageError, match=message) as raised:
        truth_for(seed(tmp_path, meta={"truth": truth}))
    assert str(raised.value).startswith("seeds/news/a.meta.json: ")


def test_bad_truth_json_fails_the_check_of_that_seed(tmp_path: Path) -> None:
    """An unreadable truth.json becomes one `expectations` finding, not a crash."""
    (tmp_path / "truth.json").write_text("{not json")
    [finding] = truth_findings(seed(tmp_path), RECORD, site=SITE) or []
    assert (finding.check, finding.rule) == ("truth", "expectations")
    assert "cannot read the expectations" in finding.message
