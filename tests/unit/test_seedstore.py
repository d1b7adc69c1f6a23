"""Saving captures as seeds: meta fields, redaction, no clobbering, no duplicates."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from harness.pages import load_page, meta_path
from harness.seedstore import Capture, SeedWriter, is_html, redact, seed_name

PAGE = "<html><head><title>T</title></head><body><p>标签列表</p></body></html>".encode(
    "gbk"
)


def capture(body: bytes = PAGE, **kwargs: object) -> Capture:
    defaults: dict[str, object] = {
        "url": "http://127.0.0.1:8000/news?id=1",
        "final_url": "http://127.0.0.1:8000/news/1.html",
        "status": 200,
        "headers": {
            "Content-Type": "text/html; charset=GBK",
            "Set-Cookie": "session=secret",
            "Server": "test",
        },
        "captured_at": datetime(2026, 11, 25, 8, 0, tzinfo=UTC),
    }
    return Capture(body=body, **{**defaults, **kwargs})  # type: ignore[arg-type]


def test_written_seed_loads_with_its_meta(tmp_path):
    """The page and its meta.json are written, and the harness reads them back."""
    written = SeedWriter(tmp_path, site="news").write(capture())
    assert written.action == "written"
    meta = json.loads(meta_path(written.path).read_text())
    assert meta == {
        "url": "http://127.0.0.1:8000/news/1.html",
        "requested_url": "http://127.0.0.1:8000/news?id=1",
        "captured_at": "2026-11-25T08:00:00+00:00",
        "status": 200,
        "headers": {
            "content-type": "text/html; charset=GBK",
            "set-cookie": "<redacted>",
            "server": "test",
        },
        "content_type": "text/html; charset=GBK",
        "charset": "GBK",
        "sha256": capture().sha256,
        "source": "capture",
        "site": "news",
    }
    page = load_page(written.path, name="seed")
    assert "标签列表" in page.text


def test_existing_seed_is_kept_unless_overwrite(tmp_path):
    """A second capture of the same URL leaves the first unless asked to overwrite."""
    first = SeedWriter(tmp_path).write(capture())
    changed = capture(body=PAGE + b"<!-- changed -->")
    assert SeedWriter(tmp_path).write(changed).action == "exists"
    assert first.path.read_bytes() == PAGE
    assert SeedWriter(tmp_path, overwrite=True).write(changed).action == "overwritten"
    assert first.path.read_bytes() == changed.body


def test_same_body_under_another_url_is_a_duplicate(tmp_path):
    """A body already in the folder is not written again, even from a new writer."""
    SeedWriter(tmp_path).write(capture())
    again = SeedWriter(tmp_path).write(
        capture(url="http://127.0.0.1:8000/b", final_url=None)
    )
    assert again.action == "duplicate"
    assert len(list(tmp_path.glob("*.html"))) == 1


def test_names_and_helpers():
    """Seed names are readable and stable; HTML types are recognised; secrets redacted."""
    assert seed_name("https://Example.com/a/b c?x=1").startswith("example.com_a_b_c_")
    assert seed_name("https://example.com/a") == seed_name("https://example.com/a")
    assert is_html("text/html; charset=utf-8")
    assert not is_html("application/pdf")
    assert redact({"Authorization": "Bearer x", "ETag": "1"}) == {
        "authorization": "<redacted>",
        "etag": "1",
    }
