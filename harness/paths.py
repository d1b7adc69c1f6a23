"""Paths the configuration names: they must stay inside the project.

A pyproject.toml is reviewed less carefully than code, and the harness writes
snapshots, baselines and learned files where it points. ``seeds = "/etc"``,
``plugins = ["../../x.py"]`` or a symlink out of the tree must be refused with a
message that names the file and the key, not followed.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from harness.errors import ConfigError


def inside(base: Path, value: Any, *, key: str, where: str, what: str = "file") -> Path:
    """``base / value``, refused unless it is a relative path that stays in ``base``
    once ``..`` and symlinks are resolved."""
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{where}: `{key}` must be a {what} name, got {value!r}")
    if Path(value).is_absolute():
        raise ConfigError(
            f"{where}: `{key}` = {value!r} is an absolute path; give a path "
            f"relative to {base}"
        )
    path = base / value
    if not path.resolve().is_relative_to(base.resolve()):
        raise ConfigError(
            f"{where}: `{key}` = {value!r} points outside {base}; the files a "
            "project reads and writes stay inside it"
        )
    return path


def relative_posix(path: Path, base: Path) -> str:
    """``path.relative_to(base).as_posix()``, ValueError too when ``path`` is not
    below ``base``: the same answer from string work, as a run asks it for every
    seed (both paths as pathlib writes them: absolute, or both relative)."""
    text, prefix = str(path), str(base)
    if text == prefix:
        return "."
    if not prefix.endswith(os.sep):
        prefix += os.sep
    if not text.startswith(prefix):
        raise ValueError(f"{path} is not in {base}")
    relative = text[len(prefix) :]
    return relative if os.sep == "/" else relative.replace(os.sep, "/")


class KnownFiles:
    """Whether files exist, each folder listed once: the answers to a run's many
    questions like "is there a truth.json beside this seed?", as of the first
    question about the folder. For one run; a long-lived process makes anew."""

    def __init__(self) -> None:
        self._folders: dict[str, frozenset[str]] = {}

    def is_file(self, path: str | os.PathLike[str]) -> bool:
        """``os.path.isfile(path)``, with symlinks followed the same way."""
        folder, name = os.path.split(path)
        if folder not in self._folders:
            try:
                with os.scandir(folder or ".") as entries:
                    files = frozenset(e.name for e in entries if e.is_file())
            except OSError:
                files = frozenset()  # no such folder, or not one: nothing in it
            self._folders[folder] = files
        return name in self._folders[folder]
