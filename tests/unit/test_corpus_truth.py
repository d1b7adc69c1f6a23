"""Corpus ground truth read in place, in each corpus' own layout (built here in tmp_path)."""

from __future__ import annotations

import json
from pathlib import Path

from harness.corpora import corpus_truth
from harness.truth import Truth


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_scrapinghub_article_body_by_page_id(tmp_path: Path) -> None:
    """html/<id>.html.gz with ground-truth.json {id: {articleBody}}: the expected body."""
    truth = write(
        tmp_path / "ground-truth.json",
        json.dumps({"abc": {"articleBody": "Text.", "url": "u"}}),
    )
    page = tmp_path / "html" / "abc.html.gz"
    assert corpus_truth(page) == Truth(f"{truth} ['abc']", body="Text.")


def test_trafilatura_eval_snippets_by_file_name(tmp_path: Path) -> None:
    """html/<name>.html.gz with ground-truth.json {name.html: {with, without}}: snippets."""
    entry = {"with": ["kept"], "without": ["dropped"], "title": "T", "author": ""}
    truth = write(tmp_path / "ground-truth.json", json.dumps({"a.html": entry}))
    assert corpus_truth(tmp_path / "html" / "a.html.gz") == Truth(
        f"{truth} ['a.html']", with_snippets=("kept",), without_snippets=("dropped",)
    )


def test_chinese_wced_cleaned_text_beside_original(tmp_path: Path) -> None:
    """original/<uuid>.html with cleaned/<uuid>.txt: the cleaned text is the body."""
    cleaned = write(tmp_path / "cleaned" / "u-1.txt", "正文。\n")
    assert corpus_truth(tmp_path / "original" / "u-1.html") == Truth(
        str(cleaned), body="正文。\n"
    )


def test_page_no_corpus_knows(tmp_path: Path) -> None:
    """A page with no ground truth around it, or not in the file: None."""
    assert corpus_truth(tmp_path / "html" / "a.html") is None
    write(tmp_path / "ground-truth.json", json.dumps({"b.html": {"articleBody": "x"}}))
    assert corpus_truth(tmp_path / "html" / "a.html") is None
