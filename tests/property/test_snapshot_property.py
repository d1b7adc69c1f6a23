"""The fast snapshot serializer writes exactly what syrupy's own would."""

from __future__ import annotations

import random
import re
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from syrupy.extensions.json import JSONSnapshotExtension
from syrupy.matchers import path_type

from harness.snapshots import (
    fast_serialize,
    mask,
    serialize,
    unchanged,
    volatile_matcher,
)
from harness.syrupy_extension import SeedSnapshotExtension

KEYS = st.sampled_from(["views", "appended", "body", "text", "a.b", "0", "é", "x"])
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text()
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(KEYS | st.text(max_size=3), inner, max_size=4)
    ),
    max_leaves=30,
)
PATTERNS = st.lists(
    st.sampled_from(["views", "appended", "body.*.text", "body.*", "*.x", "a.b"]),
    max_size=3,
)


@given(record=st.dictionaries(KEYS, VALUES, max_size=5), volatile=PATTERNS)
def test_fast_serializer_matches_syrupy(record: dict[str, Any], volatile: list[str]):
    ours = SeedSnapshotExtension().serialize(record, matcher=volatile_matcher(volatile))
    stock = JSONSnapshotExtension().serialize(record, matcher=syrupy_matcher(volatile))
    assert ours == stock


def syrupy_matcher(patterns: list[str]) -> Any:
    """The volatile masking written with syrupy's own path_type."""
    regexes = {
        r"\.".join("[^.]+" if part == "*" else re.escape(part) for part in p.split("."))
        for p in patterns
    }
    if not regexes:
        return None
    return path_type(
        dict.fromkeys(regexes, (object,)), regex=True, replacer=lambda d, _: mask(d)
    )


def confuse(value: Any, rng: random.Random) -> Any:
    """``value`` with some scalars swapped for ones Python finds equal or near:
    1 for True, 1.0 for 1, a tuple for a list, a trailing space."""
    if isinstance(value, dict):
        return {k: confuse(v, rng) for k, v in value.items()}
    if isinstance(value, list | tuple):
        items = [confuse(v, rng) for v in value]
        return tuple(items) if rng.random() < 0.2 else items
    if rng.random() < 0.7:
        return value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return float(value) if abs(value) < 2**53 else value + 1
    if isinstance(value, str):
        return value + " "
    return value


@given(
    record=st.dictionaries(KEYS, VALUES, max_size=5),
    volatile=PATTERNS,
    seed=st.integers(0, 2**32),
)
def test_unchanged_only_when_the_snapshot_text_would_be_the_same(
    record: dict[str, Any], volatile: list[str], seed: int
):
    text = serialize(record, volatile)
    other = confuse(record, random.Random(seed))
    if unchanged(other, text.encode(), volatile):
        assert serialize(other, volatile) == text
    if fast_serialize(record, volatile_matcher(volatile)) is not None:
        assert (
            unchanged(record, text.encode(), volatile) or "." in text
        )  # floats go the long way
