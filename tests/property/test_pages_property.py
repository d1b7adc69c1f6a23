"""Any bytes as a seed file, with any bytes as its meta.json: a Page or a HarnessError."""

from __future__ import annotations

import gzip
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harness.errors import HarnessError
from harness.model import Page
from harness.pages import load_page, meta_path

from .strategies import json_values


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    # Module-scoped: hypothesis runs many examples in one function-scoped call.
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


meta_bytes = st.one_of(
    st.none(),  # no sidecar
    st.binary(max_size=200),
    json_values(10).map(lambda v: json.dumps(v).encode()),
    st.fixed_dictionaries(
        {},
        optional={
            "url": json_values(1),
            "charset": json_values(1) | st.sampled_from(["utf-8", "gbk", "x-bogus"]),
            "content_type": json_values(1)
            | st.sampled_from(["text/html; charset=latin-1", "text/html; charset="]),
            "fetched": json_values(1),
        },
    ).map(lambda v: json.dumps(v).encode()),
)


@given(
    body=st.binary(max_size=2000),
    meta=meta_bytes,
    suffix=st.sampled_from([".txt", ".html", ".htm", ".txt.gz", ".html.gz"]),
    compress=st.booleans(),
)
def test_any_seed_file_loads_or_raises_a_harness_error(
    folder: Path, body: bytes, meta: bytes | None, suffix: str, compress: bool
) -> None:
    """load_page returns a Page or raises HarnessError, whatever the bytes."""
    path = folder / f"page{suffix}"
    if suffix.endswith(".gz") and compress:
        body = gzip.compress(body)
    path.write_bytes(body)
    sidecar = meta_path(path)
    sidecar.unlink(missing_ok=True)
    if meta is not None:
        sidecar.write_bytes(meta)
    try:
        page = load_page(path, name=f"seeds/site/page{suffix}")
    except HarnessError:
        return
    assert isinstance(page, Page)
    assert isinstance(page.text, str)
