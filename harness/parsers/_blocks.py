"""List blocks: what an aggregator appends around an article, told apart by shape.

A list block is a run of ``- item`` lines, optionally named by a short header
line before it. Inside a run, an item followed by a lone ``-`` is a head, and what
hangs under it decides what the block is:

- a head with one prose line under it is a related article (title and snippet);
- a head with items under it is a titled list (a sidebar widget);
- items of the form ``name (count)`` are a tag list, wherever they sit;
- items beside heads are titled lists with nothing in them (empty widgets);
- any other items make one list, named by the header line (None without one).

Everything that is not in a list block stays prose, in page order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TypedDict

from harness.parsers._credits import parse_credit
from harness.parsers._lines import Line, is_short, last_mark

_TAG = re.compile(r"^(?P<name>.*\S)\s*[(（](?P<count>\d{1,9})[)）]$")
_LABEL_CHARS = 20
_LABEL_WORDS = 6


class Related(TypedDict):
    title: str
    snippet: str


class Section(TypedDict):
    heading: str | None
    items: list[str]


class Tag(TypedDict):
    name: str
    count: int


@dataclass(frozen=True)
class _Head:
    """An item with something hung under it: a snippet, or nested items."""

    text: str
    snippet: str | None = None
    items: tuple[str, ...] = ()


@dataclass
class Lists:
    """What the list blocks of a page hold, in page order."""

    related: list[Related] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)

    def add(self, header: str | None, run: Sequence[Line]) -> None:
        """File one list block (``header`` names it, ``run`` its lines)."""
        entries = list(_entries(run))
        if not entries and header is not None:
            self.sections.append({"heading": header, "items": []})
        headed = any(isinstance(entry, _Head) for entry in entries)
        loose: list[str] = []
        for entry in entries:
            if isinstance(entry, str):
                loose.append(entry)
                continue
            self._add_loose(header, loose, headed=headed)
            loose = []
            if entry.snippet is not None:
                self.related.append({"title": entry.text, "snippet": entry.snippet})
            else:
                self._add_list(entry.text, list(entry.items))
        self._add_loose(header, loose, headed=headed)

    def _add_loose(self, header: str | None, items: list[str], *, headed: bool) -> None:
        if not items:
            return
        if headed and not all(map(_TAG.match, items)):
            # Siblings of widget titles are titles of widgets that came up empty.
            self.sections.extend({"heading": item, "items": []} for item in items)
        else:
            self._add_list(header, items)

    def _add_list(self, heading: str | None, items: list[str]) -> None:
        tags = [_TAG.match(item) for item in items]
        if items and all(tags):
            self.tags.extend(
                {"name": tag["name"], "count": int(tag["count"])} for tag in tags if tag
            )
        else:
            self.sections.append({"heading": heading, "items": items})


def split_lists(lines: Sequence[Line]) -> tuple[list[Line], Lists]:
    """The prose lines of a page, and its list blocks sorted out."""
    prose: list[Line] = []
    lists = Lists()
    at = 0
    while at < len(lines):
        line = lines[at]
        header = None
        if line.kind == "header" or _is_list_label(lines, at):
            header = line.text
            at += 1
        elif line.kind not in ("item", "sep"):
            prose.append(line)
            at += 1
            continue
        end = _run_end(lines, at)
        lists.add(header, lines[at:end])
        at = end
    return prose, lists


def _is_list_label(lines: Sequence[Line], at: int) -> bool:
    """A short plain line, not a sentence nor a credit, right before an item."""
    text = lines[at].text
    return (
        lines[at].kind == "plain"
        and at + 1 < len(lines)
        and lines[at + 1].kind == "item"
        and is_short(text, chars=_LABEL_CHARS, words=_LABEL_WORDS)
        and last_mark(text) not in ".!?。！？;；,，"
        and parse_credit(text) is None
    )


def _run_end(lines: Sequence[Line], start: int) -> int:
    """Where the list run from ``start`` ends; prose under a ``-`` belongs to it."""
    at = start
    while at < len(lines):
        kind = lines[at].kind
        under_separator = kind == "plain" and at > start and lines[at - 1].kind == "sep"
        if kind not in ("item", "sep") and not under_separator:
            break
        at += 1
    return at


def _entries(run: Sequence[Line]) -> Iterator[_Head | str]:
    """The heads and loose items of a run, in order."""
    at = 0
    while at < len(run):
        line = run[at]
        if line.kind == "sep":  # a separator under nothing: nothing to keep
            at += 1
        elif not _is_head(run, at):
            yield line.text
            at += 1
        elif at + 2 < len(run) and run[at + 2].kind == "plain":
            yield _Head(line.text, snippet=run[at + 2].text)
            at += 3
        else:
            at += 2
            items = []
            while at < len(run) and run[at].kind == "item" and not _is_head(run, at):
                items.append(run[at].text)
                at += 1
            yield _Head(line.text, items=tuple(items))


def _is_head(run: Sequence[Line], at: int) -> bool:
    return run[at].kind == "item" and at + 1 < len(run) and run[at + 1].kind == "sep"
