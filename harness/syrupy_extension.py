"""The syrupy extension of the snapshot files (harness/snapshots.py).

Apart from the rest, so that a run that reads snapshots without writing any
does not import syrupy, and pytest with it: a tenth of a second at every start.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from syrupy.data import SnapshotCollections
from syrupy.extensions.json import JSONSnapshotExtension

from harness.snapshots import (
    SUFFIX,
    SnapshotLayout,
    VolatileMatcher,
    fast_serialize,
    read,
    write,
)

if TYPE_CHECKING:
    from syrupy.location import PyTestLocation
    from syrupy.types import (
        PropertyFilter,
        PropertyMatcher,
        SerializableData,
        SerializedData,
        SnapshotIndex,
    )


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
