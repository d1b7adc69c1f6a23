"""The reviewed files of the corpus rules (baselines.json, boilerplate.json):
JSON objects tagged with their format and version."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from harness.errors import ConfigError


def read_reviewed(
    file: Path, *, shown: str, what: str, format: str, version: int
) -> dict[str, Any] | None:
    """The object in ``file``, checked to be ``format`` at ``version``; None when
    there is no such file. ConfigError says what is wrong, naming ``shown``."""
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise ConfigError(f"{shown}: cannot read the {what}: {e}") from e
    if not isinstance(data, dict) or data.get("format") != format:
        raise ConfigError(f"{shown}: not a {what} file (format {format!r})")
    if data.get("version") != version:
        raise ConfigError(
            f"{shown}: {what} version {data.get('version')!r}, "
            f"this harness reads {version}"
        )
    return data
