"""The built-in mutations on small pages: where they inject, what they report."""

from __future__ import annotations

import random
from pathlib import Path

import lxml.html
import pytest

from harness.model import Page, PageKind
from harness.mutate import Mutant, Neighbour, get_mutation, mutation_names
from harness.mutate.kinds import BUILT_IN

HTML = """<html><head><title>t</title></head><body>
<div class="sidebar"><p>Sidebar text that is not the article.</p></div>
<div class="story">
<h1>Pools stay open late</h1>
<span class="date">2024-07-02</span>
<p>The council voted on Tuesday to extend the opening hours of the pools.</p>
<p>Families will pay the same fees as last year, the mayor said on Monday.</p>
<p>Lifeguards' unions welcomed the decision but asked for more staff.</p>
</div></body></html>"""
TEXT = """Pools stay open late
reporter 2024-07-02 10:00 12 views
The council voted on Tuesday to extend the opening hours of the pools.
Families will pay the same fees as last year, the mayor said on Monday.
Lifeguards' unions welcomed the decision but asked for more staff.
- 热门标签
- pools (12)
"""
OTHERS = [
    Neighbour("Why the city council delayed its vote again", "The council met…"),
    Neighbour("Inside the race to build a better battery", "Engineers say…"),
    Neighbour("Five things to know before the markets open", "Stocks rose…"),
    Neighbour("A quiet town's sudden fame", "Visitors came…"),
]


def page(kind: PageKind) -> Page:
    text = HTML if kind == "html" else TEXT
    name = "seeds/a." + ("html" if kind == "html" else "txt")
    return Page(name, Path(name), text.encode(), text, "utf-8", kind)


def mutate(name: str, kind: PageKind, seed: int = 1) -> Mutant | None:
    return get_mutation(name)(page(kind), rng=random.Random(seed), others=OTHERS)


def story_text(html: str) -> str:
    tree = lxml.html.document_fromstring(html)
    return tree.xpath("//div[@class='story']")[0].text_content()


def test_the_built_in_mutations_are_registered_in_report_order() -> None:
    """mutation_names() starts with the built-in mutations, in their order."""
    assert mutation_names()[: len(BUILT_IN)] == list(BUILT_IN)


@pytest.mark.parametrize("name", BUILT_IN[:6])
def test_injections_land_in_the_article_container(name: str) -> None:
    """Injected texts sit inside the story's container, none in the sidebar."""
    mutant = mutate(name, "html")
    assert mutant is not None
    assert mutant.injected
    assert mutant.note
    inside = " ".join(story_text(mutant.text).split())
    for text in mutant.injected:
        assert " ".join(text.split()) in inside, text
    assert "Sidebar text that is not the article." in mutant.text


@pytest.mark.parametrize("name", BUILT_IN[:6])
def test_injections_into_a_text_capture_go_among_the_article_lines(name: str) -> None:
    """A text capture gets the lines before the aggregator's own list block."""
    mutant = mutate(name, "text")
    assert mutant is not None
    assert mutant.injected
    lines = mutant.text.splitlines()
    own_list = lines.index("- 热门标签")
    for text in mutant.injected:
        where = next(i for i, line in enumerate(lines) if text in line)
        assert 2 <= where < own_list, (text, lines)


def test_the_same_seed_gives_the_same_mutant_and_another_seed_another() -> None:
    """Mutations are deterministic per seed and vary between seeds."""
    assert mutate("promo-line", "html", 3) == mutate("promo-line", "html", 3)
    texts = {mutate("promo-line", "html", seed).injected for seed in range(8)}  # type: ignore[union-attr]
    assert len(texts) > 4


def test_drop_paragraph_removes_one_paragraph_and_injects_nothing() -> None:
    """One of the story's three paragraphs is gone; nothing was added."""
    mutant = mutate("drop-paragraph", "html")
    assert mutant is not None
    assert mutant.injected == ()
    tree = lxml.html.document_fromstring(mutant.text)
    assert len(tree.xpath("//div[@class='story']/p")) == 2


def test_move_date_puts_the_date_below_the_article() -> None:
    """The date element becomes the container's last child."""
    mutant = mutate("move-date", "html")
    assert mutant is not None
    story = lxml.html.document_fromstring(mutant.text).xpath("//div[@class='story']")[0]
    assert story[-1].text == "2024-07-02"
    moved = mutate("move-date", "text")
    assert moved is not None
    lines = moved.text.splitlines()
    assert lines[1].startswith("The council")
    assert "2024-07-02" in lines[-3]


def test_change_classes_renames_every_class_and_does_not_apply_to_text() -> None:
    """No original class name survives; a text capture has none to rename."""
    mutant = mutate("change-classes", "html")
    assert mutant is not None
    classes = lxml.html.document_fromstring(mutant.text).xpath("//@class")
    assert classes
    assert not {"sidebar", "story", "date"} & set(classes)
    assert mutate("change-classes", "text") is None
