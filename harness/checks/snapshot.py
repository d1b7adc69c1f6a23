"""The snapshot check: a record against its seed's reviewed snapshot file."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from harness import snapshots
from harness.changes import named_diff
from harness.model import Finding

ACCEPT_HINT = (
    "if this is intended, run `harness update {page}` (or pytest --snapshot-update)"
)


def check_snapshot(
    record: Any, *, page: str, file: Path, shown_as: str, volatile: Iterable[str]
) -> list[Finding]:
    """Findings for every field that differs from ``file``; [] when it matches.

    ``shown_as`` is how messages name the snapshot file (relative to the project).
    """
    data = snapshots.read_bytes(file)
    if data is not None and snapshots.unchanged(record, data, volatile):
        return []  # the common case, without decoding or serializing in Python
    hint = ACCEPT_HINT.format(page=page)

    def finding(
        rule: str, message: str, path: str = "", value: Any = None, expected: Any = None
    ) -> Finding:
        return Finding(
            "snapshot", page, path, rule, message, value, expected=expected, hint=hint
        )

    try:
        # The bytes already read, unless they could not be (missing, or an error
        # that reading again names).
        old_text = snapshots.read(file) if data is None else snapshots.text_of(data)
    except (OSError, UnicodeDecodeError) as e:
        return [
            finding("corrupt", f"{shown_as} cannot be read ({e}); it is left as it is")
        ]
    if old_text is None:
        return [finding("missing", f"no snapshot yet: {shown_as} does not exist")]
    new_text = snapshots.serialize(record, volatile)
    if old_text == new_text:
        return []
    try:
        old = json.loads(old_text)
    except json.JSONDecodeError as e:
        return [
            finding(
                "corrupt",
                f"{shown_as} is not valid JSON ({e.msg}: line {e.lineno} column "
                f"{e.colno}); it is left as it is",
            )
        ]
    changes = named_diff(old, json.loads(new_text))
    if not changes:
        return [
            finding("format", f"{shown_as} is not in the canonical snapshot format")
        ]
    return [
        finding(change.rule, change.describe(), change.path, change.new, change.old)
        for change in changes
    ]
