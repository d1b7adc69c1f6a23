"""Fixtures for the integration tests: projects in temporary folders, and the CLI.

Two projects are used. The real one (this repository's pyproject.toml, schemas and
seeds, copied) exercises the reference parser; the tiny one under ``projects/tiny``
has a parser of a few lines (its ``plugins`` file), so generic behaviour does not
depend on the reference parser.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# pytester's in-process runs forget the modules they imported, and numpy (under
# the language model) refuses a second import in one process: imported here,
# before any run, it stays.
import py3langid  # type: ignore[import-untyped, unused-ignore]  # noqa: F401
import pytest

from harness.cli import main
from harness.model import CHECKS

# projects/ holds the files of projects the tests copy, not tests of ours.
collect_ignore = ["projects"]

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
TINY = HERE / "projects" / "tiny"


def copy_tree(source: Path, target: Path) -> None:
    """Copy a folder's files without their permission bits (the seeds are read-only)."""
    shutil.copytree(source, target, copy_function=shutil.copyfile, dirs_exist_ok=True)


@pytest.fixture
def real_project(tmp_path: Path) -> Path:
    """A copy of this repository's project (config, schemas, seeds, snapshots)."""
    root = tmp_path / "real"
    root.mkdir()
    shutil.copyfile(REPO / "pyproject.toml", root / "pyproject.toml")
    for folder in ("schemas", "seeds", "snapshots"):
        if (REPO / folder).is_dir():
            copy_tree(REPO / folder, root / folder)
    return root


@pytest.fixture
def tiny_project(tmp_path: Path) -> Path:
    """A copy of ``projects/tiny`` (its parser in parsers.py); no snapshots yet."""
    root = tmp_path / "tiny"
    copy_tree(TINY, root)
    return root


@pytest.fixture
def pytester(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> pytest.Pytester:
    """pytester whose runs are sessions of their own, also under ``pytest -n``:
    an xdist worker's PYTEST_XDIST_WORKER would tell syrupy in the inner run to
    leave its report ("1 snapshot generated") to a controller that is not there."""
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
    return pytester


@pytest.fixture
def tiny(pytester: pytest.Pytester) -> pytest.Pytester:
    """pytester in a copy of ``projects/tiny``."""
    copy_tree(TINY, pytester.path)
    return pytester


@dataclass(frozen=True)
class CliRun:
    """What one ``harness`` command did."""

    code: int
    out: str
    err: str

    def table(self) -> dict[str, tuple[int, int, int]]:
        """The summary table of ``check``: check -> (passed, failed, skipped)."""
        rows = re.findall(
            r"^\W*(parse|schema|snapshot|quality)\W+(\d+)\W+(\d+)\W+(\d+)\W*$",
            self.out,
            re.MULTILINE,
        )
        return {check: (int(p), int(f), int(s)) for check, p, f, s in rows}

    def failed_checks(self) -> set[tuple[str, str]]:
        """(seed, check) of each finding ``check`` printed under a FAILED seed."""
        found: set[tuple[str, str]] = set()
        seed = None
        for line in self.out.splitlines():
            if line.startswith("FAILED "):
                seed = line.removeprefix("FAILED ")
            elif not line.startswith("  "):
                seed = None
            elif seed and (match := re.match(r"  (\w+) ", line)) and match[1] in CHECKS:
                found.add((seed, match[1]))
        return found

    def failed_seeds(self) -> list[str]:
        """The seeds ``check`` or ``update`` reported as failed, in order."""
        return re.findall(r"^(?:FAILED|NOT UPDATED) (\S+)$", self.out, re.MULTILINE)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliRun]:
    """Run ``harness ARGS`` in this process and capture what it printed."""

    def run(*args: str | Path) -> CliRun:
        capsys.readouterr()  # drop what came before
        code = main([str(arg) for arg in args])
        captured = capsys.readouterr()
        return CliRun(code, captured.out, captured.err)

    return run


@pytest.fixture
def file_hashes() -> Callable[[Path], dict[str, str]]:
    """SHA-256 of every file under a project's seeds/ and snapshots/, by path."""

    def hashes(root: Path) -> dict[str, str]:
        return {
            path.relative_to(root).as_posix(): hashlib.sha256(
                path.read_bytes()
            ).hexdigest()
            for folder in ("seeds", "snapshots")
            for path in sorted((root / folder).rglob("*"))
            if path.is_file()
        }

    return hashes
