"""Field-level differences between a snapshot and a new record.

Lists are compared as sequences, so a block inserted into ``body`` reads as
"2 items inserted at body[31]" and not as every later block having changed.
Inside a changed string, :mod:`harness.inline` shows the words that changed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from typing import Any, Literal

from harness.inline import clip_inline, inline, render_inline
from harness.jsonpath import excerpt, format_path, shorten

ChangeKind = Literal["added", "removed", "changed", "inserted", "deleted"]
Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Change:
    path: str
    kind: ChangeKind
    old: Any = None
    new: Any = None

    @property
    def rule(self) -> str:
        """The rule of the finding this change becomes (a named change says more)."""
        return self.kind

    def describe(self) -> str:
        if self.kind == "changed":
            if isinstance(self.old, str) and isinstance(self.new, str):
                segments = clip_inline(inline(self.old, self.new))
                return f"changed: {render_inline(segments, style='text')!r}"
            return f"changed from {preview(self.old)} to {preview(self.new)}"
        if self.kind == "added":
            return f"added: {preview(self.new)}"
        if self.kind == "removed":
            return f"removed (was {preview(self.old)})"
        items = self.new if self.kind == "inserted" else self.old
        count = len(items)
        shown = ", ".join(preview(item) for item in items[:3])
        more = f", … ({count - 3} more)" if count > 3 else ""
        noun = "item" if count == 1 else "items"
        return f"{count} {noun} {self.kind}: {shown}{more}"


def preview(value: Any, at: int = 0, *, limit: int = 80) -> str:
    """A short readable form, around index ``at`` of a string; a block shows its text."""
    if isinstance(value, dict) and isinstance(value.get("text"), str):
        value = value["text"]
    if isinstance(value, str):
        return repr(excerpt(value, at, limit=limit))
    return str(shorten(value, limit))


# -- records and lists ------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """One unequal stretch of a list diff: ``old[i1:i2]`` became ``new[j1:j2]``."""

    path: Path
    """The list's own path."""
    old: Sequence[Any]
    """The whole old list; the run is the slice."""
    new: Sequence[Any]
    i1: int
    i2: int
    j1: int
    j2: int

    def part(self, i1: int, i2: int, j1: int, j2: int) -> Run:
        """A smaller run inside this one."""
        return replace(self, i1=i1, i2=i2, j1=j1, j2=j2)

    def at(self, index: int) -> str:
        """The path of the list's item ``index``: ``body[31]``."""
        return format_path((*self.path, index))


Namer = Callable[[Run], "list[Change] | None"]
"""Names a run of a list diff (see :mod:`harness.changes`), or returns None to
leave it to the generic inserted/deleted changes."""


def diff(
    old: Any, new: Any, path: Path = (), *, namer: Namer | None = None
) -> list[Change]:
    if isinstance(old, dict) and isinstance(new, dict):
        changes: list[Change] = []
        for key in sorted(old.keys() | new.keys()):
            where = format_path((*path, key))
            if key not in new:
                changes.append(Change(where, "removed", old=old[key]))
            elif key not in old:
                changes.append(Change(where, "added", new=new[key]))
            else:
                changes += diff(old[key], new[key], (*path, key), namer=namer)
        return changes
    if isinstance(old, list) and isinstance(new, list):
        return diff_lists(old, new, path, namer=namer)
    if old != new or type(old) is not type(new):
        return [Change(format_path(path), "changed", old=old, new=new)]
    return []


def diff_lists(
    old: list[Any], new: list[Any], path: Path, *, namer: Namer | None = None
) -> list[Change]:
    keys = SequenceMatcher(
        a=[canonical(x) for x in old], b=[canonical(x) for x in new], autojunk=False
    )
    changes: list[Change] = []
    for op, i1, i2, j1, j2 in keys.get_opcodes():
        if op != "equal":
            changes += diff_run(Run(path, old, new, i1, i2, j1, j2), namer=namer)
    return changes


def diff_run(run: Run, *, namer: Namer | None = None) -> list[Change]:
    """The changes of one run: named by ``namer`` when it can, else item by item."""
    if run.i2 - run.i1 == run.j2 - run.j1:
        # Same number of items changed in place: say what changed inside each.
        return [
            change
            for k in range(run.i2 - run.i1)
            for change in diff(
                run.old[run.i1 + k],
                run.new[run.j1 + k],
                (*run.path, run.j1 + k),
                namer=namer,
            )
        ]
    named = namer(run) if namer else None
    if named is not None:
        return named
    changes: list[Change] = []
    if run.i2 > run.i1:
        deleted = list(run.old[run.i1 : run.i2])
        changes.append(Change(run.at(run.i1), "deleted", old=deleted))
    if run.j2 > run.j1:
        inserted = list(run.new[run.j1 : run.j2])
        changes.append(Change(run.at(run.j1), "inserted", new=inserted))
    return changes


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)
