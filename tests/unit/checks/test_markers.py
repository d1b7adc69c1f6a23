"""Single-line markers: related-list headings, app promos, footnotes and specs."""

from __future__ import annotations

import pytest

from harness.checks.markers import find_marker, labelled


@pytest.mark.parametrize(
    "line",
    [
        "See also",
        "Most read",
        "Trending today",
        "More from Example Daily",
        "Also on The Sample Times",
        "Lesen Sie auch",
        "Mehr zum Thema",
        "Meistgelesene Artikel",
        "Lire aussi",
        "Dans la même rubrique",
        "Noticias relacionadas",
        "Lo más visto",
        "Leia mais",
        "Leggi pure",
        "Articoli correlati",
        "相关资讯",
        "热门排行",
        "【延伸阅读】",
        "Related »",
    ],
)
def test_a_related_list_heading_alone_is_a_section_header(line: str) -> None:
    """A "see also" or "most read" heading left without its list is flagged."""
    marker = find_marker(line)
    assert marker is not None
    assert marker.kind == "a section header"


@pytest.mark.parametrize(
    "line",
    [
        "Read more about the ruling in our coverage of the hearing.",
        "More from the interview follows below, edited for length.",
        "More on rsync configuration",
        "The most read article of the year was about pensions.",
    ],
)
def test_prose_that_mentions_reading_is_not_a_header(line: str) -> None:
    """Sentences and subheadings that merely say "read more" or "most read" pass."""
    assert find_marker(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "Get the Example News app for breaking news alerts.",
        "Get our app",
        "Get the Sample Daily app",
    ],
)
def test_get_the_app_alone_is_a_promo(line: str) -> None:
    """A line that is only the offer of an app is a promo."""
    marker = find_marker(line)
    assert marker is not None
    assert marker.kind == "a promo line"


@pytest.mark.parametrize(
    "line",
    [
        "Get the app, then open its settings and turn off every notification you "
        "do not need; the battery will thank you. It is the first thing we do.",
        "Get the best deals on laptops this week.",
        "Get our app and read the news on your phone",
    ],
)
def test_get_in_advice_is_not_a_promo(line: str) -> None:
    """Advice that opens with "get" and goes on is article text."""
    assert find_marker(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "* Name geändert",
        "* Prices as of May",
        "- Länge: 2,44 Meter",
        "• Gewicht: ca. 3 kg",
    ],
)
def test_footnotes_and_specification_lines_are_not_bullets(line: str) -> None:
    """An asterisk footnote and a bulleted "label: figure" line are article text."""
    assert find_marker(line) is None


@pytest.mark.parametrize("line", ["- Ten things to see in Rome", "• Best beaches"])
def test_a_bulleted_title_is_still_a_bullet(line: str) -> None:
    """A short bulleted title, a widget's entry, is still flagged."""
    marker = find_marker(line)
    assert marker is not None
    assert marker.kind == "a list bullet"


def test_a_footnote_that_is_a_tag_line_is_still_flagged() -> None:
    """The asterisk exempts a line from being a bullet, not from the other tests."""
    marker = find_marker("* Related post (12)")
    assert marker is not None
    assert marker.kind == "a tag-list line"


@pytest.mark.parametrize("line", ["Web scraping (7)", "Kochen und Backen (12)"])
def test_a_short_term_with_a_count_is_a_tag_line(line: str) -> None:
    """A tag of a few words and its count is a tag-cloud entry."""
    marker = find_marker(line)
    assert marker is not None
    assert marker.kind == "a tag-list line"


@pytest.mark.parametrize(
    "line",
    ["Ana Díaz comes on for Jo Lee (7)", "7-Ana Díaz entra por 9-Jo Lee (6)"],
)
def test_a_sentence_with_a_figure_in_brackets_is_not_a_tag_line(line: str) -> None:
    """More words before the count than a tag has are a sentence, like a rating."""
    assert find_marker(line) is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("- Griff: Kork", True),
        ("Árbitro central: Ana Díaz (8)", True),
        ("• Rahmen: Aluminium, gebürstet", True),
        ("- Best beaches", False),
        ("Then the mayor of the town said: we open late.", False),
    ],
)
def test_labelled_lines_are_a_label_and_its_value(line: str, expected: bool) -> None:
    """A label of one to three words, a colon and a value; not a sentence."""
    assert labelled(line) is expected
