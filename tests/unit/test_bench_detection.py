"""The detection benchmark's judge: which findings on an unmutated page count
as false alarms, and what the blind review clears."""

from __future__ import annotations

import gzip
import importlib
import json
import sys
from pathlib import Path
from typing import Any

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"

ARTICLE = "The council voted on Tuesday to keep the pools open until ten at night."


@pytest.fixture
def judge(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    module = importlib.import_module("bench_detection")
    yield module
    sys.modules.pop("bench_detection", None)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A corpus in trafilatura-eval's format: one page, its article snippet
    annotated, and a "Newsletter" line nothing labels as furniture."""
    folder = tmp_path / "trafilatura-eval"
    (folder / "html").mkdir(parents=True)
    html = f"<html><body><div><p>{ARTICLE}</p><p>Newsletter</p></div></body></html>"
    (folder / "html" / "pools.html.gz").write_bytes(gzip.compress(html.encode()))
    truth = {"pools.html": {"with": [ARTICLE], "without": []}}
    (folder / "ground-truth.json").write_text(json.dumps(truth))
    return folder


def unmutated(*texts: str) -> dict[str, Any]:
    """A mutate report's page whose unmutated record was flagged for ``texts``."""
    findings = [
        {"check": "quality", "rule": "no_appended_markers", "path": "body[1].text",
         "message": f'found a promo line "{text}"', "value": text}
        for text in texts
    ]  # fmt: skip
    return {"page": "seeds/pools.html.gz", "alarms": {"new-page": findings}}


def review(tmp_path: Path, *verdicts: list[str]) -> Path:
    texts = [
        {"corpus": "trafilatura-eval", "page": "pools.html.gz", "text": text,
         "rule": "no_appended_markers", "verdicts": said, "reasons": []}
        for text, *said in verdicts
    ]  # fmt: skip
    file = tmp_path / "reviewed.json"
    file.write_text(json.dumps({"controls": [], "texts": texts}))
    return file


def test_a_flagged_text_nothing_verifies_is_unknown(judge: Any, corpus: Path) -> None:
    assert judge.verdict(unmutated("Newsletter"), corpus) == "unknown"


def test_the_review_clears_a_text_every_reviewer_called_furniture(
    judge: Any, corpus: Path, tmp_path: Path
) -> None:
    file = review(tmp_path, ["Newsletter", "furniture", "furniture"])
    reviewed = judge.reviewed_furniture(file)
    assert reviewed == {("trafilatura-eval", "pools.html.gz", "Newsletter")}
    assert judge.verdict(unmutated("Newsletter"), corpus, reviewed) == "review"


@pytest.mark.parametrize("second", ["article", "unsure"])
def test_one_reviewer_in_doubt_leaves_the_alarm(
    judge: Any, corpus: Path, tmp_path: Path, second: str
) -> None:
    file = review(tmp_path, ["Newsletter", "furniture", second])
    reviewed = judge.reviewed_furniture(file)
    assert reviewed == frozenset()
    assert judge.verdict(unmutated("Newsletter"), corpus, reviewed) == "unknown"


def test_every_finding_of_a_page_must_be_cleared(
    judge: Any, corpus: Path, tmp_path: Path
) -> None:
    """A text the review did not see, on the same page, keeps the page an alarm;
    so does a review of another page or corpus."""
    reviewed = judge.reviewed_furniture(review(tmp_path, ["Newsletter", "furniture"]))
    page = unmutated("Newsletter", "Follow us")
    assert judge.verdict(page, corpus, reviewed) == "unknown"
    elsewhere = {("scrapinghub-aeb", "pools.html.gz", "Newsletter"),
                 ("trafilatura-eval", "other.html.gz", "Newsletter")}  # fmt: skip
    assert judge.verdict(unmutated("Newsletter"), corpus, elsewhere) == "unknown"


def test_the_review_does_not_clear_text_the_annotators_kept(
    judge: Any, corpus: Path, tmp_path: Path
) -> None:
    """The ground truth outranks the review."""
    reviewed = judge.reviewed_furniture(review(tmp_path, [ARTICLE, "furniture"]))
    assert judge.verdict(unmutated(ARTICLE), corpus, reviewed) == "article"


@pytest.fixture
def kit(judge: Any) -> Any:
    module = importlib.import_module("review_kit")
    yield module
    sys.modules.pop("review_kit", None)


def write_page(folder: Path, name: str, body: str) -> None:
    html = f"<html><body>{body}</body></html>"
    (folder / "html" / name).write_bytes(gzip.compress(html.encode()))


def test_the_kit_shows_every_place_of_a_flagged_text_among_controls(
    kit: Any, corpus: Path, tmp_path: Path
) -> None:
    """Each flagged text nothing else judges, with each place it appears, and
    controls of other pages whose label the ground truth gives; the key is apart."""
    write_page(
        corpus, "pools.html.gz",
        f"<div><p>{ARTICLE}</p><p>Newsletter</p></div><nav>Newsletter</nav>",
    )  # fmt: skip
    truth = {"pools.html": {"with": [ARTICLE], "without": []}}
    for n in range(4):
        write_page(
            corpus,
            f"other{n}.html.gz",
            f"<p>Story {n} of the day</p><nav>Home page {n}</nav>",
        )
        truth[f"other{n}.html"] = {
            "with": [f"Story {n} of the day"],
            "without": [f"Home page {n}"],
        }
    (corpus / "ground-truth.json").write_text(json.dumps(truth))
    (tmp_path / "scrapinghub-aeb").mkdir()
    reports = tmp_path / "reports"
    reports.mkdir()
    report = {"pages": [unmutated("Newsletter")]}
    (reports / "trafilatura-eval.json").write_text(json.dumps(report))
    (reports / "scrapinghub-aeb.json").write_text(json.dumps({"pages": []}))
    out = tmp_path / "kit"
    kit.write_kit(reports, out, tmp_path)
    key = json.loads((out / "key.json").read_text())
    alarms = [item for item in key if item["kind"] == "alarm"]
    controls = [item for item in key if item["kind"] == "control"]
    assert [(a["page"], a["text"]) for a in alarms] == [("pools.html.gz", "Newsletter")]
    assert {c["label"] for c in controls} == {"article", "furniture"}
    assert all(c["page"] != "pools.html.gz" for c in controls)
    text = (out / "kit.md").read_text()
    item = text.split(f"## ITEM {alarms[0]['item']}\n")[1].split("## ITEM")[0]
    assert "QUOTED TEXT: Newsletter" in item
    assert "appears in 2 places" in item
    assert "place 2:" in item
    assert "nav" in item  # the markup around one of them
    # Nothing gives the key away.
    assert "control" not in text
    assert "label" not in text
    assert (out / "instructions.md").read_text() == kit.INSTRUCTIONS

    answers = tmp_path / "answers.jsonl"
    said = {
        item["item"]: "furniture" if item["kind"] == "alarm" else "article"
        for item in key
    }
    answers.write_text(
        "".join(
            json.dumps({"item": n, "verdict": v, "reason": "seen"}) + "\n"
            for n, v in said.items()
        )
    )
    review = kit.record(out / "key.json", [answers], "a test")
    articles = sum(c["label"] == "article" for c in controls)
    assert review["controls"] == [
        {"right": articles, "wrong": len(controls) - articles, "unsure": 0}
    ]
    assert review["texts"] == [
        {"corpus": "trafilatura-eval", "page": "pools.html.gz", "rule": "no_appended_markers",
         "text": "Newsletter", "verdicts": ["furniture"], "reasons": ["seen"]}
    ]  # fmt: skip
