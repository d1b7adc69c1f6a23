"""``harness import``: WARC and HAR files to seeds, through ``main(argv)``.

The WARC files are written here with warcio's own writer; ``archives/chrome.har``
is shaped as Chrome's "Save all as HAR" writes it (HAR 1.2, pages, timings,
HTTP/2 pseudo-headers, a request the browser blocked).
"""

from __future__ import annotations

import gzip
import io
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from harness.pages import find_pages, load_page, meta_path, read_meta

Cli = Callable[..., Any]

HERE = Path(__file__).resolve().parent
HAR = HERE / "archives" / "chrome.har"

ARTICLE = (
    b"<html><head><title>News</title></head><body><p>Plain article.</p></body></html>"
)
ZIPPED = (
    b"<html><head><title>Zipped</title></head><body><p>Sent gzipped.</p></body></html>"
)
CHINESE = "<html><head><title>标签列表</title></head><body><p>今天的新闻：相关推荐。</p></body></html>"
WARC_DATE = "2024-05-01T10:20:30Z"


def write_warc(path: Path, *, gzipped: bool) -> Path:
    """A WARC with one record of each kind the importer meets."""
    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=gzipped)
        writer.write_record(
            writer.create_warcinfo_record(path.name, {"software": "test"})
        )

        def response(
            url: str, body: bytes, status: str = "200 OK", **headers: str
        ) -> None:
            http = StatusAndHeaders(
                status,
                [(name.replace("_", "-"), value) for name, value in headers.items()],
                protocol="HTTP/1.1",
            )
            record = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                length=len(body),  # known, so warcio buffers nothing in temp files
                http_headers=http,
                warc_headers_dict={"WARC-Date": WARC_DATE},
            )
            writer.write_record(record)

        request = writer.create_warc_record(
            "http://news.test/a",
            "request",
            payload=io.BytesIO(b""),
            length=0,
            http_headers=StatusAndHeaders(
                "GET /a HTTP/1.1", [("Host", "news.test")], is_http_request=True
            ),
        )
        writer.write_record(request)
        response(
            "http://news.test/a",
            ARTICLE,
            Content_Type="text/html; charset=utf-8",
            Set_Cookie="session=secret",
        )
        response(
            "http://news.test/zipped",
            gzip.compress(ZIPPED),
            Content_Type="text/html",
            Content_Encoding="gzip",
        )
        response(
            "http://news.test/report.pdf", b"%PDF-1.7\n", Content_Type="application/pdf"
        )
        response(
            "http://news.test/old",
            b"",
            "301 Moved Permanently",
            Location="http://news.test/a",
            Content_Type="text/html",
        )
        response("http://news.test/a?utm=mail", ARTICLE, Content_Type="text/html")
        response(
            "http://news.test/gbk",
            CHINESE.encode("gbk"),
            Content_Type="text/html; charset=GBK",
        )
    return path


def seeds_of(root: Path, site: str) -> dict[str, dict[str, Any]]:
    """The meta of every seed of a site, by the URL it names."""
    pages = find_pages(root / "seeds" / site)
    return {meta["url"]: meta for meta in (read_meta(p, p.name) for p in pages)}


@pytest.mark.parametrize("gzipped", [False, True], ids=["warc", "warc.gz"])
def test_warc_html_responses_become_seeds(
    tmp_path: Path, cli: Cli, gzipped: bool
) -> None:
    """Each HTML response is a seed with its meta; the rest are counted per reason."""
    warc = write_warc(
        tmp_path / ("crawl.warc.gz" if gzipped else "crawl.warc"), gzipped=gzipped
    )
    result = cli("import", warc, "--site", "news", "--root", tmp_path)
    assert result.code == 0, result.err
    assert result.out.splitlines()[-1] == (
        "1 file: 3 seeds written, 0 overwritten, 5 skipped (not a response: 2, "
        "redirect: 1, not HTML: 1, duplicate body: 1), in seeds/news/"
    )
    seeds = seeds_of(tmp_path, "news")
    assert sorted(seeds) == [
        "http://news.test/a",
        "http://news.test/gbk",
        "http://news.test/zipped",
    ]
    meta = seeds["http://news.test/a"]
    assert meta["status"] == 200
    assert meta["source"] == "warc"
    assert meta["site"] == "news"
    assert meta["captured_at"] == "2024-05-01T10:20:30+00:00"
    assert meta["headers"]["set-cookie"] == "<redacted>"
    assert meta["charset"] == "utf-8"
    page = next(p for p in find_pages(tmp_path / "seeds") if "news.test_a_" in p.name)
    assert page.read_bytes() == ARTICLE


def test_warc_gzip_content_encoding_is_undone(tmp_path: Path, cli: Cli) -> None:
    """A body sent with Content-Encoding: gzip is saved as the HTML it encodes."""
    warc = write_warc(tmp_path / "crawl.warc.gz", gzipped=True)
    assert cli("import", warc, "--site", "news", "--root", tmp_path).code == 0
    (page,) = [p for p in find_pages(tmp_path / "seeds") if "zipped" in p.name]
    assert page.read_bytes() == ZIPPED
    meta = json.loads(meta_path(page).read_text())
    assert meta["headers"]["content-encoding"] == "gzip"  # as the server sent it


def test_warc_gbk_page_decodes_by_its_header_charset(tmp_path: Path, cli: Cli) -> None:
    """A GBK page whose charset is in the HTTP header only reads back as Chinese text."""
    warc = write_warc(tmp_path / "crawl.warc", gzipped=False)
    assert cli("import", warc, "--site", "news", "--root", tmp_path).code == 0
    (path,) = [p for p in find_pages(tmp_path / "seeds") if "gbk" in p.name]
    page = load_page(path, name="gbk")
    assert page.encoding == "gb18030"
    assert "今天的新闻：相关推荐。" in page.text
    assert page.meta["charset"] == "GBK"


def test_verbose_names_each_skipped_record(tmp_path: Path, cli: Cli) -> None:
    """-v prints one line per skipped record: where it is, its URL and why."""
    warc = write_warc(tmp_path / "crawl.warc", gzipped=False)
    result = cli("import", warc, "--site", "news", "--root", tmp_path, "-v")
    skipped = [line for line in result.out.splitlines() if line.startswith("skipped ")]
    assert len(skipped) == 5
    reasons = [line.split(": ", 1)[1] for line in skipped]
    assert "not a response (warcinfo record)" in reasons
    assert "not a response (request record)" in reasons
    assert "redirect (status 301)" in reasons
    assert "not HTML (application/pdf)" in reasons
    assert (
        "duplicate body (same body as seeds/news/news.test_a_2c6a2f48.html)" in reasons
    )
    assert any(
        "http://news.test/a?utm=mail" in line for line in result.out.splitlines()
    )
    assert f"{warc}@" in skipped[0]


def test_second_import_overwrites_nothing(
    tmp_path: Path, cli: Cli, file_hashes: Callable[[Path], dict[str, str]]
) -> None:
    """Importing the same file again writes nothing; --overwrite replaces the seeds."""
    warc = write_warc(tmp_path / "crawl.warc.gz", gzipped=True)
    assert cli("import", warc, "--site", "news", "--root", tmp_path).code == 0
    (tmp_path / "snapshots").mkdir()
    before = file_hashes(tmp_path)

    again = cli("import", warc, "--site", "news", "--root", tmp_path)
    assert again.code == 0
    assert "0 seeds written, 0 overwritten" in again.out
    assert "seed exists: 3" in again.out
    assert "--overwrite replaces existing seeds" in again.out
    assert file_hashes(tmp_path) == before

    forced = cli("import", warc, "--site", "news", "--root", tmp_path, "--overwrite")
    assert forced.code == 0
    assert "0 seeds written, 3 overwritten" in forced.out


def test_har_from_chrome(tmp_path: Path, cli: Cli) -> None:
    """A Chrome HAR: inline and base64 HTML become seeds; image, XHR, redirect, blocked do not."""
    result = cli("import", HAR, "--site", "shop", "--root", tmp_path, "-v")
    assert result.code == 0, result.err
    assert result.out.splitlines()[-1] == (
        "1 file: 2 seeds written, 0 overwritten, 4 skipped (not a response: 1, "
        "redirect: 1, not HTML: 2), in seeds/shop/"
    )
    assert (
        f"skipped {HAR} entries[1] https://shop.example/logo.png: not HTML (image/png)"
        in result.out
    )
    seeds = seeds_of(tmp_path, "shop")
    assert sorted(seeds) == ["https://shop.example/", "https://shop.example/p/1"]
    home = seeds["https://shop.example/"]
    assert home["source"] == "har"
    assert home["captured_at"] == "2024-05-01T10:20:30+00:00"
    assert home["headers"]["set-cookie"] == "<redacted>"
    assert home["content_type"] == "text/html; charset=utf-8"
    pages = {
        load_page(p, name=p.name).url: load_page(p, name=p.name)
        for p in find_pages(tmp_path / "seeds")
    }
    assert "今日特价：茶叶 45 元。" in pages["https://shop.example/"].text
    product = pages["https://shop.example/p/1"]
    assert product.encoding == "gb18030"
    assert "价格：128 元，产地杭州。" in product.text


def test_har_inline_text_is_stored_in_its_declared_charset(
    tmp_path: Path, cli: Cli
) -> None:
    """Text a browser decoded is encoded back in the response's charset, not as UTF-8."""
    har = json.loads(HAR.read_text(encoding="utf-8"))
    entry = har["log"]["entries"][0]
    entry["response"]["headers"] = [
        {"name": "content-type", "value": "text/html; charset=gbk"}
    ]
    entry["response"]["content"]["text"] = CHINESE
    file = tmp_path / "gbk.har"
    file.write_text(json.dumps(har), encoding="utf-8")
    assert cli("import", file, "--site", "shop", "--root", tmp_path).code == 0
    (path,) = [p for p in find_pages(tmp_path / "seeds") if "_p_1_" not in p.name]
    assert path.read_bytes() == CHINESE.encode("gbk")
    assert "今天的新闻" in load_page(path, name="gbk").text


def test_everything_skipped_still_exits_0(tmp_path: Path, cli: Cli) -> None:
    """A file with no HTML response is read fine: exit 0 and a summary of the skips."""
    har = json.loads(HAR.read_text(encoding="utf-8"))
    har["log"]["entries"] = har["log"]["entries"][1:4]
    file = tmp_path / "assets.har"
    file.write_text(json.dumps(har), encoding="utf-8")
    result = cli("import", file, "--site", "shop", "--root", tmp_path)
    assert result.code == 0
    assert "0 seeds written, 0 overwritten, 3 skipped" in result.out


def test_several_files_in_one_import(tmp_path: Path, cli: Cli) -> None:
    """WARC and HAR files import together into one site, duplicates across files skipped."""
    warc = write_warc(tmp_path / "crawl.warc.gz", gzipped=True)
    copy = tmp_path / "copy.warc"
    write_warc(copy, gzipped=False)
    result = cli("import", warc, copy, HAR, "--site", "mixed", "--root", tmp_path)
    assert result.code == 0, result.err
    assert "3 files: 5 seeds written" in result.out
    assert "seed exists: 3" in result.out


def test_unconfigured_site_gets_a_note(tiny_project: Path, cli: Cli) -> None:
    """In a project whose sites do not include --site, the import says how to add it."""
    result = cli("import", HAR, "--site", "shop", "--root", tiny_project)
    assert result.code == 0
    assert "note: site 'shop' is not in [[tool.harness.sites]]" in result.out
    assert len(find_pages(tiny_project / "seeds" / "shop")) == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.har", b"{}", "not a HAR file: no log.entries"),
        (
            "broken.har",
            b'{"log": ',
            "not a HAR file: not valid JSON: Expecting value: line 1 column 9",
        ),
        ("list.har", b"[1, 2]", "not a HAR file: no log.entries"),
        (
            "noresponse.har",
            b'{"log": {"entries": [{"request": {"url": "http://a.test/"}}]}}',
            "not a HAR file: entries[0]: no response",
        ),
        ("latin.har", '{"log": "é"}'.encode("latin-1"), "not a HAR file: not UTF-8"),
        ("text.warc", b"hello, not an archive\n", "not a WARC file"),
        ("empty.warc", b"", "not a WARC file: it holds no records"),
        ("page.html", b"<html></html>", "unknown kind of file; expected .warc"),
    ],
)
def test_unreadable_file_exits_2_naming_it(
    tmp_path: Path, cli: Cli, name: str, content: bytes, message: str
) -> None:
    """A file that is not a WARC or HAR file: exit 2, its name and what is wrong."""
    file = tmp_path / name
    file.write_bytes(content)
    result = cli("import", file, "--site", "x", "--root", tmp_path)
    assert result.code == 2
    assert f"{file}: {message}" in result.err
    assert not (tmp_path / "seeds").exists()


def test_missing_file_fails_before_anything_is_written(
    tmp_path: Path, cli: Cli
) -> None:
    """A missing second file stops the import before the first one is read."""
    missing = tmp_path / "gone.har"
    result = cli("import", HAR, missing, "--site", "shop", "--root", tmp_path)
    assert result.code == 2
    assert f"{missing}: no such file" in result.err
    assert not (tmp_path / "seeds").exists()


@pytest.mark.parametrize(
    ("name", "cut", "message"),
    [
        ("crawl.warc", 50, r"@\d+: damaged: the record is cut short \(46 bytes"),
        ("crawl.warc", 500, r": damaged after 7 records: a record without WARC-Type"),
        ("crawl.warc.gz", 50, r"@\d+: damaged: the record is cut short"),
        ("crawl.warc.gz", 200, r": damaged after 7 records: \d+ bytes at offset \d+"),
    ],
)
def test_damaged_warc_exits_2_after_saying_what_was_done(
    tmp_path: Path, cli: Cli, name: str, cut: int, message: str
) -> None:
    """A WARC cut short: the records before the damage are saved, then exit 2 naming it."""
    data = write_warc(tmp_path / name, gzipped=name.endswith(".gz")).read_bytes()
    damaged = tmp_path / f"cut-{name}"
    damaged.write_bytes(data[: len(data) - cut])
    result = cli("import", damaged, "--site", "news", "--root", tmp_path)
    assert result.code == 2, result.out
    assert re.search(re.escape(str(damaged)) + message, result.err), result.err
    assert "1 file: 2 seeds written" in result.out


def test_warc_gzipped_whole_is_named_with_the_fix(tmp_path: Path, cli: Cli) -> None:
    """A WARC gzipped as one stream, not per record: exit 2 and warcio's recompress."""
    plain = write_warc(tmp_path / "crawl.warc", gzipped=False)
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(gzip.compress(plain.read_bytes()))
    result = cli("import", whole, "--site", "news", "--root", tmp_path)
    assert result.code == 2
    assert (
        f"{whole}: gzipped as a whole, not record by record; `warcio recompress"
        in result.err
    )


def test_site_must_be_a_folder_name(tmp_path: Path, cli: Cli) -> None:
    """--site ../x would write outside seeds/: exit 2 before reading anything."""
    result = cli("import", HAR, "--site", "../x", "--root", tmp_path)
    assert result.code == 2
    assert "site '../x': must be a folder name" in result.err
    shutil.rmtree(tmp_path / "seeds", ignore_errors=True)
