"""Scrapy: save the pages a crawl parses as seeds, and run spider callbacks as parsers.

Saving (the project's ``settings.py``; a priority below 550 puts the middleware
after retries, decompression and redirects, so it sees what the callbacks see)::

    DOWNLOADER_MIDDLEWARES = {"harness.scrapy.SeedCaptureMiddleware": 40}
    HARNESS_CAPTURE_ENABLED = True
    HARNESS_SEEDS_DIR = "seeds"        # the harness project's seeds folder
    HARNESS_SITE = "news"              # pages go to seeds/news/
    HARNESS_CAPTURE_OVERWRITE = False  # True replaces a seed of the same URL

Parsing (a file named in ``[tool.harness] plugins``)::

    from harness.scrapy import callback_parser
    from news_crawler.spiders.news import NewsSpider

    callback_parser(NewsSpider, "parse_article", name="news")

Scrapy is imported only when these run: ``pip install 'scrape-harness[scrapy]'``.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness.errors import ConfigError, PageError
from harness.importers import site_folder
from harness.model import Page, Site
from harness.parsers import Parser, registry
from harness.seedstore import Capture, SeedWriter, is_html

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import HtmlResponse, Response

logger = logging.getLogger(__name__)


class SeedCaptureMiddleware:
    """A downloader middleware that saves HTML responses as seeds, through SeedWriter.

    It keeps the responses a callback would get: HTML, and a 2xx status or one
    the request or spider lets through (``handle_httpstatus_list`` and the like,
    as Scrapy's HttpErrorMiddleware decides). Counts go to the crawl's stats as
    ``harness/seeds/written``, ``exists``, ``duplicate`` and ``overwritten``.
    """

    def __init__(self, writer: SeedWriter, crawler: Crawler) -> None:
        self.writer = writer
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SeedCaptureMiddleware:
        from scrapy.exceptions import NotConfigured

        settings = crawler.settings
        if not settings.getbool("HARNESS_CAPTURE_ENABLED"):
            raise NotConfigured("HARNESS_CAPTURE_ENABLED is not set")
        site = settings.get("HARNESS_SITE")
        if not site or not isinstance(site, str):
            raise ConfigError(
                "HARNESS_SITE: name the site the pages belong to; they are saved "
                "in HARNESS_SEEDS_DIR/HARNESS_SITE/"
            )
        folder = site_folder(Path(settings.get("HARNESS_SEEDS_DIR") or "seeds"), site)
        overwrite = settings.getbool("HARNESS_CAPTURE_OVERWRITE")
        return cls(SeedWriter(folder, site=site, overwrite=overwrite), crawler)

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Response:
        if self.wanted(request, response):
            written = self.writer.write(capture_of(request, response))
            if self.crawler.stats is not None:
                self.crawler.stats.inc_value(f"harness/seeds/{written.action}")
            logger.debug("%s %s (%s)", written.action, written.path, response.url)
        return response

    def wanted(self, request: Request, response: Response) -> bool:
        """An HTML response that reaches the spider's callbacks."""
        from scrapy.http import HtmlResponse

        content_type = response.headers.get("Content-Type") or b""
        if content_type:
            if not is_html(content_type.decode("latin-1")):
                return False
        elif not isinstance(response, HtmlResponse):
            return False
        return self.status_allowed(request, response.status)

    def status_allowed(self, request: Request, status: int) -> bool:
        """Whether HttpErrorMiddleware lets this status through to a callback."""
        if 200 <= status < 300 or request.meta.get("handle_httpstatus_all"):
            return True
        if "handle_httpstatus_list" in request.meta:
            return status in request.meta["handle_httpstatus_list"]
        settings = self.crawler.settings
        if settings.getbool("HTTPERROR_ALLOW_ALL"):
            return True
        allowed = getattr(
            self.crawler.spider,
            "handle_httpstatus_list",
            settings.getlist("HTTPERROR_ALLOWED_CODES"),
        )
        return status in allowed


def capture_of(request: Request, response: Response) -> Capture:
    """A Scrapy response as a Capture: requested URL, final URL, status, headers, body."""
    redirects = request.meta.get("redirect_urls") or []
    requested = redirects[0] if redirects else request.url
    return Capture(
        url=requested,
        final_url=response.url if response.url != requested else None,
        status=response.status,
        headers={
            str(name): str(value)
            for name, value in response.headers.to_unicode_dict().items()
        },
        body=response.body,
        source="scrapy",
    )


def callback_parser(
    spider_cls: type[Spider],
    callback: str,
    *,
    name: str,
    spider_kwargs: Mapping[str, Any] | None = None,
) -> Parser:
    """Register ``spider_cls.<callback>`` as the harness parser ``name``.

    The parser builds an ``HtmlResponse`` from the seed (its meta url, status and
    headers, its bytes and the encoding the harness decoded them with), calls the
    callback on a spider made with ``spider_kwargs``, and returns the first item
    it produces (a dict, an Item, a dataclass…) as a dict; requests it yields
    are ignored. The spider has no crawler, so a callback that reads
    ``self.settings`` or ``self.crawler`` needs those given another way.
    """
    if not callable(getattr(spider_cls, callback, None)):
        raise ConfigError(f"{spider_cls.__qualname__} has no method {callback!r}")
    spiders: list[Spider] = []  # made on first use: a spider's __init__ may do work
    where = f"{spider_cls.__qualname__}.{callback}"

    def parse(page: Page, *, site: Site) -> dict[str, Any]:
        from itemadapter import ItemAdapter

        if not spiders:
            spiders.append(spider_cls(**(spider_kwargs or {})))
        produced = getattr(spiders[0], callback)(response_for(page))
        item = first_item(produced)
        if item is None:
            raise PageError(f"{page.name}: {where} produced no item")
        return ItemAdapter(item).asdict()

    parse.__name__ = callback
    parse.__qualname__ = where
    return registry.register(name)(parse)


def response_for(page: Page) -> HtmlResponse:
    """The Scrapy response a spider would have got for a seed."""
    from scrapy import Request
    from scrapy.http import HtmlResponse

    url = page.url or page.path.resolve().as_uri()
    headers = page.meta.get("headers") or {}
    status = page.meta.get("status") or 200
    return HtmlResponse(
        url=url,
        status=status,
        headers=dict(headers),
        body=page.raw,
        encoding=page.encoding,
        request=Request(url),
    )


def first_item(produced: Any) -> Any:
    """The first item a callback returned or yielded (sync or async), or None."""
    from itemadapter import ItemAdapter

    if inspect.iscoroutine(produced):
        produced = asyncio.run(produced)
    if inspect.isasyncgen(produced):
        return asyncio.run(first_async_item(produced))
    if ItemAdapter.is_item(produced):
        return produced
    if not isinstance(produced, Iterable):  # None, or a single Request
        return None
    return next((obj for obj in produced if ItemAdapter.is_item(obj)), None)


async def first_async_item(produced: Any) -> Any:
    from itemadapter import ItemAdapter

    async for obj in produced:
        if ItemAdapter.is_item(obj):
            return obj
    return None
