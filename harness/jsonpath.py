"""Paths into a record, written as users read them: ``body[12].text``."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
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


def iter_strings(
    value: Any, fields: Sequence[str] | None = None
) -> Iterator[tuple[str, str]]:
    """Every string in ``value`` (or in its top-level ``fields``) with its JSON path."""
    found: list[tuple[str, str]] = []
    if fields is None:
        _walk(value, "", found)
    else:
        for field in fields:
            if isinstance(value, dict) and field in value:
                _walk(value[field], field, found)
    return iter(found)


def _walk(value: Any, path: str, found: list[tuple[str, str]]) -> None:
    # Appends to one list: a generator per level would cost several times more.
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
