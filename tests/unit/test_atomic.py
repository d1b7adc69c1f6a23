"""Files written whole or not at all, and read with bare system calls."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from harness.atomic import read_bytes, write_atomic


@pytest.mark.parametrize(
    "size", [0, 1, 2**16 - 1, 2**16, 2**16 + 1, 2**20 + 2**16, 3 * 2**20 + 7]
)
def test_read_bytes_reads_the_whole_file(tmp_path: Path, size: int) -> None:
    """Around the sizes of its reads: the first one, and the next ones."""
    data = os.urandom(size)
    write_atomic(tmp_path / "f", data)
    assert read_bytes(tmp_path / "f") == data


def test_read_bytes_raises_as_open_does(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_bytes(tmp_path / "absent")
    with pytest.raises(IsADirectoryError):
        read_bytes(tmp_path)


def test_read_bytes_reads_on_after_a_short_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read may return less than asked (network and FUSE file systems do):
    only an empty read ends the file."""
    data = os.urandom(5000)
    write_atomic(tmp_path / "f", data)
    real_read = os.read
    monkeypatch.setattr(
        "harness.atomic.os.read", lambda fd, size: real_read(fd, min(size, 1000))
    )
    assert read_bytes(tmp_path / "f") == data
