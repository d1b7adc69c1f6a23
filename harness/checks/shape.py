"""Content-shape rules: a body that *looks* like a widget, whatever its words say.

No learning and no word lists: these rules read the shape of the body blocks.

- ``no_list_runs``: a run of short lines that carry counts or bullets (a tag
  cloud, a "most read" list), or one line of short items strung on a repeated
  separator (``tech · sport · travel · video``), of hashtags alone, or of
  short items that leave their separator dangling (``tech | sport | travel |``);
  and a body that ends in a line of bare words led by a lowercase letter (tags
  the parser joined with spaces: ``travel Berlin food Museums``);
- ``no_foreign_script_run``: blocks in another script than the article's
  (Chinese recommendations under an English article);
- ``no_link_dense_blocks``: blocks that are mostly link text, for parsers that
  keep a block's ``link_density`` (0 to 1) beside its ``text``;
- ``no_title_list_ending``: a body that ends in a list of titles, with or
  without their snippets (related items written as plain paragraphs);
- ``no_trailing_heading``: a body whose last block is a heading, all that is
  left of a widget whose links the parser dropped.

Each was measured for false alarms on the unmutated HTML pages of the shared
corpora (``nox -s bench-detection``); the thresholds below are where they stay
quiet on real articles.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any

from harness.checks.markers import labelled, lead_in
from harness.checks.quality import Rule, _RuleBase, indexed_block_texts
from harness.model import Finding, Site
from harness.parsers._lines import is_short, last_mark, mostly_cjk

HEADING_MAX_WORDS = 6
"""A widget's heading is a few words; a longer last heading is a teaser or a quote."""

LIST_LINE_CHARS = 40
LIST_LINE_WORDS = 6
"""A list entry is a few words (Chinese: characters); longer lines are prose."""

# A numbered line is left alone: articles number their steps and rankings.
_BULLET = re.compile(r"^(?:[-•·*▪►▸→]|#)\s*(?=[^\W\d_])")
_COUNT = re.compile(r"(?:\s[(（\[]\d{1,6}[)）\]]|[(（]\d{1,6}[)）]|\s·\s*\d{1,6})$")
# Not " | ": the article parser joins table cells with it.
_SEPARATORS = (" · ", " • ", "、")
_SENTENCE_END = ".!?。！？:;：；"
_NUMBERED = re.compile(r"^\d{1,3}[.)]\s")
_COUNTED_ITEM = re.compile(
    r"[^\W\d_#][^()（）·,;|、]{0,30}?\s?(?:[(（]\d{1,6}[)）]|·\s?\d{1,6}(?!\d))"
)
# What every counted item holds: cheap tests before the costly _COUNTED_ITEM.
_COUNT_NEEDLE = re.compile(r"\d[)）]|·\s?\d")
_COUNT_MARKS = (")", "）", "·")
BARE_WORDS_MAX = 15
"""A line of more bare words at the body's end is a sentence missing its stop."""

_BARE_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# Three or more hashtags and nothing else: ``#travel #food, #berlin``.
_HASHTAGS = re.compile(r"(?:#[^\W\d_][\w'’-]*[\s,;|·•/]*){3,}")
_HASHTAG = re.compile(r"#[^\W\d_][\w'’-]*")
# A line that ends in its separator: ``a | b | c | d |``, ``a, b, c, d,``. A
# link list leaves one behind; a table row, a sentence or a heading never does.
_DANGLING = re.compile(r"\s?[|,;·•/]$")
_DANGLERS = tuple("|,;·•/")  # a cheap test before searching the whole line
_ELLIPSIS = re.compile(r"(?:…|\.\.\.|\[\.\.\.\]|\[…\])\s*$")


def shape_rules() -> list[Rule]:
    """The shape rules with their defaults, as the default quality rules hold them."""
    return [
        no_list_runs(),
        no_foreign_script_run(),
        no_link_dense_blocks(),
        no_title_list_ending(),
        no_trailing_heading(),
    ]


def no_list_runs(*, min_run: int = 3) -> Rule:
    """No ``min_run`` or more short lines in a row that each carry a count or a
    bullet, and no line of four or more short items on a repeated separator, of
    three or more hashtags alone, or of four or more short items with their
    separator left dangling at the end; and no last block of four to fifteen
    bare words led by a lowercase letter."""
    return _NoListRuns(min_run)


def no_foreign_script_run(
    *, min_blocks: int = 2, min_letters: int = 20, dominance: float = 0.8
) -> Rule:
    """No run of ``min_blocks`` or more blocks (each with ``min_letters`` letters)
    written in another script than the body's, when one script writes at least
    ``dominance`` of the body's letters."""
    return _NoForeignScriptRun(min_blocks, min_letters, dominance)


def no_link_dense_blocks(*, max_density: float = 0.6, min_chars: int = 30) -> Rule:
    """No body block of ``min_chars`` or more whose ``link_density`` exceeds
    ``max_density``; silent for parsers that do not keep link density."""
    return _NoLinkDenseBlocks(max_density, min_chars)


def no_title_list_ending(*, min_titles: int = 3) -> Rule:
    """The body does not end in ``min_titles`` or more title-like blocks
    (short, no closing punctuation), alone or each followed by its snippet,
    unless a sentence ending in a colon introduces them (the article's points)."""
    return _NoTitleListEnding(min_titles)


def no_trailing_heading() -> Rule:
    """The body does not end in a heading: an article's heading introduces text,
    a widget's stays behind when the parser drops the widget's links."""
    return _NoTrailingHeading()


def _lines(record: dict[str, Any]) -> list[tuple[int, str]]:
    """Every line of every body block, stripped, in order, with the block's index."""
    lines = []
    for index, text in indexed_block_texts(record):
        parts = text.splitlines()
        if len(parts) == 1:  # the common case, without a list per block
            if line := parts[0].strip():
                lines.append((index, line))
        else:
            lines += [(index, part.strip()) for part in parts if part.strip()]
    return lines


def _short(text: str) -> bool:
    return is_short(text, chars=LIST_LINE_CHARS, words=LIST_LINE_WORDS)


class _NoListRuns(_RuleBase):
    name = "no_list_runs"

    def __init__(self, min_run: int) -> None:
        self.min_run = min_run

    def _args(self) -> list[str]:
        return [] if self.min_run == 3 else [f"min_run={self.min_run}"]

    def __call__(
        self, record: dict[str, Any], *, page: str, site: Site
    ) -> Iterator[Finding]:
        yield from self._runs(record, page)
        blocks = indexed_block_texts(record)
        if len(blocks) >= 2 and _bare_words(blocks[-1][1]):
            index, text = blocks[-1]
            message = (
                f"expected the article to end in prose, found {len(text.split())} "
                f"bare words led by a lowercase letter, like a tag cloud: {text!r}"
            )
            yield self._finding(page, f"body[{index}].text", message, text)

    def _runs(self, record: dict[str, Any], page: str) -> Iterator[Finding]:
        run: list[tuple[int, str]] = []
        for index, text in [*_lines(record), (-1, "")]:
            listed = _may_be_listed(text)
            items = _strung_items(text) if listed else []
            if listed and not items and _short(text) and _listed(text):
                run.append((index, text))
                continue
            if len(run) >= self.min_run:
                shown = ", ".join(f'"{line}"' for _, line in run[:3])
                message = (
                    f"expected article text, found a list of {len(run)} short lines "
                    f"with counts or bullets: {shown}"
                )
                yield self._finding(page, f"body[{run[0][0]}].text", message, run[0][1])
            run = []
            if items:
                message = (
                    f"expected article text, found {len(items)} short items on one "
                    f"line, like a tag cloud: {text!r}"
                )
                yield self._finding(page, f"body[{index}].text", message, text)


# Every line _listed or _strung_items finds starts or ends with one of these,
# or holds a separator: a test in C that spares most lines both.
_LIST_STARTS = tuple("-•·*▪►▸→#")
_LIST_ENDS = tuple(")）]|,;·•/-、")
_LIST_MARKS = ("·", "•", "、")


def _may_be_listed(line: str) -> bool:
    """False for a stripped line that neither :func:`_listed` nor
    :func:`_strung_items` can find anything in."""
    return (
        line.startswith(_LIST_STARTS)
        or line.endswith(_LIST_ENDS)
        or any(mark in line for mark in _LIST_MARKS)
    )


def _bare_words(text: str) -> bool:
    """Four to fifteen words and nothing else, not a mark between them, led by a
    lowercase letter: tags a parser joined with spaces. Prose, headings, credits
    and captions start with a capital or carry a mark; a lowercase fragment
    without one (a code term, a list's item) sits inside an article, not at its
    end."""
    words = text.split()
    return (
        4 <= len(words) <= BARE_WORDS_MAX
        and text[:1].islower()
        and all(_BARE_WORD.fullmatch(word) for word in words)
    )


def _listed(text: str) -> bool:
    """A line that starts with a bullet or ends with a count; not a ranking's
    numbered entry (``1. Name (ITA) 35.58,7 (2)``) nor a label and its value
    (``- Griff: Kork``, ``Referee: Ana Díaz (8)``): a specification's lines."""
    if _NUMBERED.match(text) or labelled(text):
        return False
    return bool(_BULLET.match(text) or _COUNT.search(text))


def _strung_items(text: str) -> list[str]:
    """The items of a line made of four or more short ones on one separator, of
    three or more that each end in a count, whatever separates them, of three or
    more hashtags, or of four or more short ones ending in their separator."""
    counted = (
        _COUNTED_ITEM.findall(text)
        if any(mark in text for mark in _COUNT_MARKS) and _COUNT_NEEDLE.search(text)
        else []
    )
    if len(counted) >= 3 and not _COUNTED_ITEM.sub("", text).strip(" ,;·|/、-"):
        return counted
    hashtags = _HASHTAGS.fullmatch(text)
    if hashtags:
        return _HASHTAG.findall(text)
    dangling = _DANGLING.search(text) if text.endswith(_DANGLERS) else None
    if dangling:
        separator = dangling[0].strip()
        items = [item.strip() for item in text.split(separator)][:-1]
        if len(items) >= 4 and all(_tag_like(item) for item in items):
            return items
    for separator in _SEPARATORS:
        if separator not in text:
            continue
        items = [item.strip() for item in text.split(separator)]
        if (
            len(items) >= 4
            and all(_tag_like(item) for item in items)
            and last_mark(text) not in _SENTENCE_END
        ):
            return items
    return []


def _tag_like(item: str) -> bool:
    """A tag: one to three words, or a few Chinese characters, led by a letter."""
    item = item.removeprefix("#")
    letters = sum(c.isalpha() for c in item)
    return is_short(item, chars=12, words=3) and letters >= 2 and item[:1].isalpha()


@functools.cache  # a page's letters are few; each is named once
def script_of(char: str) -> str | None:
    """The script a letter is written in, coarsely: ``LATIN``, ``CJK``, ``CYRILLIC``..."""
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    if name.startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL")):
        return "CJK"
    return name.split(" ", 1)[0] or None


def scripts(text: str) -> Counter[str]:
    """How many letters of ``text`` each script has."""
    # In C: ASCII letters counted by deleting every other byte; the rest of the
    # letters (their UTF-8 bytes are all >= 0x80) named once per distinct one.
    counts: Counter[str] = Counter()
    data = text.encode("utf-8", "surrogatepass")
    if latin := len(data.translate(None, _ALL_BUT_ASCII_LETTERS)):
        counts["LATIN"] = latin
    if len(data) != len(text):
        others = data.translate(None, _ASCII).decode("utf-8", "surrogatepass")
        for char, count in Counter(others).items():
            if script := script_of(char):
                counts[script] += count
    return counts


_ASCII = bytes(range(128))
_ALL_BUT_ASCII_LETTERS = bytes(
    b for b in range(256) if not (b < 128 and chr(b).isalpha())
)


class _NoForeignScriptRun(_RuleBase):
    name = "no_foreign_script_run"

    def __init__(self, min_blocks: int, min_letters: int, dominance: float) -> None:
        self.min_blocks = min_blocks
        self.min_letters = min_letters
        self.dominance = dominance

    def _args(self) -> list[str]:
        args = []
        if self.min_blocks != 2:
            args.append(f"min_blocks={self.min_blocks}")
        if self.min_letters != 20:
            args.append(f"min_letters={self.min_letters}")
        if self.dominance != 0.8:
            args.append(f"dominance={self.dominance}")
        return args

    def __call__(
        self, record: dict[str, Any], *, page: str, site: Site
    ) -> Iterator[Finding]:
        texts = indexed_block_texts(record)
        if len(scripts("".join(text for _, text in texts))) < 2:
            return  # one script throughout, told in one pass: the common case
        blocks = [(i, t, scripts(t)) for i, t in texts]
        total = sum((counts for _, _, counts in blocks), Counter[str]())
        main, letters = total.most_common(1)[0]
        if letters < self.dominance * total.total():
            return  # a bilingual body: no script is the article's own
        run: list[tuple[int, str, str]] = []
        for index, text, counts in [*blocks, (-1, "", Counter[str]())]:
            top = counts.most_common(1)[0][0] if counts else None
            if top not in (None, main) and counts.total() >= self.min_letters:
                run.append((index, text, top))
                continue
            if top is None and run and index >= 0:
                continue  # digits or punctuation between two foreign blocks
            at_end = index < 0
            if len(run) >= self.min_blocks and (at_end or _listing(run)):
                first, text0, script = run[0]
                message = (
                    f"expected the article's {main.title()} script, found "
                    f"{len(run)} blocks in {script.title()} script from here"
                )
                yield self._finding(page, f"body[{first}].text", message, text0)
            run = []


def _listing(run: Sequence[tuple[int, str, str]]) -> bool:
    """Three or more one-line blocks: a list, not a quotation in another language."""
    return len(run) >= 3 and all("\n" not in text for _, text, _ in run)


class _NoLinkDenseBlocks(_RuleBase):
    name = "no_link_dense_blocks"

    def __init__(self, max_density: float, min_chars: int) -> None:
        self.max_density = max_density
        self.min_chars = min_chars

    def _args(self) -> list[str]:
        args = []
        if self.max_density != 0.6:
            args.append(f"max_density={self.max_density}")
        if self.min_chars != 30:
            args.append(f"min_chars={self.min_chars}")
        return args

    def __call__(
        self, record: dict[str, Any], *, page: str, site: Site
    ) -> Iterator[Finding]:
        body = record.get("body")
        for index, block in enumerate(body if isinstance(body, list) else ()):
            if not isinstance(block, dict):
                continue
            density, text = block.get("link_density"), block.get("text")
            if (
                isinstance(density, int | float)
                and not isinstance(density, bool)
                and isinstance(text, str)
                and len(text) >= self.min_chars
                and density > self.max_density
            ):
                message = (
                    f"expected article text, found a block that is {density:.0%} "
                    f"link text (at most {self.max_density:.0%})"
                )
                yield self._finding(page, f"body[{index}].text", message, text)


class _NoTitleListEnding(_RuleBase):
    name = "no_title_list_ending"

    def __init__(self, min_titles: int) -> None:
        self.min_titles = min_titles

    def _args(self) -> list[str]:
        return [] if self.min_titles == 3 else [f"min_titles={self.min_titles}"]

    def __call__(
        self, record: dict[str, Any], *, page: str, site: Site
    ) -> Iterator[Finding]:
        blocks = indexed_block_texts(record)
        tail = _title_tail(blocks)
        titles = [(i, t) for i, t, kind in tail if kind == "title"]
        # "I'll sum them up:" before the titles: the article's own list of points.
        introduced = len(tail) < len(blocks) and lead_in(blocks[-len(tail) - 1][1])
        if (
            len(titles) >= self.min_titles
            and len(tail) < len(blocks)
            and not introduced
        ):
            shown = ", ".join(f'"{t}"' for _, t in titles[:3])
            message = (
                f"expected the article to end in prose, found {len(titles)} titles "
                f"at its end: {shown}"
            )
            yield self._finding(page, f"body[{tail[0][0]}].text", message, tail[0][1])


def _title_tail(blocks: Sequence[tuple[int, str]]) -> list[tuple[int, str, str]]:
    """The blocks at the body's end that are titles, or snippets under a title."""
    tail: list[tuple[int, str, str]] = []
    for index, text in reversed(blocks):
        if _title_like(text):
            tail.append((index, text, "title"))
        elif _ELLIPSIS.search(text) and "\n" not in text:
            tail.append((index, text, "snippet"))
        else:
            break
    tail.reverse()
    while tail and tail[0][2] == "snippet":  # a snippet hangs under a title
        tail.pop(0)
    return tail


def _title_like(text: str) -> bool:
    """A headline: one line of four to fourteen words (Chinese: 8 to 40
    characters) that does not close like a sentence; names, credits and
    figures are shorter, sentences close with a mark."""
    if "\n" in text or last_mark(text) in _SENTENCE_END or "@" in text:
        return False
    if "://" in text or " | " in text or text[-1:].isdigit() or text[:1].isdigit():
        return False  # a link, a table row, a figure
    if mostly_cjk(text):
        return 8 <= len(text) <= 40
    return 4 <= len(text.split()) <= 14


class _NoTrailingHeading(_RuleBase):
    name = "no_trailing_heading"

    def __call__(
        self, record: dict[str, Any], *, page: str, site: Site
    ) -> Iterator[Finding]:
        body = record.get("body")
        blocks = (
            [b for b in body if isinstance(b, dict)] if isinstance(body, list) else []
        )
        last = blocks[-1] if len(blocks) >= 2 else {}
        text = last.get("text")
        if (
            last.get("kind") == "heading"
            and isinstance(text, str)
            and is_short(text, chars=20, words=HEADING_MAX_WORDS)
            and last_mark(text) not in _SENTENCE_END
        ):
            message = "expected the article to end in text, found a heading with nothing under it"
            yield self._finding(
                page, f"body[{len(blocks) - 1}].text", message, last["text"]
            )
