"""Files written so that a reader, or a crash, sees the old content or the new,
never half; and read with bare system calls, for the many small files of a run."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); give it the mode a plain
        # open() would, or the one the file being replaced had.
        os.chmod(tmp, existing_mode(path))
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def existing_mode(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


_FIRST_READ = 1 << 16
_NEXT_READS = 1 << 20


def read_bytes(file: str | os.PathLike[str]) -> bytes:
    """``Path(file).read_bytes()`` without a file object, which costs more than
    reading a small file; OSError as ``open`` raises it."""
    fd = os.open(file, os.O_RDONLY)
    try:
        # Most seeds, snapshots and cache entries fit the first read; a larger
        # first buffer costs more to allocate than such a file costs to read.
        data = os.read(fd, _FIRST_READ)
        # Only an empty read is the end: a network or FUSE file system may
        # return less than asked before it.
        more = os.read(fd, _NEXT_READS) if data else b""
        if not more:
            return data
        chunks = [data, more]
        while more:
            more = os.read(fd, _NEXT_READS)
            chunks.append(more)
        return b"".join(chunks)
    finally:
        os.close(fd)
