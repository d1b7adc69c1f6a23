"""Snapshot files: one reviewable JSON file per seed, mirroring the seed's path.

``seeds/site/a.txt`` is reviewed as ``snapshots/site/a.txt.json``: sorted keys,
UTF-8 unescaped, two-space indent, "\\n" line ends, so the bytes are the same on
every run and platform and a pull request shows a line diff a person can read.

The format is syrupy's own JSON extension, so pytest --snapshot-update and
syrupy's unused-snapshot report work as usual; the CLI serializes through the
same class (harness/syrupy_extension.py), which is what makes both give the
same verdict.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from harness import atomic
from harness.atomic import write_atomic
from harness.paths import KnownFiles, relative_posix

if TYPE_CHECKING:
    from syrupy.types import PropertyPath

SUFFIX = ".json"

JSON_TYPE_NAMES = {
    dict: "object",
    list: "array",
    str: "string",
    int: "integer",
    float: "number",
    bool: "boolean",
    type(None): "null",
}


@dataclass(frozen=True)
class SnapshotLayout:
    """Where each seed's snapshot lives."""

    seeds: Path
    snapshots: Path
    resolve: Callable[[Path], Path] = field(default=Path.resolve, compare=False)
    """How a seed's path is resolved: a project's memo (Config.real_path)."""

    @cached_property
    def _seeds(self) -> Path:
        return self.seeds.resolve()  # once: resolving walks every path component

    @cached_property
    def _snapshots(self) -> Path:
        return self.snapshots.resolve()

    def file_for(self, page_path: Path) -> Path:
        relative = relative_posix(self.resolve(page_path), self._seeds)
        return self.snapshots / (relative + SUFFIX)

    def seed_for(self, snapshot_file: Path) -> Path:
        relative = snapshot_file.resolve().relative_to(self._snapshots)
        return self.seeds / relative.parent / relative.name.removesuffix(SUFFIX)

    def stale(self) -> list[Path]:
        """Snapshot files whose seed is gone, sorted.

        Walked as strings, each folder's seeds listed once: a project of ten
        thousand seeds asks this on every run.
        """
        stale = []
        known = KnownFiles()
        for folder, _, names in os.walk(self.snapshots):
            below = os.path.relpath(folder, self.snapshots)
            for name in names:
                if not name.endswith(SUFFIX) or not known.is_file(Path(folder, name)):
                    continue
                seed = os.path.join(self.seeds, below, name.removesuffix(SUFFIX))
                if not known.is_file(seed):
                    stale.append(Path(folder, name))
        return sorted(stale)


def volatile_matcher(patterns: Iterable[str]) -> VolatileMatcher | None:
    """A syrupy matcher that masks the volatile paths of a record.

    Patterns are dotted record paths; ``*`` stands for one key or list index
    (``appended``, ``views``, ``body.*.text``). A masked value is kept as its
    JSON type, ``"<volatile integer>"``, so the snapshot still shows the field.
    """
    patterns = tuple(patterns)
    return VolatileMatcher(patterns) if patterns else None


class VolatileMatcher:
    """Masks values whose dotted path matches a volatile pattern.

    Called by syrupy as a matcher (``path_type``'s protocol and semantics); the
    fast serializer reads ``parts`` to mask as it walks, without building and
    matching the path of every value the way syrupy does.
    """

    def __init__(self, patterns: tuple[str, ...]) -> None:
        self.patterns = patterns
        self.parts = tuple(tuple(pattern.split(".")) for pattern in patterns)
        self.regex = re.compile(
            "|".join(
                r"\.".join(
                    "[^.]+" if part == "*" else re.escape(part) for part in parts
                )
                for parts in self.parts
            )
        )

    def __call__(self, *, data: Any, path: PropertyPath) -> Any:
        path_text = ".".join(str(key) for key, _ in path)
        return mask(data) if path and self.regex.fullmatch(path_text) else data

    def __repr__(self) -> str:
        return f"volatile_matcher({list(self.patterns)!r})"


def mask(data: Any) -> str:
    return f"<volatile {JSON_TYPE_NAMES.get(type(data), type(data).__name__)}>"


def serialize(record: Any, volatile: Iterable[str] = ()) -> str:
    """The snapshot text of a record, volatile paths masked."""
    from harness.syrupy_extension import SeedSnapshotExtension  # syrupy: slow import

    text = SeedSnapshotExtension().serialize(record, matcher=volatile_matcher(volatile))
    assert isinstance(text, str)
    return text


def unchanged(record: Any, data: bytes, volatile: Iterable[str] = ()) -> bool:
    """True when ``data`` (a snapshot file's bytes) is exactly what :func:`serialize`
    would write for ``record``.

    The common case of a snapshot check, in C: the record, masked along the
    volatile paths, written by orjson with sorted keys and two-space indents, is
    byte for byte the file. That text is syrupy's for plain JSON data (see
    :func:`fast_serialize`), and as text it tells ``true`` from ``1`` and ``1``
    from ``1.0``. False means "not shown to be equal": the caller serializes the
    record and compares the texts.
    """
    try:
        new = _masked(record, _parts(tuple(volatile))) if volatile else record
        text = orjson.dumps(new, option=_CANONICAL)
    except TypeError:  # orjson's encode errors: non-str keys, other types
        return False
    # The text and its final newline, compared without copying either.
    return len(data) == len(text) + 1 and data.startswith(text) and data[-1] == 10


_CANONICAL = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS


@lru_cache(maxsize=64)  # a project has a few sites, each its patterns
def _parts(volatile: tuple[str, ...]) -> Parts:
    return tuple(tuple(pattern.split(".")) for pattern in volatile)


def _masked(data: Any, pending: Parts) -> Any:
    """``data`` with the values at the volatile paths masked, copying only the
    containers on those paths."""
    if () in pending:
        return mask(data)
    if not pending:
        return data
    if type(data) is dict:
        heads = {rest[0] for rest in pending}
        if "*" in heads:
            return {key: _masked(v, _step(pending, key)) for key, v in data.items()}
        masked = dict(data)  # only the keys a pattern names are stepped into
        for key in heads & masked.keys():
            masked[key] = _masked(masked[key], _step(pending, key))
        return masked
    if type(data) is list or type(data) is tuple:
        return [_masked(value, _step(pending, str(i))) for i, value in enumerate(data)]
    return data


class _Unusual(Exception):
    """A value the fast serializer leaves to syrupy's own."""


def fast_serialize(data: Any, matcher: VolatileMatcher | None) -> str | None:
    """syrupy's JSON text for plain JSON data, about 20 times faster; else None.

    syrupy filters the data in Python and encodes it with ``json.dumps(indent=2)``,
    whose pure-Python encoder costs about 1 ms per record. This walk applies the
    same masking and key order, then lets orjson encode, which writes the same
    bytes for str, int, bool, None, lists and dicts. Anything else (floats, whose
    exponents orjson writes differently; non-str keys; keys with a dot, which a
    pattern could match across; other types; depth past syrupy's limit) returns
    None, and syrupy serializes it.
    """
    from syrupy.extensions.json import JSONSnapshotExtension

    # Past this depth syrupy writes "..."; the fast path leaves that to syrupy.
    max_depth = JSONSnapshotExtension._max_depth
    try:
        filtered = _filter(data, matcher.parts if matcher else (), 0, max_depth)
        return orjson.dumps(filtered, option=orjson.OPT_INDENT_2).decode() + "\n"
    except (_Unusual, orjson.JSONEncodeError):
        return None


Parts = tuple[tuple[str, ...], ...]


def _filter(data: Any, pending: Parts, depth: int, max_depth: int) -> Any:
    """``data`` as syrupy filters it; ``pending`` holds what remains to match of
    each volatile pattern that matched the path so far."""
    if () in pending:
        return mask(data)
    kind = type(data)
    if kind is str or kind is int or kind is bool or data is None:
        return data
    if depth >= max_depth:
        raise _Unusual
    if kind is dict:
        if not all(type(key) is str and "." not in key for key in data):
            raise _Unusual
        return {
            key: _filter(data[key], _step(pending, key), depth + 1, max_depth)
            for key in sorted(data)
        }
    if kind is list or kind is tuple:
        return [
            _filter(
                value,
                _step(pending, str(index)) if pending else (),
                depth + 1,
                max_depth,
            )
            for index, value in enumerate(data)
        ]
    raise _Unusual


def _step(pending: Parts, key: str) -> Parts:
    # "*" is syrupy's [^.]+: a key, not empty, without a dot.
    return tuple(
        rest[1:]
        for rest in pending
        if rest[0] == key or (rest[0] == "*" and key and "." not in key)
    )


def read_bytes(file: Path) -> bytes | None:
    """The snapshot file's bytes as they are, None if missing or unreadable."""
    try:
        return atomic.read_bytes(file)
    except OSError:
        return None


def read(file: Path) -> str | None:
    """The snapshot text (line ends normalised as syrupy reads it), None if missing."""
    try:
        with open(file, "rb") as f:
            return text_of(f.read())
    except FileNotFoundError:
        return None


def text_of(data: bytes) -> str:
    """A snapshot file's bytes as text, as a file opened in text mode reads them:
    UTF-8, every line end a "\\n"."""
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def write(file: Path, text: str) -> None:
    write_atomic(file, text.encode("utf-8"))
