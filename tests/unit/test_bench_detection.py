"""The detection benchmark's judge: which findings on an unmutated page count
as false alarms, and what the blind review clears."""

from __future__ import annotations

import gzip
import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"

ARTICLE = "The council voted on Tuesday to keep the pools open until ten at night."


def load(name: str) -> Any:
    """A benchmark script as a module, under its own name: the scripts import
    one another by it."""
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def judge() -> Iterator[Any]:
    yield load("bench_detection")
    sys.modules.pop("bench_detection", None)


@pytest.fixture
def kit(judge: Any) -> Iterator[Any]:
    yield load("review_kit")
    sys.modules.pop("review_kit", None)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A corpus in trafilatura-eval's format: one page, its article snippet
    annotated, and a "Newsletter" line nothing labels as furniture."""
    folder = tmp_path / "trafilatura-eval"
    (folder / "html").mkdir(parents=True)
    write_page(folder, "pools.html.gz", f"<div><p>{ARTICLE}</p><p>Newsletter</p></div>")
    truth = {"pools.html": {"with": [ARTICLE], "without": []}}
    (folder / "ground-truth.json").write_text(json.dumps(truth))
    return folder


def write_page(folder: Path, name: str, body: str) -> None:
    html = f"<html><body>{body}</body></html>"
    (folder / "html" / name).write_bytes(gzip.compress(html.encode()))


def unmutated(*texts: str, rule: str = "no_appended_markers") -> dict[str, Any]:
    """A mutate report's page whose unmutated record was flagged for ``texts``."""
    findings = [
        {"check": "quality", "rule": rule, "path": "body[1].text",
         "message": f'found a promo line "{text}"', "value": text}
        for text in texts
    ]  # fmt: skip
    return {"page": "seeds/pools.html.gz", "alarms": {"new-page": findings}}


CALM = {"right": 3, "wrong": 0, "unsure": 0, "article_as_furniture": 0}


def review(
    tmp_path: Path, *verdicts: list[str], controls: list[dict[str, int]] | None = None
) -> Path:
    """A review file: a text and its verdicts per entry."""
    texts = [
        {"corpus": "trafilatura-eval", "page": "pools.html.gz", "text": text,
         "rule": "no_appended_markers", "verdicts": said, "reasons": []}
        for text, *said in verdicts
    ]  # fmt: skip
    file = tmp_path / "reviewed.json"
    file.write_text(json.dumps({"controls": controls or [CALM], "texts": texts}))
    return file


def test_a_flagged_text_nothing_verifies_is_unknown(judge: Any, corpus: Path) -> None:
    """The page holds "Newsletter" in a plain div: neither the truth nor the markup
    says what it is."""
    assert judge.verdict(unmutated("Newsletter"), corpus) == "unknown"


def test_the_review_clears_a_text_every_reviewer_called_furniture(
    judge: Any, corpus: Path, tmp_path: Path
) -> None:
    file = review(tmp_path, ["Newsletter", "furniture", "furniture"])
    reviewed, refused = judge.reviewed_furniture(file)
    assert refused is None
    key = ("trafilatura-eval", "pools.html.gz", "no_appended_markers", "Newsletter")
    assert reviewed == {key}
    assert judge.verdict(unmutated("Newsletter"), corpus, reviewed) == "review"


@pytest.mark.parametrize(
    "entries",
    [
        [["Newsletter", "furniture", "article"]],
        [["Newsletter", "furniture", "unsure"]],
        [["Newsletter"]],  # no verdict at all
        [["Newsletter", "furniture"], ["Newsletter", "article"]],  # entries disagree
    ],
)
def test_any_doubt_leaves_the_alarm(
    judge: Any, corpus: Path, tmp_path: Path, entries: list[list[str]]
) -> None:
    reviewed, _ = judge.reviewed_furniture(review(tmp_path, *entries))
    assert reviewed == frozenset()
    assert judge.verdict(unmutated("Newsletter"), corpus, reviewed) == "unknown"


def test_a_review_misled_on_an_article_control_clears_nothing(
    judge: Any, tmp_path: Path
) -> None:
    """A reviewer who called the annotators' article text furniture would clear
    an article's own text: the review does not count."""
    misled = {"right": 2, "wrong": 1, "unsure": 0, "article_as_furniture": 1}
    file = review(
        tmp_path, ["Newsletter", "furniture", "furniture"], controls=[CALM, misled]
    )
    reviewed, refused = judge.reviewed_furniture(file)
    assert reviewed == frozenset()
    assert refused == "reviewers [2] called article controls furniture"


def test_the_review_clears_only_the_rule_and_page_it_saw(
    judge: Any, corpus: Path, tmp_path: Path
) -> None:
    """A text the review did not see on the page keeps the page an alarm; so does
    the reviewed text under another rule, or a review of another page or corpus."""
    reviewed, _ = judge.reviewed_furniture(
        review(tmp_path, ["Newsletter", "furniture"])
    )
    assert (
        judge.verdict(unmutated("Newsletter", "Follow us"), corpus, reviewed)
        == "unknown"
    )
    other_rule = unmutated("Newsletter", rule="no_trailing_heading")
    assert judge.verdict(other_rule, corpus, reviewed) == "unknown"
    elsewhere = {
        ("scrapinghub-aeb", "pools.html.gz", "no_appended_markers", "Newsletter"),
        ("trafilatura-eval", "other.html.gz", "no_appended_markers", "Newsletter"),
    }
    assert judge.verdict(unmutated("Newsletter"), corpus, elsewhere) == "unknown"


def test_the_review_clears_only_the_rules_that_call_text_furniture(
    judge: Any, corpus: Path
) -> None:
    """clean_text judges a text itself: "furniture" answers another question."""
    key = ("trafilatura-eval", "pools.html.gz", "clean_text", "Newsletter")
    page = unmutated("Newsletter", rule="clean_text")
    assert judge.verdict(page, corpus, frozenset({key})) == "unknown"


def test_an_empty_required_field_outranks_the_review(
    judge: Any, corpus: Path, tmp_path: Path
) -> None:
    """A page the review clears in part and an empty title fails in part is the
    parser's failure."""
    reviewed, _ = judge.reviewed_furniture(
        review(tmp_path, ["Newsletter", "furniture"])
    )
    page = unmutated("Newsletter")
    page["alarms"]["new-page"].append(
        {"check": "quality", "rule": "required", "path": "title",
         "message": "expected a value", "value": None}
    )  # fmt: skip
    assert judge.verdict(page, corpus, reviewed) == "extraction"
    assert judge.verdict(page, corpus) == "unknown"  # without the review


def test_the_review_does_not_clear_text_the_annotators_kept(
    judge: Any, corpus: Path, tmp_path: Path
) -> None:
    """The ground truth outranks the review."""
    reviewed, _ = judge.reviewed_furniture(review(tmp_path, [ARTICLE, "furniture"]))
    assert judge.verdict(unmutated(ARTICLE), corpus, reviewed) == "article"


def test_the_kit_shows_every_place_of_a_flagged_text_among_controls(
    kit: Any, corpus: Path, tmp_path: Path
) -> None:
    """Each flagged text nothing else judges, with each place that holds it;
    flagged texts the ground truth judges and annotated snippets of other pages as
    controls; the key apart, and the answers scored on the controls."""
    write_page(
        corpus, "pools.html.gz",
        f"<div><p>{ARTICLE}</p><p>Newsletter</p></div><nav>Newsletter</nav>",
    )  # fmt: skip
    write_page(corpus, "kept.html.gz", f"<p>{ARTICLE} Join us</p>")
    truth = {
        "pools.html": {"with": [ARTICLE], "without": []},
        "kept.html": {"with": [f"{ARTICLE} Join us"], "without": []},
    }
    for n in range(4):
        story, home = f"Story {n} of the day", f"Home page {n}"
        write_page(corpus, f"other{n}.html.gz", f"<p>{story}</p><nav>{home}</nav>")
        truth[f"other{n}.html"] = {"with": [story], "without": [home]}
    (corpus / "ground-truth.json").write_text(json.dumps(truth))
    (tmp_path / "scrapinghub-aeb").mkdir()
    reports = tmp_path / "reports"
    reports.mkdir()
    kept = unmutated("Join us") | {"page": "seeds/kept.html.gz"}
    report = {"pages": [unmutated("Newsletter", "Newsletter"), kept]}
    (reports / "trafilatura-eval.json").write_text(json.dumps(report))
    (reports / "scrapinghub-aeb.json").write_text(json.dumps({"pages": []}))
    out = tmp_path / "kit"
    kit.write_kit(reports, out, tmp_path)
    key = json.loads((out / "key.json").read_text())
    alarms = [item for item in key if item["kind"] == "alarm"]
    controls = [item for item in key if item["kind"] == "control"]
    # The same text twice on a page is one item.
    assert [(a["page"], a["text"]) for a in alarms] == [("pools.html.gz", "Newsletter")]
    flagged = [c for c in controls if c["rule"] is not None]
    assert [(c["page"], c["label"]) for c in flagged] == [("kept.html.gz", "article")]
    assert {c["label"] for c in controls} == {"article", "furniture"}
    text = (out / "kit.md").read_text()
    item = text.split(f"## ITEM {alarms[0]['item']}\n")[1].split("## ITEM")[0]
    assert "QUOTED TEXT: Newsletter" in item
    assert "2 places of the page hold it" in item
    assert "in: nav < body" in item
    assert "in: p < div < body" in item
    # Nothing gives the key away.
    assert "control" not in text
    assert "label" not in text
    assert (out / "instructions.md").read_text() == kit.INSTRUCTIONS

    answers = tmp_path / "answers.jsonl"
    said = {item["item"]: "furniture" for item in key}  # says furniture to all
    answers.write_text(
        "".join(
            json.dumps({"item": n, "verdict": v, "reason": "seen"}) + "\n"
            for n, v in said.items()
        )
    )
    review = kit.record(out / "key.json", [answers], "a test")
    articles = sum(c["label"] == "article" for c in controls)
    assert review["controls"] == [
        {"right": len(controls) - articles, "wrong": articles, "unsure": 0,
         "article_as_furniture": articles}
    ]  # fmt: skip
    assert review["texts"] == [
        {"corpus": "trafilatura-eval", "page": "pools.html.gz", "rule": "no_appended_markers",
         "text": "Newsletter", "verdicts": ["furniture"], "reasons": ["seen"]}
    ]  # fmt: skip


def test_record_refuses_answers_that_miss_items_or_say_something_else(
    kit: Any, tmp_path: Path
) -> None:
    key = tmp_path / "key.json"
    key.write_text(
        json.dumps([{"item": 1, "kind": "alarm"}, {"item": 2, "kind": "alarm"}])
    )
    answers = tmp_path / "a.jsonl"
    answers.write_text(json.dumps({"item": 1, "verdict": "furniture", "reason": ""}))
    with pytest.raises(SystemExit, match=r"no answer to items \[2\]"):
        kit.record(key, [answers], "a test")
    answers.write_text(
        json.dumps({"item": 1, "verdict": "boilerplate", "reason": ""})
        + "\n"
        + json.dumps({"item": 2, "verdict": "article", "reason": ""})
    )
    with pytest.raises(SystemExit, match=r"items \[1\] answer none of"):
        kit.record(key, [answers], "a test")
