"""Snapshot files: one reviewable JSON file per seed, mirroring the seed's path.

``seeds/site/a.txt`` is reviewed as ``snapshots/site/a.txt.json``: sorted keys,
UTF-8 unescaped, two-space indent, "\\n" line ends, so the bytes are the same on
every run and platform and a pull request shows a line diff a person can read.

The format is syrupy's own JSON extension, so pytest --snapshot-update and
syrupy's unused-snapshot report work as usual; the CLI serializes through the
same class, which is what makes both give the same verdict.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import orjson
from syrupy.data import SnapshotCollections
from syrupy.extensions.json import JSONSnapshotExtension

from harness.atomic import write_atomic

if TYPE_CHECKING:
    from syrupy.location import PyTestLocation
    from syrupy.types import (
        PropertyFilter,
        PropertyMatcher,
        PropertyPath,
        SerializableData,
        SerializedData,
        SnapshotIndex,
    )

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
        relative = self.resolve(page_path).relative_to(self._seeds)
        return self.snapshots / relative.parent / (relative.name + SUFFIX)

    def seed_for(self, snapshot_file: Path) -> Path:
        relative = snapshot_file.resolve().relative_to(self._snapshots)
        return self.seeds / relative.parent / relative.name.removesuffix(SUFFIX)

    def stale(self) -> list[Path]:
        """Snapshot files whose seed is gone, sorted."""
        if not self.snapshots.is_dir():
            return []
        return sorted(
            f
            for f in self.snapshots.rglob("*" + SUFFIX)
            if f.is_file() and not self._seed_below(f).is_file()
        )

    def _seed_below(self, snapshot_file: Path) -> Path:
        """:meth:`seed_for` a file found below the snapshots folder, unresolved."""
        relative = snapshot_file.relative_to(self.snapshots)
        return self.seeds / relative.parent / relative.name.removesuffix(SUFFIX)


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
    try:
        filtered = _filter(data, matcher.parts if matcher else (), 0)
        return orjson.dumps(filtered, option=orjson.OPT_INDENT_2).decode() + "\n"
    except (_Unusual, orjson.JSONEncodeError):
        return None


Parts = tuple[tuple[str, ...], ...]


def _filter(data: Any, pending: Parts, depth: int) -> Any:
    """``data`` as syrupy filters it; ``pending`` holds what remains to match of
    each volatile pattern that matched the path so far."""
    if () in pending:
        return mask(data)
    kind = type(data)
    if kind is str or kind is int or kind is bool or data is None:
        return data
    if depth >= _MAX_DEPTH:
        raise _Unusual
    if kind is dict:
        if not all(type(key) is str and "." not in key for key in data):
            raise _Unusual
        return {
            key: _filter(data[key], _step(pending, key), depth + 1)
            for key in sorted(data)
        }
    if kind is list or kind is tuple:
        return [
            _filter(value, _step(pending, str(index)) if pending else (), depth + 1)
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


_MAX_DEPTH = JSONSnapshotExtension._max_depth
"""Past this depth syrupy writes "..."; the fast path leaves that to syrupy."""


_READ_SIZE = 1 << 20


def read_bytes(file: Path) -> bytes | None:
    """The snapshot file's bytes as they are, None if missing or unreadable.

    Read with bare system calls: a file object costs more than the read itself.
    """
    try:
        fd = os.open(file, os.O_RDONLY)
    except OSError:
        return None
    try:
        chunks = [os.read(fd, _READ_SIZE)]
        while len(chunks[-1]) == _READ_SIZE:  # a snapshot is seldom this long
            chunks.append(os.read(fd, _READ_SIZE))
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)


def read(file: Path) -> str | None:
    """The snapshot text (line ends normalised as syrupy reads it), None if missing."""
    try:
        with open(file, encoding="utf-8") as f:
            return f.read()
    except FileNotFoundError:
        return None


def write(file: Path, text: str) -> None:
    write_atomic(file, text.encode("utf-8"))


class SeedSnapshotExtension(JSONSnapshotExtension):
    """syrupy extension: a seed's snapshot is ``snapshots/<seed path>.json``.

    The pytest plugin sets ``layout`` when it configures; locations are derived
    from the seed file alone, so items rebuilt on the xdist controller map too.
    """

    layout: ClassVar[SnapshotLayout | None] = None

    @classmethod
    def _file(cls, test_location: PyTestLocation) -> Path:
        if cls.layout is None:
            raise RuntimeError("SeedSnapshotExtension.layout is not set")
        return cls.layout.file_for(Path(test_location.filepath))

    @classmethod
    def get_location(
        cls, *, test_location: PyTestLocation, index: SnapshotIndex
    ) -> str:
        return str(cls._file(test_location))

    def serialize(
        self,
        data: SerializableData,
        *,
        exclude: PropertyFilter | None = None,
        include: PropertyFilter | None = None,
        matcher: PropertyMatcher | None = None,
    ) -> SerializedData:
        plain = exclude is None and include is None
        if plain and (matcher is None or isinstance(matcher, VolatileMatcher)):
            text = fast_serialize(data, matcher)
            if text is not None:
                return text
        return super().serialize(
            data, exclude=exclude, include=include, matcher=matcher
        )

    @classmethod
    def dirname(cls, *, test_location: PyTestLocation) -> str:
        return str(cls._file(test_location).parent)

    @classmethod
    def discovery_dirname(cls, *, test_location: PyTestLocation) -> str:
        # One scan of the whole snapshots folder per session: per-seed cost stays
        # flat, and snapshots of deleted site folders are reported unused too.
        assert cls.layout is not None
        return str(cls.layout.snapshots)

    @classmethod
    def get_snapshot_name(
        cls, *, test_location: PyTestLocation, index: SnapshotIndex = 0
    ) -> str:
        return cls._file(test_location).name.removesuffix(SUFFIX)

    @classmethod
    def get_file_basename(
        cls, *, test_location: PyTestLocation, index: SnapshotIndex
    ) -> str:
        return cls.get_snapshot_name(test_location=test_location, index=index)

    def read_snapshot_data_from_location(
        self, *, snapshot_location: str, snapshot_name: str, session_id: str
    ) -> SerializableData | None:
        # An unreadable file is as good as missing: --snapshot-update rewrites
        # it, and a plain run fails with the engine's "cannot be read" finding.
        try:
            return read(Path(snapshot_location))
        except (OSError, UnicodeDecodeError):
            return None

    def discover_snapshots(
        self,
        *,
        test_location: PyTestLocation,
        ignore_extensions: list[str] | None = None,
    ) -> SnapshotCollections:
        # syrupy deletes, on --snapshot-update, every discovered snapshot that no
        # assertion used, so a seed whose parse failed (its snapshot item skipped)
        # would lose its reviewed snapshot. Only snapshots of deleted seeds are
        # offered as candidates: those are the unused ones.
        discovered = SnapshotCollections()
        assert self.layout is not None
        for file in self.layout.stale():
            discovered.add(self.read_snapshot_collection(snapshot_location=str(file)))
        return discovered

    @classmethod
    def matches_test_location(
        cls, *, test_location: PyTestLocation, snapshot_location: str
    ) -> bool:
        return Path(snapshot_location) == cls._file(test_location)

    @classmethod
    def write_snapshot(
        cls,
        *,
        snapshot_location: str,
        snapshots: list[tuple[SerializedData, PyTestLocation, SnapshotIndex]],
        name_order: dict[str, int] | None = None,
    ) -> None:
        # Overridden rather than write_snapshot_collection: syrupy's version warns
        # that seed names do not match test names, and writes in place; a seed's
        # snapshot is written atomically.
        for data, _, _ in snapshots:
            write(Path(snapshot_location), str(data))

    def delete_snapshots(
        self, *, snapshot_location: str, snapshot_names: set[str]
    ) -> None:
        Path(snapshot_location).unlink(missing_ok=True)
