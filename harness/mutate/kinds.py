"""The built-in mutations: what aggregators and redesigns do to an article page.

Injections go where aggregators put them, at the end of the article's container
(or between its paragraphs, for ``-inside`` and promo lines); in a text capture,
after the article's last line or among its lines.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence

import lxml.html

from harness.model import Page
from harness.mutate import Mutant, Neighbour, mutation, texts
from harness.mutate.markup import (
    block,
    container,
    insert_after,
    paragraphs,
    parse,
    serialize,
    text_article,
)

BUILT_IN = (
    "related-list",
    "related-list-inside",
    "related-paragraphs",
    "tag-cloud",
    "promo-line",
    "newsletter-box",
    "drop-paragraph",
    "move-date",
    "change-classes",
)
"""The built-in mutations, in report order."""

_DATE = re.compile(
    r"\b(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}"
    r"|\d{1,2}\.? [A-ZÄÖÜa-zäöüéû]{3,10}\.? \d{4}|[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}"
    r"|\d{4}年\d{1,2}月\d{1,2}日)"
)
_DATE_MAX_CHARS = 60


def _inject(
    page: Page,
    rng: random.Random,
    elements: Sequence[lxml.html.HtmlElement],
    lines: Sequence[str],
    *,
    inside: bool,
    what: str,
    injected: Sequence[str] = (),
) -> Mutant:
    """``elements`` into an HTML page, or ``lines`` into a text capture, after the
    article's last paragraph or (``inside``) after one in its first half.

    The injected texts are ``injected``, or else the lines without list bullets.
    """
    if not injected:
        injected = [line.removeprefix("- ").strip() for line in lines]
    pieces = tuple(text for text in injected if text.strip())
    if page.kind == "text":
        rows = page.text.splitlines()
        start, end = text_article(rows)
        at = (
            rng.randint(start + 1, max(start + 1, (start + end) // 2))
            if inside
            else end
        )
        at = min(at, end)
        rows[at:at] = lines
        where = f"at line {at + 1}" if inside else "after the article's last line"
        return Mutant("\n".join(rows) + "\n", pieces, f"{what} {where}")
    tree = parse(page.text)
    box = container(tree)
    own = paragraphs(box)
    if inside and len(own) >= 2:
        anchor = own[rng.randrange(0, (len(own) + 1) // 2)]
        insert_after(anchor, *elements)
        where = f"after paragraph {own.index(anchor) + 1} of {len(own)}"
    elif own:
        insert_after(own[-1], *elements)
        where = "after the article's last paragraph"
    else:
        box.extend(elements)
        where = f"at the end of <{box.tag}>"
    return Mutant(serialize(tree), pieces, f"{what} {where}")


def _classes(rng: random.Random) -> dict[str, str]:
    return {"class": rng.choice(("", "widget ", "box ", "c-")) + texts.brand(rng)[:6]}


def _related_list(
    page: Page, rng: random.Random, others: Sequence[Neighbour], *, inside: bool
) -> Mutant:
    lang = texts.language(rng)
    head = texts.header(rng, lang)
    items = texts.titles(rng, others, rng.randint(3, 6))
    linked = rng.random() < 0.6
    ul = block("ul")
    for item in items:
        li = block("li")
        if linked:
            li.append(block("a", item, href=f"/{rng.randrange(10**6)}.html"))
        else:
            li.text = item
        ul.append(li)
    box = block("div", **_classes(rng))
    box.extend([block(rng.choice(("h3", "h4", "p", "strong")), head), ul])
    lines = [head, *(f"- {item}" for item in items)]
    what = f"a {len(items)}-title list headed {head!r}"
    return _inject(page, rng, [box], lines, inside=inside, what=what)


@mutation("related-list")
def related_list(
    page: Page, *, rng: random.Random, others: Sequence[Neighbour]
) -> Mutant:
    """A headed list of other pages' titles, after the article."""
    return _related_list(page, rng, others, inside=False)


@mutation("related-list-inside")
def related_list_inside(
    page: Page, *, rng: random.Random, others: Sequence[Neighbour]
) -> Mutant:
    """A headed list of other pages' titles, between the article's paragraphs."""
    return _related_list(page, rng, others, inside=True)


@mutation("related-paragraphs")
def related_paragraphs(
    page: Page, *, rng: random.Random, others: Sequence[Neighbour]
) -> Mutant:
    """Related items written as plain paragraphs: a title, then its snippet."""
    items = texts.related(rng, others, rng.randint(2, 5))
    elements, lines = [], []
    if rng.random() < 0.4:
        head = texts.header(rng, texts.language(rng))
        elements.append(block("p", head))
        lines.append(head)
    for item in items:
        title = block("p")
        if rng.random() < 0.5:
            title.append(block(rng.choice(("strong", "b")), item.title))
        else:
            title.text = item.title
        elements += [title, block("p", item.snippet)]
        lines += [item.title, item.snippet]
    what = f"{len(items)} related items as paragraphs"
    return _inject(page, rng, elements, lines, inside=False, what=what)


@mutation("tag-cloud")
def tag_cloud(page: Page, *, rng: random.Random, others: Sequence[Neighbour]) -> Mutant:
    """A tag cloud: one line of tags, or a list of them, some with counts."""
    tags = texts.tags(rng, others, rng.randint(4, 10))
    if rng.random() < 0.5:  # one line of tags, linked or not
        separator = rng.choice((" · ", ", ", " | ", " "))
        box = block("div", **_classes(rng))
        paragraph = block("p")
        for tag in tags:
            if rng.random() < 0.7:
                paragraph.append(block("a", tag, href=f"/tag/{rng.randrange(10**5)}"))
                paragraph[-1].tail = separator
            elif len(paragraph):
                paragraph[-1].tail = (paragraph[-1].tail or "") + tag + separator
            else:
                paragraph.text = (paragraph.text or "") + tag + separator
        box.append(paragraph)
        lines = [separator.join(tags)]
    else:
        box = block("ul", **_classes(rng))
        box.extend(block("li", tag) for tag in tags)
        lines = [f"- {tag}" for tag in tags]
    what = f"{len(tags)} tags"
    return _inject(page, rng, [box], lines, inside=False, what=what, injected=tags)


@mutation("promo-line")
def promo_line(
    page: Page, *, rng: random.Random, others: Sequence[Neighbour]
) -> Mutant:
    """One promotional line (an app, a newsletter, a social account), as a paragraph."""
    line = texts.promo(rng)
    inside = rng.random() < 0.4
    return _inject(
        page, rng, [block("p", line)], [line], inside=inside, what="a promo line"
    )


@mutation("newsletter-box")
def newsletter_box(
    page: Page, *, rng: random.Random, others: Sequence[Neighbour]
) -> Mutant:
    """A newsletter sign-up box: a name, a heading, a pitch and a form."""
    name, heading, pitch, button = texts.newsletter(rng)
    box = block("div", **_classes(rng))
    form = block("form", action="/subscribe")
    form.extend([block("input", type="email", name="email"), block("button", button)])
    box.extend([block("strong", name), block("p", heading), block("p", pitch), form])
    lines = [name, heading, pitch]
    return _inject(page, rng, [box], lines, inside=False, what="a newsletter box")


@mutation("drop-paragraph")
def drop_paragraph(
    page: Page, *, rng: random.Random, others: Sequence[Neighbour]
) -> Mutant | None:
    """One of the article's paragraphs removed."""
    if page.kind == "text":
        rows = page.text.splitlines()
        start, end = text_article(rows)
        if end - start < 2:
            return None
        at = rng.randrange(start, end)
        del rows[at]
        return Mutant("\n".join(rows) + "\n", note=f"line {at + 1} removed")
    tree = parse(page.text)
    own = paragraphs(container(tree))
    if len(own) < 2:
        return None
    victim = rng.choice(own)
    note = f"paragraph {own.index(victim) + 1} of {len(own)} removed"
    victim.drop_tree()
    return Mutant(serialize(tree), note=note)


@mutation("move-date")
def move_date(
    page: Page, *, rng: random.Random, others: Sequence[Neighbour]
) -> Mutant | None:
    """The visible date moved from above the article to below it."""
    if page.kind == "text":
        rows = page.text.splitlines()
        start, end = text_article(rows)
        if start < 2 or not _DATE.search(rows[1]):
            return None
        byline = rows.pop(1)
        rows.insert(end - 1, byline)
        return Mutant(
            "\n".join(rows) + "\n", note="the byline line moved below the article"
        )
    tree = parse(page.text)
    dated = [
        e
        for e in tree.iter("time", "span", "div", "p", "small", "abbr")
        if len(e.text_content().strip()) <= _DATE_MAX_CHARS
        and _DATE.search(e.text_content())
    ]
    if not dated:
        return None
    date = dated[0]
    box = container(tree)
    if date is box or date in box.iterancestors():
        return None  # the date holds the article: nothing to move
    if date.getparent() is box and box[-1] is date:
        return None  # already below the article
    date.drop_tree()
    date.tail = None
    box.append(date)
    return Mutant(
        serialize(tree),
        note=f"<{date.tag}> {date.text_content().strip()!r} moved below the article",
    )


@mutation("change-classes")
def change_classes(
    page: Page, *, rng: random.Random, others: Sequence[Neighbour]
) -> Mutant | None:
    """Every class and id renamed, as a CSS-in-JS build or a redesign does."""
    if page.kind == "text":
        return None
    tree = parse(page.text)
    renamed: dict[str, str] = {}
    for element in tree.iter():
        for attribute in ("class", "id"):
            value = element.get(attribute)
            if not value:
                continue
            names = [
                renamed.setdefault(n, f"css-{rng.getrandbits(32):x}")
                for n in value.split()
            ]
            element.set(attribute, " ".join(names))
    if not renamed:
        return None
    return Mutant(serialize(tree), note=f"{len(renamed)} class and id names renamed")
