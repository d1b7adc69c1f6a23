"""Paths into a record, written as users read them: ``body[12].text``."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

VALUE_MAX_CHARS = 120
"""Offending text is cut to this length so a report stays readable."""


def format_path(parts: Iterable[str | int]) -> str:
    path = ""
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else part
    return path


def shorten(value: object, limit: int = VALUE_MAX_CHARS) -> object:
    """The value for a message: scalars as they are (long strings cut with an
    ellipsis), objects and arrays as their JSON text, cut the same way."""
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and len(value) > limit:
        return value[: limit - 1] + "…"
    return value


_WALKED: ContextVar[tuple[Any, dict[Any, Any]] | None] = ContextVar(
    "walked", default=None
)


@contextmanager
def walked_once(record: Any) -> Iterator[None]:
    """Within this block, :func:`strings_of` (and :func:`iter_strings`) walks each
    top-level field of ``record`` once: the quality rules each ask for its
    strings, some for all, some for the article fields, and walking cost more
    than most rules. The record must not change meanwhile."""
    walked = _WALKED.get()
    if walked is not None and walked[0] is record:
        yield  # within a block for the same record: its walks serve
        return
    token = _WALKED.set((record, {}))
    try:
        yield
    finally:
        _WALKED.reset(token)


def walk_memo(record: Any) -> dict[Any, Any]:
    """A dict for what rules work out about ``record`` once and share, kept for
    its :func:`walked_once` block (outside one, a new dict each time). Key it by
    the function that fills it."""
    walked = _WALKED.get()
    return walked[1] if walked is not None and walked[0] is record else {}


@dataclass(eq=False)
class Strings:
    """The strings of a record (or of some of its top-level fields) in the order
    of a walk, each with the key or index it sits under: None for a field's own
    value. A path is worked out when asked: rules need one per finding, and
    findings are rare, while formatting every path cost more than most rules."""

    texts: list[str]
    keys: list[str | int | None]
    _value: Any = field(repr=False)
    _fields: tuple[str, ...] | None = field(repr=False)
    _paths: list[str] | None = field(default=None, repr=False)

    def path(self, index: int) -> str:
        """The JSON path of ``texts[index]``: ``body[12].text``."""
        if self._paths is None:
            self._paths = [path for path, _ in _strings(self._value, self._fields)]
        return self._paths[index]

    @cached_property
    def joined(self) -> str:
        """Every string, one per line: one regex pass over it spares a call per string."""
        return "\n".join(self.texts)


def strings_of(value: Any, fields: Sequence[str] | None = None) -> Strings:
    """Every string in ``value`` (or in its top-level ``fields``, in that order)."""
    if not isinstance(value, dict):
        texts: list[str] = []
        keys: list[str | int | None] = []
        if fields is None:
            _walk_keys(value, None, texts, keys)
        return Strings(texts, keys, value, None if fields is None else tuple(fields))
    names = tuple(value) if fields is None else tuple(f for f in fields if f in value)
    memo = walk_memo(value)
    if (found := memo.get(names)) is not None:  # the fields' Strings, by the tuple
        return found  # type: ignore[no-any-return]
    texts, keys = [], []
    for name in names:
        if (part := memo.get(name)) is None:  # a field's strings, by its name
            part = memo[name] = ([], [])
            _walk_keys(value[name], None, *part)
        texts += part[0]
        keys += part[1]
    found = memo[names] = Strings(texts, keys, value, names)
    return found


def _walk_keys(
    value: Any, key: str | int | None, texts: list[str], keys: list[str | int | None]
) -> None:
    # Appends to two lists: a generator per level would cost several times more.
    if isinstance(value, str):
        texts.append(value)
        keys.append(key)
    elif isinstance(value, dict):
        for name, item in value.items():
            _walk_keys(item, name, texts, keys)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _walk_keys(item, index, texts, keys)


def iter_strings(
    value: Any, fields: Sequence[str] | None = None
) -> Iterator[tuple[str, str]]:
    """Every string in ``value`` (or in its top-level ``fields``) with its JSON path."""
    strings = strings_of(value, fields)
    return ((strings.path(i), text) for i, text in enumerate(strings.texts))


def _strings(value: Any, fields: Sequence[str] | None) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if fields is None:
        _walk(value, "", found)
    else:
        for name in fields:
            if isinstance(value, dict) and name in value:
                _walk(value[name], name, found)
    return found


def _walk(value: Any, path: str, found: list[tuple[str, str]]) -> None:
    if isinstance(value, str):
        found.append((path, value))
    elif isinstance(value, dict):
        for key, item in value.items():
            _walk(item, f"{path}.{key}" if path else str(key), found)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _walk(item, f"{path}[{index}]", found)


def excerpt(text: str, start: int = 0, limit: int = VALUE_MAX_CHARS) -> str:
    """At most ``limit`` characters of ``text``, from a little before ``start``."""
    size = limit
    if len(text) <= size:
        return text
    begin = max(0, start - 20)  # a little context before the offending part
    if begin == 0:
        return text[: size - 1] + "…"
    if len(text) - begin < size:
        return "…" + text[-(size - 1) :]
    return "…" + text[begin : begin + size - 2] + "…"


class _Missing:
    """What :func:`resolve` yields where a path leads to no value."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()

WILDCARD = "*"
_STEP = re.compile(r"\.?([^.\[\]]+)|\[(\d+|\*)\]")


def parse_path(path: str) -> tuple[str | int, ...]:
    """``body[*].text`` → ``("body", "*", "text")``; ValueError on a malformed path.

    ``[*]`` (or a ``*`` key) stands for every item of a list or value of an object.
    """
    steps: list[str | int] = []
    at = 0
    while at < len(path):
        match = _STEP.match(path, at)
        if not match or (at == 0 and path.startswith(".")):
            raise ValueError(f"malformed JSON path {path!r} at character {at + 1}")
        key, index = match.groups()
        steps.append(key if key is not None else (int(index) if index != "*" else "*"))
        at = match.end()
    if not steps:
        raise ValueError("empty JSON path")
    return tuple(steps)


def resolve(value: Any, steps: Sequence[str | int]) -> Iterator[tuple[str, Any]]:
    """Each value ``steps`` (from :func:`parse_path`) lead to, with its concrete path.

    A key or index that is not there yields its path with :data:`MISSING`; a
    wildcard over an empty list or object yields nothing.
    """
    yield from _resolve(value, tuple(steps), ())


def _resolve(
    value: Any, steps: tuple[str | int, ...], done: tuple[str | int, ...]
) -> Iterator[tuple[str, Any]]:
    if not steps:
        yield format_path(done), value
        return
    step, rest = steps[0], steps[1:]
    if step == WILDCARD:
        items = (
            enumerate(value)
            if isinstance(value, list)
            else value.items()
            if isinstance(value, dict)
            else None
        )
        if items is None:
            yield format_path(done) + "[*]", MISSING
            return
        for key, item in items:
            yield from _resolve(item, rest, (*done, key))
    else:
        child = _step_into(value, step)
        if child is MISSING:
            yield format_path((*done, step)), MISSING
        else:
            yield from _resolve(child, rest, (*done, step))


def _step_into(value: Any, step: str | int) -> Any:
    if isinstance(step, int):
        return value[step] if isinstance(value, list) and step < len(value) else MISSING
    return value.get(step, MISSING) if isinstance(value, dict) else MISSING
