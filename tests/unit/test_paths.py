"""Path helpers for a run's many questions: whether files exist, each folder
listed once; where a file lies below a folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from harness.paths import KnownFiles, relative_posix


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


@pytest.mark.parametrize(
    ("path", "base"),
    [
        ("/p/seeds/a.txt", "/p/seeds"),
        ("/p/seeds/site/deep/a.txt.gz", "/p/seeds"),
        ("/p/seeds", "/p/seeds"),
        ("/p/seeds-old/a.txt", "/p/seeds"),  # a sibling sharing the prefix
        ("/p/a.txt", "/p/seeds"),
        ("/a.txt", "/"),
        ("/p/seeds/a.txt", "/"),
        ("seeds/a.txt", "seeds"),
        ("/p/seeds/a.txt", "/q"),
    ],
)
def test_relative_posix_answers_as_pathlib_does(path: str, base: str) -> None:
    if Path(path).is_relative_to(base):
        expected = Path(path).relative_to(base).as_posix()
        assert relative_posix(Path(path), Path(base)) == expected
    else:
        with pytest.raises(ValueError, match="is not in"):
            relative_posix(Path(path), Path(base))
