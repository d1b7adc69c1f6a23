"""The diffs on any JSON records and strings: never an exception; inline round-trips."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given

from harness.changes import named_diff
from harness.diff import diff
from harness.inline import clip_inline, inline, render_inline

from .strategies import any_text, json_values, records


@given(old=json_values() | records, new=json_values() | records)
def test_diff_takes_any_json(old: Any, new: Any) -> None:
    """diff and named_diff describe every change of any two JSON values."""
    for changes in (diff(old, new), named_diff(old, new)):
        for change in changes:
            assert isinstance(change.describe(), str)
    assert (diff(old, old), named_diff(new, new)) == ([], [])


@pytest.mark.parametrize("style", ["text", "markdown", "html"])
@given(old=any_text, new=any_text)
def test_inline_round_trips_and_renders(style: str, old: str, new: str) -> None:
    """inline's segments rebuild both strings; every style renders them and a clip."""
    segments = inline(old, new)
    assert "".join(t for k, t in segments if k != "insert") == old
    assert "".join(t for k, t in segments if k != "delete") == new
    assert isinstance(render_inline(segments, style=style), str)  # type: ignore[arg-type]
    assert isinstance(render_inline(clip_inline(segments), style=style), str)  # type: ignore[arg-type]
