"""The generic article parser on small pages written for these tests (data/article_*.html)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from htmldate.meta import reset_caches

from harness.checks.schema import SchemaStore, check_schema
from harness.errors import ConfigError, PageError
from harness.model import Page, PageKind, Site
from harness.parsers import get_parser

DATA = Path(__file__).resolve().parent / "data"
SCHEMAS = Path(__file__).resolve().parents[3] / "schemas"
ZURICH = Site(name="rail", parser="article", timezone="Europe/Zurich")


def page(
    text: str, *, kind: PageKind = "html", meta: dict[str, Any] | None = None
) -> Page:
    return Page(
        name=f"seeds/rail/a.{kind}",
        path=Path(f"a.{kind}"),
        raw=text.encode("utf-8"),
        text=text,
        encoding="utf-8",
        kind=kind,
        meta=meta or {},
    )


def parse(name: str, site: Site = ZURICH, **options: Any) -> dict[str, Any]:
    text = (DATA / name).read_text(encoding="utf-8")
    if options:
        site = Site(
            name=site.name, parser="article", timezone=site.timezone, options=options
        )
    return get_parser("article")(page(text), site=site)


def texts(record: dict[str, Any]) -> list[str]:
    return [block["text"] for block in record["body"]]


def test_record_has_the_article_fields_and_what_trafilatura_separates() -> None:
    """Title, author, day, language, headings and paragraphs; comments, tags, categories apart."""
    record = parse("article_blog.html")
    assert record["title"] == "Night trains return to the Alps"
    assert record["author"] == "Mara Lindqvist"
    assert record["language"] == "en"
    assert [block["kind"] for block in record["body"]] == [
        "heading",
        *["paragraph"] * 3,
        "heading",
        *["paragraph"] * 2,
    ]
    assert record["body"][4] == {"kind": "heading", "text": "Why the routes came back"}
    assert record["appended"] == {
        "comments": [
            "We took the Vienna train in January and the breakfast alone was worth"
            " the fare, honestly.",
            "Still too expensive for a family of five, but I am glad the routes are"
            " back at last.",
        ],
        "tags": ["sleeper trains", "alps"],
        "categories": ["Travel"],
    }
    body = " ".join(texts(record))
    assert "breakfast" not in body
    assert "Copyright" not in body
    assert "Archive" not in body


def test_date_only_becomes_midnight_in_the_sites_time_zone() -> None:
    """A day with no time is midnight where the site is, with its UTC offset."""
    assert parse("article_blog.html")["published"] == "2024-03-05T00:00:00+01:00"
    utc = Site(name="rail", parser="article")
    assert parse("article_blog.html", utc)["published"] == "2024-03-05T00:00:00+00:00"


def dated_page(published_time: str) -> Page:
    paragraph = "The ferry left the harbour at nine with many passengers aboard. " * 5
    return page(
        "<html><head><title>Ferry</title><meta property='article:published_time' "
        f"content='{published_time}'></head><body><article><h1>Ferry</h1>"
        f"<p>{paragraph}</p></article></body></html>"
    )


@pytest.mark.parametrize(
    ("stated", "published"),
    [
        pytest.param(
            "2024-03-05T09:30:00+05:30", "2024-03-05T09:30:00+05:30", id="offset"
        ),
        pytest.param(
            "2024-03-05T09:30:00", "2024-03-05T09:30:00+01:00", id="no-offset"
        ),
    ],
)
def test_a_stated_time_is_kept(stated: str, published: str) -> None:
    """The time a page states is kept, with its offset, or else the site's."""
    record = get_parser("article")(dated_page(stated), site=ZURICH)
    assert record["published"] == published
    validator = SchemaStore(SCHEMAS).validator("generic-article.schema.json")
    assert check_schema(record, page="a.html", validator=validator) == []


@pytest.fixture(params=["America/New_York", "UTC", "Asia/Tokyo"])
def machine_zone(request: pytest.FixtureRequest) -> Iterator[str]:
    """This process's local time zone, as a machine elsewhere would have it."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = request.param
    time.tzset()
    reset_caches()  # htmldate's verdicts on dates, made in the zone before
    yield request.param
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


@pytest.mark.parametrize(
    ("stated", "captured"),
    [
        pytest.param(
            "2024-03-04T23:30:00-05:00", "2024-03-05T12:00:00+00:00", id="day-before"
        ),
        pytest.param(
            "2024-03-05T09:30:00+01:00", "2024-03-05T18:00:00+00:00", id="same-day"
        ),
    ],
)
def test_a_stated_time_is_kept_wherever_the_check_runs(
    stated: str, captured: str, machine_zone: str
) -> None:
    """The record does not depend on the machine's time zone, and a time on the
    day of the capture is kept."""
    dated = dated_page(stated)
    dated = replace(dated, meta={"captured_at": captured})
    assert get_parser("article")(dated, site=ZURICH)["published"] == stated


def test_date_after_the_capture_is_not_the_publication_date() -> None:
    """A captured_at in meta.json is the latest date the page can have been published."""
    text = (DATA / "article_blog.html").read_text(encoding="utf-8")
    before = page(text, meta={"captured_at": "2024-01-01T00:00:00+00:00"})
    published = get_parser("article")(before, site=ZURICH)["published"]
    assert published is None or published[:10] <= "2024-01-01"


def test_drop_xpath_removes_blocks_before_extraction() -> None:
    """A site's drop_xpath takes the promo paragraph out; the rest of the body stays."""
    kept = texts(parse("article_blog.html"))
    assert any(text.startswith("Subscribe to Rail Notes") for text in kept)
    dropped = texts(parse("article_blog.html", drop_xpath=["//div[@class='promo']"]))
    assert dropped == [text for text in kept if not text.startswith("Subscribe")]


def test_favor_precision_drops_a_link_only_paragraph_that_recall_keeps() -> None:
    """favor = "precision" and "recall" reach trafilatura: a 'Read also' link comes and goes."""
    read_also = "Read also: bridge repairs start in May after years of delay"
    assert read_also in texts(parse("article_links.html"))
    assert read_also not in texts(parse("article_links.html", favor="precision"))
    assert read_also in texts(parse("article_links.html", favor="recall"))


def test_same_page_same_record() -> None:
    """Parsing twice gives equal records: snapshots of this parser are stable."""
    assert parse("article_blog.html") == parse("article_blog.html")


def test_headings_paragraphs_tables_and_line_breaks_become_blocks() -> None:
    """h2 is a heading, list items and table rows are paragraphs, <br> a line break."""
    filler = " ".join(["The ferry crossing takes twelve minutes in calm weather."] * 4)
    html = f"""<html><body><article>
        <p>{filler}</p>
        <h2>Fares</h2>
        <p>Adults pay four francs.<br>Children travel free.</p>
        <ul><li>Monthly passes are valid on buses too.</li><li>Bikes ride free.</li></ul>
        <table><tr><td>Monday</td><td></td><td>6:00</td></tr></table>
        <p>{filler}</p>
    </article></body></html>"""
    record = get_parser("article")(page(html), site=ZURICH)
    assert record["body"][1:6] == [
        {"kind": "heading", "text": "Fares"},
        {"kind": "paragraph", "text": "Adults pay four francs.\nChildren travel free."},
        {"kind": "paragraph", "text": "Monthly passes are valid on buses too."},
        {"kind": "paragraph", "text": "Bikes ride free."},
        {"kind": "paragraph", "text": "Monday | 6:00"},
    ]


def test_page_without_text_keeps_its_metadata() -> None:
    """When trafilatura finds no text, the title is still read and the body is empty."""
    html = "<html><head><title>Empty page</title></head><body><nav></nav></body></html>"
    record = get_parser("article")(page(html), site=ZURICH)
    assert (record["title"], record["body"], record["language"]) == (
        "Empty page",
        [],
        None,
    )


def test_xml_declaration_and_entities_are_read_offline() -> None:
    """An XML declaration is tolerated; a SYSTEM entity is never fetched nor expanded."""
    filler = " ".join(["Ferries run every twenty minutes in the morning."] * 4)
    html = f"""<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<html><body><article><p>{filler} &amp; &secret;</p></article></body></html>"""
    record = get_parser("article")(page(html), site=ZURICH)
    assert "root:" not in record["body"][0]["text"]
    assert "&" in record["body"][0]["text"]


def test_text_capture_is_refused_with_the_reason() -> None:
    """A .txt seed fails the parse saying the parser reads HTML."""
    with pytest.raises(PageError, match="reads HTML pages"):
        get_parser("article")(page("Title\nText", kind="text"), site=ZURICH)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"favor": "speed"}, "favor must be 'precision', 'recall' or 'balanced'"),
        ({"drop_xpath": "//div[@"}, r"drop_xpath '//div\[@' is not XPath"),
        ({"drop_xpath": [1]}, "drop_xpath must be a list of XPath strings"),
    ],
)
def test_bad_options_name_the_site_and_the_option(
    options: dict[str, Any], message: str
) -> None:
    """A wrong option is a configuration error naming the site and what is wrong."""
    with pytest.raises(ConfigError, match=message) as raised:
        parse("article_blog.html", **options)
    assert "site 'rail' options" in str(raised.value)


@pytest.mark.parametrize("name", ["article_blog.html", "article_links.html"])
def test_records_match_the_generic_article_schema(name: str) -> None:
    """schemas/generic-article.schema.json accepts what the parser returns."""
    validator = SchemaStore(SCHEMAS).validator("generic-article.schema.json")
    assert check_schema(parse(name), page=name, validator=validator) == []


def test_schema_accepts_an_empty_record() -> None:
    """A page with no text (nulls and empty lists) is still a valid record."""
    html = "<html><head><title>Empty page</title></head><body></body></html>"
    record = get_parser("article")(page(html), site=ZURICH)
    validator = SchemaStore(SCHEMAS).validator("generic-article.schema.json")
    assert check_schema(record, page="a.html", validator=validator) == []
