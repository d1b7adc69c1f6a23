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
