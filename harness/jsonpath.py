"""Paths into a record, written as users read them: ``body[12].text``."""

from __future__ import annotations

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
    """The value for a message: long strings cut with an ellipsis, others unchanged."""
    if isinstance(value, str) and len(value) > limit:
        return value[: limit - 1] + "…"
    return value
