"""KnownFiles: whether files exist, each folder listed once."""

from __future__ import annotations

import os
from pathlib import Path

from harness.paths import KnownFiles


def test_known_files_answer_as_is_file_does(tmp_path: Path) -> None:
    (tmp_path / "truth.json").write_text("{}")
    (tmp_path / "cleaned").mkdir()
    os.symlink(tmp_path / "truth.json", tmp_path / "link.json")
    os.symlink(tmp_path / "gone.json", tmp_path / "dangling.json")
    known = KnownFiles()
    for name in ("truth.json", "cleaned", "link.json", "dangling.json", "absent"):
        assert known.is_file(tmp_path / name) is (tmp_path / name).is_file(), name
    assert not known.is_file(tmp_path / "nowhere" / "truth.json")


def test_known_files_list_each_folder_once(tmp_path: Path) -> None:
    """Answers are as of the first question about a folder: one run's view."""
    known = KnownFiles()
    assert not known.is_file(tmp_path / "truth.json")
    (tmp_path / "truth.json").write_text("{}")
    assert not known.is_file(tmp_path / "truth.json")
    assert KnownFiles().is_file(tmp_path / "truth.json")
