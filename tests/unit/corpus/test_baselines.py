"""Per-site baselines: derived from pages, checked, and refreshed without loosening."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.corpus import CorpusRecord, corpus_findings
from harness.corpus.baselines import (
    Metric,
    derive,
    read_baselines,
    refresh,
    write_baselines,
)
from harness.errors import ConfigError


def page(name: str, *paragraphs: str) -> CorpusRecord:
    body = [{"kind": "paragraph", "text": p} for p in paragraphs]
    return CorpusRecord(
        f"seeds/news/{name}.html", "news", {"title": name, "body": body}
    )


def text(page: int, block: int, length: int = 100) -> str:
    """A block of its own (the same block on many pages would be template text)."""
    return f"{page}.{block} ".ljust(length, "x")


FULL = [page(str(i), text(i, 0), text(i, 1), text(i, 2)) for i in range(4)]


def test_a_page_under_the_floor_and_a_median_out_of_band_are_flagged() -> None:
    """Pages cut to a third fall under the floor (named by page) and move the
    site's median out of its band (named by site)."""
    baselines = {"news": derive(FULL, tolerance=0.5)}
    assert baselines["news"].metrics["body_chars"] == Metric(150, 300.0, 0.5)
    assert corpus_findings(FULL, baselines=baselines) == []
    cut = [page(str(i), text(i, 0)) for i in range(4)]
    found = {
        (f.rule, f.page, f.path) for f in corpus_findings(cut, baselines=baselines)
    }
    assert ("baseline_floor", "seeds/news/0.html", "body") in found
    assert ("baseline_median", "news", "body_chars") in found
    assert ("baseline_median", "news", "body_blocks") in found


def test_refresh_refuses_a_lower_floor_unless_allowed() -> None:
    """A shorter page lowers the floor: refused and kept, unless allow_regression."""
    old = {"news": derive(FULL, tolerance=0.5)}
    shorter = [*FULL, page("short", text(9, 0), text(9, 1))]
    refused = refresh(old, {"news": shorter}, tolerance=0.5, allow_regression=False)
    assert refused.refused == ("site 'news' body_chars: floor lowered from 150 to 100",)
    assert refused.baselines["news"].metrics["body_chars"].floor == 150
    allowed = refresh(old, {"news": shorter}, tolerance=0.5, allow_regression=True)
    assert allowed.refused == ()
    assert allowed.baselines["news"].metrics["body_chars"].floor == 100


def test_refresh_refuses_a_wider_tolerance_and_accepts_a_tighter_one() -> None:
    """Raising the tolerance is a loosening; lowering it is not."""
    old = {"news": derive(FULL, tolerance=0.5)}
    wider = refresh(old, {"news": FULL}, tolerance=0.8, allow_regression=False)
    assert any("tolerance widened from 0.5 to 0.8" in r for r in wider.refused)
    tighter = refresh(old, {"news": FULL}, tolerance=0.25, allow_regression=False)
    assert tighter.refused == ()
    assert tighter.baselines["news"].metrics["body_chars"] == Metric(225, 300.0, 0.25)


def test_baselines_round_trip_through_the_file(tmp_path: Path) -> None:
    """What is written is read back the same; a file of another format is refused."""
    file = tmp_path / "baselines.json"
    baselines = {"news": derive(FULL, tolerance=0.5)}
    write_baselines(file, baselines)
    assert read_baselines(file, shown="baselines.json") == baselines
    assert read_baselines(tmp_path / "none.json", shown="none.json") is None
    file.write_text('{"format": "other"}')
    with pytest.raises(ConfigError, match=r"baselines.json: not a baselines file"):
        read_baselines(file, shown="baselines.json")
