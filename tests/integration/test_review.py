"""`harness review` driven through a real pseudo-terminal, as a person would use it."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pexpect
import pytest

from harness.cli import main
from harness.engine import Project, parse_seed, run_check
from harness.review import PROMPT

TINY = Path(__file__).resolve().parent / "projects" / "tiny"


@pytest.fixture
def changed_project(tmp_path: Path) -> Path:
    """The tiny project with accepted snapshots, then both seeds' articles edited."""
    root = tmp_path / "project"
    shutil.copytree(TINY, root)
    assert main(["update", "--root", str(root)]) == 0
    for name in ("a", "b"):
        seed = root / "seeds" / "tiny" / f"{name}.txt"
        seed.write_text(seed.read_text().replace("\n", "\nAn added paragraph.\n", 1))
    return root


def snapshot(root: Path, name: str) -> bytes:
    return (root / "snapshots" / "tiny" / f"{name}.txt.json").read_bytes()


def spawn_review(root: Path) -> pexpect.spawn:
    return pexpect.spawn(
        sys.executable,
        ["-m", "harness.cli", "review", "--root", str(root)],
        encoding="utf-8",
        timeout=60,
        dimensions=(40, 200),
    )


def test_accept_one_reject_another(changed_project: Path) -> None:
    """Accepting writes that seed's snapshot; rejecting leaves the other's untouched."""
    before_b = snapshot(changed_project, "b")
    child = spawn_review(changed_project)
    child.expect_exact("[1/2] seeds/tiny/a.txt")
    child.expect_exact("An added paragraph.")
    child.expect_exact(PROMPT)
    child.sendline("a")
    child.expect_exact("accepted: updated snapshots/tiny/a.txt.json")
    child.expect_exact("[2/2] seeds/tiny/b.txt")
    child.expect_exact(PROMPT)
    child.sendline("r")
    child.expect_exact("1 accepted, 1 rejected, 0 skipped, 0 left")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert b"An added paragraph." in snapshot(changed_project, "a")
    assert snapshot(changed_project, "b") == before_b
    project = Project(changed_project)
    seeds = project.config.seeds / "tiny"
    verdicts = {
        name: run_check(project, parse_seed(project, seeds / name), "snapshot").status
        for name in ("a.txt", "b.txt")
    }
    assert verdicts == {"a.txt": "passed", "b.txt": "failed"}


def test_unknown_answer_asks_again_and_quit_leaves_the_rest(
    changed_project: Path,
) -> None:
    """A wrong key re-asks; quitting writes nothing and counts what is left."""
    before = (snapshot(changed_project, "a"), snapshot(changed_project, "b"))
    child = spawn_review(changed_project)
    child.expect_exact(PROMPT)
    child.sendline("x")
    child.expect_exact("please answer a, r, s or q")
    child.expect_exact(PROMPT)
    child.sendline("s")
    child.expect_exact("[2/2]")
    child.expect_exact(PROMPT)
    child.sendline("q")
    child.expect_exact("0 accepted, 0 rejected, 1 skipped, 1 left")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert (snapshot(changed_project, "a"), snapshot(changed_project, "b")) == before


def test_nothing_to_review(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """With every snapshot matching, review says so and exits 0 without asking."""
    root = tmp_path / "project"
    shutil.copytree(TINY, root)
    assert main(["update", "--root", str(root)]) == 0
    capsys.readouterr()
    assert main(["review", "--root", str(root)]) == 0
    assert "nothing to review" in capsys.readouterr().out
