"""The integration tests' spider: articles on a local site, one file as Scrapy allows.

``scrapy runspider spider.py -a start_url=http://127.0.0.1:PORT/`` crawls the site,
and ``custom_settings`` turn on harness.scrapy's middleware, which saves each HTML
page as a seed. The harness project around this file names it in ``plugins``, so
the last line makes ``parse_article`` the project's parser.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import scrapy
from scrapy.http import HtmlResponse, Response

from harness.scrapy import callback_parser


class ArticleSpider(scrapy.Spider):
    name = "articles"
    custom_settings = {  # noqa: RUF012 (Scrapy's own idiom)
        "DOWNLOADER_MIDDLEWARES": {"harness.scrapy.SeedCaptureMiddleware": 40},
        "HARNESS_CAPTURE_ENABLED": True,
        "ROBOTSTXT_OBEY": False,
        "TELNETCONSOLE_ENABLED": False,
        "REMOTE_CONTROL_ENABLED": False,  # Scrapy 2.19's control server: not in tests
    }

    def __init__(self, start_url: str = "http://127.0.0.1/", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_urls = [start_url]

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        yield from self.parse_article(response)

    def parse_article(self, response: Response) -> Iterator[Any]:
        if not isinstance(response, HtmlResponse):  # the PDF
            return
        yield {
            "title": response.css("h1::text").get(),
            "body": response.css("article p::text").getall(),
            "url": response.url,
        }
        yield from response.follow_all(css="a", callback=self.parse_article)


callback_parser(ArticleSpider, "parse_article", name="integration-scrapy-articles")
