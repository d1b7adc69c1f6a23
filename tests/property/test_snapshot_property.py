"""The fast snapshot serializer writes exactly what syrupy's own would."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from syrupy.extensions.json import JSONSnapshotExtension
from syrupy.matchers import path_type

from harness.snapshots import SeedSnapshotExtension, mask, volatile_matcher

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
