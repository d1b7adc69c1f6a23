"""Seed files on disk: which files are pages, sidecars, gzip, bad meta."""

from __future__ import annotations

import gzip
import json
import os
import threading
from pathlib import Path

import pytest

from harness.errors import PageError
from harness.pages import find_pages, is_page, load_page, meta_path


@pytest.mark.parametrize(
    ("name", "page"),
    [
        ("a.txt", True),
        ("a.html", True),
        ("a.HTM", True),
        ("a.txt.gz", True),
        ("a.meta.json", False),
        ("a.gz", False),
        (".hidden.txt", False),
        ("notes.md", False),
    ],
)
def test_is_page(name, page):
    """Pages are .txt/.html/.htm, optionally .gz; sidecars and others are not."""
    assert is_page(Path(name)) is page


def test_meta_path_drops_page_and_gzip_suffixes():
    """a.txt and a.txt.gz share the sidecar a.meta.json."""
    assert meta_path(Path("s/a.txt")) == Path("s/a.meta.json")
    assert meta_path(Path("s/a.html.gz")) == Path("s/a.meta.json")


def test_gzipped_page_with_meta_charset(tmp_path):
    """A gzipped GBK page is decompressed and decoded with the meta's charset."""
    text = "标签列表：小红书，抖音。" * 10
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(text.encode("gbk")))
    (tmp_path / "a.meta.json").write_text(
        json.dumps(
            {"url": "https://example.com/a", "content_type": "text/plain; charset=gbk"}
        )
    )
    page = load_page(tmp_path / "a.txt.gz", name="seeds/a.txt.gz")
    assert page.text == text
    assert page.kind == "text"
    assert page.url == "https://example.com/a"


def test_corrupt_gzip_is_an_error_naming_the_file(tmp_path):
    """A .gz seed that is not gzip data fails with a clear message."""
    (tmp_path / "a.html.gz").write_bytes(b"not gzip at all")
    with pytest.raises(PageError, match=r"seeds/a\.html\.gz: not a valid gzip file"):
        load_page(tmp_path / "a.html.gz", name="seeds/a.html.gz")


@pytest.mark.parametrize(
    ("meta", "message"),
    [
        (
            "{not json",
            r"seeds/a\.meta\.json: not valid JSON: Expecting property name enclosed "
            r"in double quotes: line 1 column 2",
        ),
        (
            '{"status": "ok"}',
            r"seeds/a\.meta\.json: status: 'ok' is not of type 'integer'",
        ),
        (
            '{"captured_at": "yesterday"}',
            r"captured_at: 'yesterday' is not a 'date-time'",
        ),
        ("[1, 2]", r"\(top level\): \[1, 2\] is not of type 'object'"),
    ],
)
def test_malformed_meta_names_the_sidecar(tmp_path, meta, message):
    """A broken meta.json is refused, naming the sidecar, the key and the problem."""
    (tmp_path / "a.txt").write_text("title\nbody\n")
    (tmp_path / "a.meta.json").write_text(meta)
    with pytest.raises(PageError, match=message):
        load_page(tmp_path / "a.txt", name="seeds/a.txt")


def test_find_pages_sorted_and_filtered(tmp_path):
    """Discovery returns pages only, sorted, from folders and explicit files."""
    for name in ("b.txt", "a.html", "a.meta.json", "sub/c.htm.gz", "x.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    assert [p.relative_to(tmp_path).as_posix() for p in find_pages(tmp_path)] == [
        "a.html",
        "b.txt",
        "sub/c.htm.gz",
    ]
    assert find_pages(tmp_path, [tmp_path / "b.txt"]) == [tmp_path / "b.txt"]
    with pytest.raises(PageError, match="not a page file"):
        find_pages(tmp_path, [tmp_path / "x.md"])


def _fed_fifo(path: Path, data: bytes) -> threading.Thread:
    """A FIFO at ``path`` whose size reads as 0 and which then yields ``data``:
    a page that grows after its size is read."""
    os.mkfifo(path)

    def feed() -> None:
        with open(path, "wb") as writer:
            writer.write(data)

    thread = threading.Thread(target=feed, daemon=True)
    thread.start()
    return thread


def test_a_page_that_grows_after_its_size_is_read_is_read_whole(tmp_path):
    text = "Title\n" + "A paragraph that keeps coming. " * 400
    feeder = _fed_fifo(tmp_path / "a.txt", text.encode())
    assert load_page(tmp_path / "a.txt", name="a.txt").text == text
    feeder.join(timeout=5)


def test_a_page_that_grows_past_the_cap_is_refused(tmp_path):
    feeder = _fed_fifo(tmp_path / "a.txt", b"x" * 5000)
    with pytest.raises(PageError, match=r"^a\.txt: .*4,?000"):
        load_page(tmp_path / "a.txt", name="a.txt", max_bytes=4000)
    feeder.join(timeout=5)


def test_a_file_system_that_reads_in_short_pieces_gives_the_whole_page(
    tmp_path, monkeypatch
):
    """A read may return less than asked (network and FUSE file systems do):
    the page is read on to its end, not cut at the first piece."""
    text = "Title\n" + "A paragraph in pieces. " * 300
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    real_read = os.read
    monkeypatch.setattr(
        "harness.pages.os.read", lambda fd, size: real_read(fd, min(size, 1000))
    )
    assert load_page(tmp_path / "a.txt", name="a.txt").text == text
