"""harness.scrapy: a real crawl saves its pages as seeds; spider callbacks parse them.

The crawl is ``scrapy runspider`` in a subprocess (a Twisted reactor starts once
per process) on ``projects/scrapy/spider.py``, against a local HTTP server on
127.0.0.1: an article linking to a redirect, to a second article served gzipped,
and to a PDF.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("scrapy", reason="harness.scrapy needs the scrapy extra")

from scrapy import Field, Item, Spider
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, Request, Response
from scrapy.utils.test import get_crawler

from harness.errors import ConfigError, PageError
from harness.model import Page, Site
from harness.pages import find_pages, load_page, read_meta
from harness.scrapy import SeedCaptureMiddleware, callback_parser

Cli = Callable[..., Any]

HERE = Path(__file__).resolve().parent
PROJECT = HERE / "projects" / "scrapy"

FIRST = b"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>First</title></head><body>
<h1>The first article</h1>
<article><p>Rivers rise in spring.</p><p>Boats wait for summer.</p></article>
<a href="/moved">the second article</a> <a href="/report.pdf">the report</a>
</body></html>
"""
SECOND = b"""<!DOCTYPE html>
<html><head><title>Second</title></head><body>
<h1>The second article</h1>
<article><p>Bridges open at noon.</p></article>
<a href="/">home</a>
</body></html>
"""


class LocalSite(BaseHTTPRequestHandler):
    """Two articles, a redirect between them, a PDF; the second article gzipped."""

    def do_GET(self) -> None:
        if self.path == "/":
            self.send(200, FIRST, "text/html; charset=utf-8")
        elif self.path == "/moved":
            self.send(301, b"", "text/html", Location="/articles/2.html")
        elif self.path == "/articles/2.html":
            self.send(200, gzip.compress(SECOND), "text/html", Content_Encoding="gzip")
        elif self.path == "/report.pdf":
            self.send(200, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "application/pdf")
        else:
            self.send(404, b"<h1>Not found</h1>", "text/html")

    def send(self, status: int, body: bytes, content_type: str, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Set-Cookie", "session=secret")
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    """The local site's base URL, served from a thread for this module's tests."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), LocalSite)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def crawled(site: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """projects/scrapy, copied, after ``scrapy runspider spider.py`` crawled the site."""
    project = tmp_path_factory.mktemp("crawled")
    shutil.copytree(PROJECT, project, dirs_exist_ok=True)
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    command = [sys.executable, "-m", "scrapy", "runspider", "spider.py"]
    command += ["-a", f"start_url={site}/", "-s", "CLOSESPIDER_TIMEOUT=20"]
    command += ["-s", "HARNESS_SEEDS_DIR=seeds", "-s", "HARNESS_SITE=articles"]
    done = subprocess.run(
        command, cwd=project, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "ERROR" not in done.stderr, done.stderr
    assert "Warning" not in done.stderr, done.stderr
    assert "'harness/seeds/written': 2" in done.stderr, done.stderr
    return project


def seeds_of(project: Path) -> dict[str, dict[str, Any]]:
    """The meta of each seed the crawl saved, by URL."""
    pages = find_pages(project / "seeds")
    return {meta["url"]: meta for meta in (read_meta(p, p.name) for p in pages)}


def test_crawl_saves_the_html_pages_as_seeds(crawled: Path, site: str) -> None:
    """The two articles are seeds with their meta; the PDF and the redirect are not."""
    seeds = seeds_of(crawled)
    assert sorted(seeds) == [f"{site}/", f"{site}/articles/2.html"]
    first, second = seeds[f"{site}/"], seeds[f"{site}/articles/2.html"]
    assert first["status"] == 200
    assert first["source"] == "scrapy"
    assert first["site"] == "articles"
    assert first["charset"] == "utf-8"
    assert first["headers"]["set-cookie"] == "<redacted>"
    assert "requested_url" not in first
    assert second["requested_url"] == f"{site}/moved"
    pages = {p.name: p for p in find_pages(crawled / "seeds" / "articles")}
    assert len(pages) == 2
    (path,) = [p for name, p in pages.items() if "articles_2" in name]
    assert path.read_bytes() == SECOND  # as the spider saw it: gzip undone


def test_spider_callback_checks_the_crawled_pages(
    crawled: Path, tmp_path: Path, cli: Cli
) -> None:
    """parse_article as the harness parser: check passes, a changed page fails its snapshot."""
    shutil.copytree(crawled, tmp_path, dirs_exist_ok=True)
    assert cli("update", "--root", tmp_path).code == 0
    passed = cli("check", "--root", tmp_path)
    assert passed.code == 0, passed.out
    assert passed.table()["snapshot"] == (2, 0, 0)

    (page,) = [p for p in find_pages(tmp_path / "seeds") if "articles_2" in p.name]
    page.write_bytes(SECOND.replace(b"Bridges open at noon.", b"Bridges open at one."))
    failed = cli("check", "--root", tmp_path)
    assert failed.code == 1
    name = page.relative_to(tmp_path).as_posix()
    assert failed.failed_checks() == {(name, "snapshot")}
    assert "snapshot body[0]: changed" in failed.out


def test_record_is_the_callbacks_first_item(crawled: Path) -> None:
    """The parser gives what the spider yields for the page, requests left out."""
    from harness.engine import Project
    from harness.parsers import get_parser

    Project(crawled)  # imports spider.py, which registers its callback
    (path,) = [p for p in find_pages(crawled / "seeds") if "articles_2" in p.name]
    page = load_page(path, name="second")
    record = get_parser("integration-scrapy-articles")(page, site=SITE)
    assert record == {
        "title": "The second article",
        "body": ["Bridges open at noon."],
        "url": page.url,
    }


SITE = Site(name="s", parser="p")


def page_of(body: bytes, *, encoding: str = "utf-8", **meta: Any) -> Page:
    return Page(
        name="seeds/s/a.html",
        path=Path("seeds/s/a.html"),
        raw=body,
        text=body.decode(encoding),
        encoding=encoding,
        kind="html",
        meta={"url": "https://s.test/a", **meta},
    )


class Headline(Item):
    title = Field()


class Callbacks(Spider):
    """Callbacks of every shape a spider may have."""

    name = "callbacks"

    def items(self, response: Response) -> Any:
        yield Request("https://s.test/next")
        yield Headline(title=response.css("h1::text").get())

    def returns_dict(self, response: Response) -> Any:
        return {"title": response.css("h1::text").get(), "status": response.status}

    async def asynchronous(self, response: Response) -> Any:
        yield response.follow("/x")
        yield {"title": response.css("h1::text").get(), "url": response.url}

    def nothing(self, response: Response) -> Any:
        return response.follow("/x")

    def meta(self, response: Response) -> Any:
        yield {"meta": dict(response.meta), "encoding": response.encoding}


def test_callback_items_of_every_shape() -> None:
    """An Item after a Request, a returned dict, an async generator: the first item."""
    page = page_of("<h1>标题</h1>".encode("gb18030"), encoding="gb18030", status=203)
    parse = callback_parser(Callbacks, "items", name="integration-scrapy-items")
    assert parse(page, site=SITE) == {"title": "标题"}
    parse = callback_parser(Callbacks, "returns_dict", name="integration-scrapy-dict")
    assert parse(page, site=SITE) == {"title": "标题", "status": 203}
    parse = callback_parser(Callbacks, "asynchronous", name="integration-scrapy-async")
    assert parse(page, site=SITE) == {"title": "标题", "url": "https://s.test/a"}
    parse = callback_parser(Callbacks, "meta", name="integration-scrapy-meta")
    assert parse(page, site=SITE) == {"meta": {}, "encoding": "gb18030"}


def test_callback_without_an_item_fails_the_page() -> None:
    """A callback that yields no item fails that page's parse, naming the callback."""
    parse = callback_parser(Callbacks, "nothing", name="integration-scrapy-nothing")
    with pytest.raises(
        PageError, match=r"seeds/s/a.html: Callbacks.nothing produced no item"
    ):
        parse(page_of(b"<h1>x</h1>"), site=SITE)


def test_unknown_callback_is_a_config_error() -> None:
    """Naming a method the spider lacks fails at registration, not on every page."""
    with pytest.raises(ConfigError, match="Callbacks has no method 'parse_nothing'"):
        callback_parser(Callbacks, "parse_nothing", name="integration-scrapy-none")


def middleware(tmp_path: Path, **settings: Any) -> SeedCaptureMiddleware:
    crawler = get_crawler(
        Callbacks,
        settings_dict={
            "HARNESS_CAPTURE_ENABLED": True,
            "HARNESS_SEEDS_DIR": str(tmp_path / "seeds"),
            "HARNESS_SITE": "s",
            **settings,
        },
    )
    return SeedCaptureMiddleware.from_crawler(crawler)


def response(
    url: str, status: int = 200, body: bytes = b"<h1>x</h1>", **meta: Any
) -> tuple[Request, Response]:
    request = Request(url, meta=meta)
    headers = {"Content-Type": "text/html; charset=utf-8"}
    return request, HtmlResponse(
        url, status=status, body=body, headers=headers, request=request
    )


def test_middleware_keeps_what_callbacks_get(tmp_path: Path) -> None:
    """2xx HTML pages and statuses the request lets through are saved; a 404 is not."""
    capture = middleware(tmp_path)
    capture.process_response(*response("https://s.test/a"))
    capture.process_response(*response("https://s.test/gone", 404, b"<h1>404</h1>"))
    capture.process_response(
        *response(
            "https://s.test/kept", 410, b"<h1>410</h1>", handle_httpstatus_list=[410]
        )
    )
    urls = sorted(read_meta(p, p.name)["url"] for p in find_pages(tmp_path / "seeds"))
    assert urls == ["https://s.test/a", "https://s.test/kept"]
    stats = capture.crawler.stats
    assert stats is not None
    assert stats.get_value("harness/seeds/written") == 2


def test_middleware_is_off_unless_enabled(tmp_path: Path) -> None:
    """Without HARNESS_CAPTURE_ENABLED the middleware stands aside (NotConfigured)."""
    with pytest.raises(NotConfigured, match="HARNESS_CAPTURE_ENABLED"):
        middleware(tmp_path, HARNESS_CAPTURE_ENABLED=False)


def test_middleware_needs_a_site(tmp_path: Path) -> None:
    """Capture on but no HARNESS_SITE: a ConfigError saying which setting to add."""
    with pytest.raises(ConfigError, match="HARNESS_SITE: name the site"):
        middleware(tmp_path, HARNESS_SITE=None)


def test_middleware_keeps_existing_seeds_unless_overwrite(tmp_path: Path) -> None:
    """A second capture of a URL is kept out, unless HARNESS_CAPTURE_OVERWRITE."""
    middleware(tmp_path).process_response(
        *response("https://s.test/a", body=b"<h1>1</h1>")
    )
    middleware(tmp_path).process_response(
        *response("https://s.test/a", body=b"<h1>2</h1>")
    )
    (path,) = find_pages(tmp_path / "seeds")
    assert path.read_bytes() == b"<h1>1</h1>"
    forced = middleware(tmp_path, HARNESS_CAPTURE_OVERWRITE=True)
    forced.process_response(*response("https://s.test/a", body=b"<h1>2</h1>"))
    assert path.read_bytes() == b"<h1>2</h1>"
    assert json.loads(path.with_suffix(".meta.json").read_text())["source"] == "scrapy"
