"""Named changes: a run of a list diff said in one word, where one fits.

A parser that lets the aggregator's tag cloud into ``body``, loses the end of
the article or drops paragraph breaks makes a list diff that reads as a heap
of inserted and deleted items. These runs are recognised and reported as one
change each, named by its ``rule``:

- ``appended-leak``: blocks inserted into an article field that look like an
  appended block (a section header, tag-list line, promo line or bullet);
- ``truncated``: the list lost its last items and gained nothing after them
  (the item just before the cut may be cut short itself);
- ``paragraphs-joined``: one new block is several old ones joined by a space,
  a newline or nothing; ``paragraph-split`` is the reverse.

Everything else stays the generic change of :mod:`harness.diff`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from harness.checks.markers import find_marker
from harness.checks.promos import compile_patterns
from harness.checks.quality import ARTICLE_FIELDS
from harness.diff import Change, Namer, Run, diff, diff_run, preview
from harness.jsonpath import format_path

RULES = ("appended-leak", "truncated", "paragraphs-joined", "paragraph-split")
SEPARATORS = ("\n", " ", "", "\n\n")
"""What a parser puts between paragraphs it joins."""
SHOWN = 3
"""Items quoted in a message."""
PREVIEW_CHARS = 60


@dataclass(frozen=True)
class NamedChange(Change):
    """A change that says what it is; ``old`` and ``new`` are what it covers."""

    name: str = ""
    summary: str = ""

    @property
    def rule(self) -> str:
        return self.name

    def describe(self) -> str:
        return self.summary


def named_diff(
    old: Any,
    new: Any,
    *,
    fields: Sequence[str] = ARTICLE_FIELDS,
    extra: Iterable[str | re.Pattern[str]] = (),
) -> list[Change]:
    """:func:`harness.diff.diff`, with the runs named that can be.

    ``fields`` are where inserted marker lines count as a leak; ``extra`` adds
    promo patterns to :mod:`harness.checks.promos`.
    """
    return diff(old, new, namer=namer(fields=fields, extra=extra))


def namer(
    *,
    fields: Sequence[str] = ARTICLE_FIELDS,
    extra: Iterable[str | re.Pattern[str]] = (),
) -> Namer:
    """The :data:`~harness.diff.Namer` that :func:`named_diff` uses."""
    patterns = compile_patterns(extra)

    def name(run: Run) -> list[Change] | None:
        # What a run leaves unexplained goes back through name() (smaller runs).
        return (
            joined_or_split(run, name)
            or leaked(run, name, fields, patterns)
            or truncated(run, name, patterns)
        )

    return name


def joined_or_split(run: Run, name: Namer) -> list[Change] | None:
    """The first paragraph join or split in the run, and the rest around it."""
    old, new = texts(run.old[run.i1 : run.i2]), texts(run.new[run.j1 : run.j2])
    if old is None or new is None:
        return None
    for a in range(len(old)):
        for b in range(len(new)):
            if joined := join_length(old[a:], new[b]):
                i, j = run.i1 + a, run.j1 + b
                message = (
                    f"paragraph breaks lost: {run.at(j)} joins {joined} paragraphs "
                    f"of the snapshot ({run.at(i)}…{run.at(i + joined - 1)})"
                )
                found = NamedChange(
                    run.at(j),
                    "changed",
                    old=list(run.old[i : i + joined]),
                    new=run.new[j],
                    name="paragraphs-joined",
                    summary=message,
                )
                return around(run, name, found, i, i + joined, j, j + 1)
            if split := join_length(new[b:], old[a]):
                i, j = run.i1 + a, run.j1 + b
                message = (
                    f"paragraph split: {run.at(i)} of the snapshot is now {split} "
                    f"paragraphs ({run.at(j)}…{run.at(j + split - 1)})"
                )
                found = NamedChange(
                    run.at(j),
                    "changed",
                    old=run.old[i],
                    new=list(run.new[j : j + split]),
                    name="paragraph-split",
                    summary=message,
                )
                return around(run, name, found, i, i + 1, j, j + split)
    return None


def join_length(parts: Sequence[str], whole: str) -> int:
    """How many of ``parts`` (two or more), joined, make ``whole``; 0 if none do."""
    if len(parts) < 2 or not whole.startswith(parts[0]) or whole == parts[0]:
        return 0
    for count in range(2, len(parts) + 1):
        if sum(map(len, parts[:count])) > len(whole):
            break
        if any(sep.join(parts[:count]) == whole for sep in SEPARATORS):
            return count
    return 0


def around(
    run: Run, name: Namer, found: Change, i1: int, i2: int, j1: int, j2: int
) -> list[Change]:
    """``found``, which covers old[i1:i2] and new[j1:j2], with the run's changes
    before and after it."""
    before = diff_run(run.part(run.i1, i1, run.j1, j1), namer=name)
    after = diff_run(run.part(i2, run.i2, j2, run.j2), namer=name)
    return [*before, found, *after]


def leaked(
    run: Run, name: Namer, fields: Sequence[str], extra: Sequence[re.Pattern[str]]
) -> list[Change] | None:
    """Inserted article blocks from the first appended-block marker on."""
    if not run.path or run.path[0] not in fields:
        return None
    inserted = texts(run.new[run.j1 : run.j2])
    if not inserted:
        return None
    first = next((k for k, t in enumerate(inserted) if has_marker(t, extra)), None)
    if first is None:
        return None
    j = run.j1 + first
    items = list(run.new[j : run.j2])
    where = f"after {run.at(j - 1)}" if j > 0 else "at the start"
    message = (
        f"appended block leaked into {format_path(run.path)}: "
        f"{count(items)} inserted {where}: {quote(items)}"
    )
    found = NamedChange(
        run.at(j), "inserted", new=items, name="appended-leak", summary=message
    )
    before = diff_run(run.part(run.i1, run.i2, run.j1, j), namer=name)
    return [*before, found]


def truncated(
    run: Run, name: Namer, extra: Sequence[re.Pattern[str]]
) -> list[Change] | None:
    """The old list's last items gone, nothing new after them.

    New items in the run must each be the start of the old item they stand
    for: the last paragraph cut mid-sentence. Losing a tail that was itself an
    appended block is a fix, not a truncation, and stays a plain deletion.
    """
    if run.i2 != len(run.old) or run.j2 != len(run.new):
        return None
    cut = run.i1 + (run.j2 - run.j1)  # the first item that is gone
    if cut >= run.i2:
        return None
    kept = zip(run.old[run.i1 : cut], run.new[run.j1 : run.j2], strict=True)
    if not all(cut_short(old, new) for old, new in kept):
        return None
    lost = list(run.old[cut:])
    if any(has_marker(text, extra) for text in texts(lost) or ()):
        return None
    message = (
        f"{format_path(run.path)} truncated: {len(lost)} of {len(run.old)} "
        f"{noun(lost, 2)} missing (from {run.at(cut)}: "
        f"{preview(lost[0], limit=PREVIEW_CHARS)})"
    )
    found = NamedChange(
        run.at(cut), "deleted", old=lost, name="truncated", summary=message
    )
    in_place = diff_run(run.part(run.i1, cut, run.j1, run.j2), namer=name)
    return [*in_place, found]


def cut_short(old: Any, new: Any) -> bool:
    """``new`` is the start of ``old``, give or take a character split by the cut."""
    old_text, new_text = text_of(old), text_of(new)
    if old_text is None or new_text is None:
        return False
    return old_text.startswith(new_text.rstrip("\ufffd").rstrip())


def has_marker(text: str, extra: Sequence[re.Pattern[str]]) -> bool:
    return any(find_marker(line, extra) for line in text.splitlines())


def text_of(item: Any) -> str | None:
    """A string item, or a block's ``text``; None for anything else."""
    if isinstance(item, str):
        return item
    if isinstance(item, dict) and isinstance(item.get("text"), str):
        return str(item["text"])
    return None


def texts(items: Sequence[Any]) -> list[str] | None:
    """The text of every item, or None unless all are strings or blocks."""
    found = [text_of(item) for item in items]
    return None if None in found else [t for t in found if t is not None]


def noun(items: Sequence[Any], number: int) -> str:
    blocks = all(isinstance(i, dict) and text_of(i) is not None for i in items)
    word = "block" if items and blocks else "item"
    return word if number == 1 else word + "s"


def count(items: Sequence[Any]) -> str:
    return f"{len(items)} {noun(items, len(items))}"


def quote(items: Sequence[Any]) -> str:
    shown = [preview(item, limit=PREVIEW_CHARS) for item in items[:SHOWN]]
    return ", ".join(shown) + (", …" if len(items) > SHOWN else "")
