"""Markup evidence: a text inside an element the page labels as furniture."""

from __future__ import annotations

import pytest

from harness.furniture import furniture, in_furniture, page_body, places, tokens

ARTICLE = "The council voted on Tuesday to keep the pools open until ten."


def page(inner: str) -> str:
    return (
        "<html><head><title>Pools</title><script>var x = 'Related';</script></head>"
        f"<body><main><article><p>{ARTICLE}</p></article></main>{inner}</body></html>"
    )


@pytest.mark.parametrize(
    "inner",
    [
        "<aside><h3>Related</h3><ul><li>Old pools</li></ul></aside>",
        "<nav><a href='/'>Newsletter</a></nav>",
        "<footer><p>Newsletter</p></footer>",
        "<form><label>Newsletter</label><input></form>",
        "<div class='related-posts'><h4>Related</h4></div>",
        "<div id='sidebar'><div><span>Newsletter</span></div></div>",
        "<section class='widget_area'><h3>Newsletter</h3></section>",
        "<div class='relatedPosts'><p>Related</p></div>",
        "<ol class='comment-list'><li>Newsletter</li></ol>",
    ],
)
def test_text_in_labelled_furniture_is_furniture(inner: str) -> None:
    """A tag or class or id word that names furniture is evidence."""
    text = "Related" if "Related" in inner else "Newsletter"
    assert in_furniture(page(inner), text, article=[ARTICLE])


def test_text_in_a_plain_element_is_not_furniture() -> None:
    """A div with a neutral class says nothing about its text."""
    html = page("<div class='box-primary'><h3>Newsletter</h3></div>")
    assert not in_furniture(html, "Newsletter", article=[ARTICLE])


def test_furniture_that_holds_the_article_is_not_evidence() -> None:
    """A theme that wraps the whole post in a widget labels nothing."""
    html = (
        "<html><body><div class='widget Blog'><p>"
        f"{ARTICLE}</p><h3>Newsletter</h3></div></body></html>"
    )
    assert not in_furniture(html, "Newsletter", article=[ARTICLE])


def test_text_also_in_the_article_is_not_furniture() -> None:
    """Every place the text appears must be furniture, not just one."""
    html = page("<aside><p>keep the pools open</p></aside>")
    assert not in_furniture(html, "keep the pools open", article=["council voted"])


@pytest.mark.parametrize(
    ("text", "article"),
    [
        ("Missing text", [ARTICLE]),  # not in the page
        ("Related", ["A snippet the page does not hold"]),  # article not found
        ("Related", []),  # no snippets: nothing to tell furniture from the article
        ("…", [ARTICLE]),
    ],
)
def test_without_the_text_or_the_article_there_is_no_evidence(
    text: str, article: list[str]
) -> None:
    """No evidence unless both the text and the article are found in the page."""
    html = page("<aside><h3>Related</h3></aside>")
    assert not in_furniture(html, text, article=article)


def test_text_is_compared_by_letters_and_in_the_body_only() -> None:
    """Bullets, case and spacing do not matter; the head and scripts are skipped."""
    html = page("<aside><p>Lesen   Sie <b>auch</b></p></aside>")
    assert in_furniture(html, "• LESEN SIE AUCH:", article=[ARTICLE])
    assert not in_furniture(page(""), "Pools", article=[ARTICLE])


def test_tokens_split_classes_ids_and_camel_case() -> None:
    """Class words are split at punctuation and camelCase humps."""
    assert tokens("mvp-post relatedPosts widget_area ID42") == {
        "mvp", "post", "related", "posts", "widget", "area", "id", "42",
    }  # fmt: skip


def test_furniture_reads_tags_classes_and_ids() -> None:
    """An element is furniture by its tag, class or id, not by its text."""
    from lxml import html as lxml_html

    assert furniture(lxml_html.fragment_fromstring("<aside>x</aside>"))
    assert furniture(lxml_html.fragment_fromstring("<div id='comments'>x</div>"))
    assert not furniture(lxml_html.fragment_fromstring("<div>Related</div>"))


def test_places_are_the_innermost_elements_holding_the_text() -> None:
    """Each place the text appears, compared by letters; scripts are not the page."""
    root = page_body(page("<aside><h3>Related:</h3></aside><p>related</p>"))
    assert root is not None
    found = places(root, "Related")
    assert sorted(element.tag for element in found) == ["h3", "p"]
    assert places(root, "Nowhere at all") == []
    assert places(root, "…") == []  # no letters: nothing to look for
