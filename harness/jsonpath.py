"""Paths into a record, written as users read them: ``body[12].text``."""

from __future__ import annotations

import json
from collections.abc import Iterable


def format_path(parts: Iterable[str | int]) -> str:
    path = ""
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else part
    return path


def shorten(value: object, limit: int = 120) -> object:
    """The value for a message: scalars as they are (long strings cut with an
    ellipsis), objects and arrays as their JSON text, cut the same way."""
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and len(value) > limit:
        return value[: limit - 1] + "…"
    return value
