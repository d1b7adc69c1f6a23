"""Field-level differences between a snapshot and a new record.

Lists are compared as sequences, so a block inserted into ``body`` reads as
"2 items inserted at body[31]" and not as every later block having changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any, Literal

from harness.jsonpath import excerpt, format_path, shorten

ChangeKind = Literal["added", "removed", "changed", "inserted", "deleted"]


@dataclass(frozen=True)
class Change:
    path: str
    kind: ChangeKind
    old: Any = None
    new: Any = None

    def describe(self) -> str:
        if self.kind == "changed":
            at = first_difference(self.old, self.new)
            return f"changed from {preview(self.old, at)} to {preview(self.new, at)}"
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


def preview(value: Any, at: int = 0) -> str:
    """A short readable form, around index ``at`` of a string; a block shows its text."""
    if isinstance(value, dict) and isinstance(value.get("text"), str):
        value = value["text"]
    if isinstance(value, str):
        return repr(excerpt(value, at, limit=80))
    return str(shorten(value, 80))


def first_difference(old: Any, new: Any) -> int:
    """Where two strings start to differ; 0 for anything else."""
    if not (isinstance(old, str) and isinstance(new, str)):
        return 0
    return next(
        (i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b),
        min(len(old), len(new)),
    )


def diff(old: Any, new: Any, path: tuple[str | int, ...] = ()) -> list[Change]:
    if isinstance(old, dict) and isinstance(new, dict):
        changes: list[Change] = []
        for key in sorted(old.keys() | new.keys()):
            where = format_path((*path, key))
            if key not in new:
                changes.append(Change(where, "removed", old=old[key]))
            elif key not in old:
                changes.append(Change(where, "added", new=new[key]))
            else:
                changes += diff(old[key], new[key], (*path, key))
        return changes
    if isinstance(old, list) and isinstance(new, list):
        return diff_lists(old, new, path)
    if old != new or type(old) is not type(new):
        return [Change(format_path(path), "changed", old=old, new=new)]
    return []


def diff_lists(
    old: list[Any], new: list[Any], path: tuple[str | int, ...]
) -> list[Change]:
    keys = SequenceMatcher(
        a=[canonical(x) for x in old], b=[canonical(x) for x in new], autojunk=False
    )
    changes: list[Change] = []
    for op, i1, i2, j1, j2 in keys.get_opcodes():
        if op == "equal":
            continue
        if op == "replace" and i2 - i1 == j2 - j1:
            # Same number of items changed in place: say what changed inside each.
            for offset in range(i2 - i1):
                changes += diff(
                    old[i1 + offset], new[j1 + offset], (*path, j1 + offset)
                )
            continue
        if i2 > i1:
            changes.append(Change(format_path((*path, i1)), "deleted", old=old[i1:i2]))
        if j2 > j1:
            changes.append(Change(format_path((*path, j1)), "inserted", new=new[j1:j2]))
    return changes


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)
