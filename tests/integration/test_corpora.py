"""Real Chinese pages in GBK/GB2312 and UTF-8, decoded by ``harness.pages.load_page``.

The pages sit in the shared corpora beside the repository (``../shared/corpora``),
read in place and never copied here. Each page's ``cleaned/<uuid>.txt`` is its
main text as annotated by people; its first Han characters must survive decoding.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from harness.pages import load_page

CORPORA = Path(__file__).resolve().parents[2].parent / "shared" / "corpora"
CORPUS = CORPORA / "chinese-wced"
HAN = re.compile(r"[\u4e00-\u9fff]")
FIRST_HAN = 30

PAGES = sorted(p.stem for p in (CORPUS / "original").glob("*.html"))


def require_corpus() -> None:
    if not CORPUS.is_dir():
        pytest.skip(
            f"../shared/corpora not found: {CORPORA} (chinese-wced is read from there)"
        )


@pytest.mark.parametrize("uuid", PAGES or [pytest.param(None, id="corpus-not-found")])
def test_page_decodes_to_its_annotated_text(uuid: str | None) -> None:
    """The first 30 Han characters of the cleaned text all appear in the decoded page."""
    require_corpus()
    assert uuid is not None, f"no pages in {CORPUS / 'original'}"
    path = CORPUS / "original" / f"{uuid}.html"
    page = load_page(path, name=path.name)
    cleaned = (CORPUS / "cleaned" / f"{uuid}.txt").read_text(encoding="utf-8")
    expected = HAN.findall(cleaned)[:FIRST_HAN]
    assert expected, f"cleaned/{uuid}.txt has no Han characters to look for"
    missing = [char for char in expected if char not in page.text]
    assert not missing, (
        f"{path.name} decoded as {page.encoding} lacks {''.join(missing)!r} "
        f"of {''.join(expected)!r}"
    )


def test_corpus_exercises_both_gb_and_utf8_decoding() -> None:
    """The pages above are not all one encoding: GB18030 and UTF-8 both decode some."""
    require_corpus()
    codecs = Counter(
        load_page(path, name=path.name).encoding
        for path in sorted((CORPUS / "original").glob("*.html"))
    )
    assert codecs["gb18030"] >= 10, codecs
    assert codecs["utf-8"] + codecs["utf-8-sig"] >= 10, codecs
