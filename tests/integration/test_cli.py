"""The ``harness`` command on a copy of this repository's project, through ``main(argv)``."""

from __future__ import annotations

import json
import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from harness.pages import find_pages

Cli = Callable[..., Any]

SEED = "seeds/aggregator/000_2481e01f35ff6df4.txt"
SNAPSHOT = "snapshots/aggregator/000_2481e01f35ff6df4.txt.json"


@pytest.fixture
def project(real_project: Path, cli: Cli) -> Path:
    """The real project with every snapshot accepted, as a reviewed checkout has them."""
    result = cli("update", "--root", real_project)
    assert result.code == 0, result.out + result.err
    return real_project


def test_check_passes_on_the_accepted_project(project: Path, cli: Cli) -> None:
    """`check` exits 0 and fails nothing once the snapshots are accepted."""
    result = cli("check", "--root", project)
    assert result.code == 0, result.out
    assert result.failed_seeds() == []
    seeds = len(find_pages(project / "seeds"))
    assert result.table()["snapshot"] == (seeds, 0, 0)


def test_show_json_prints_the_record(project: Path, cli: Cli) -> None:
    """`show PAGE --json` prints the parsed record as JSON, title and series split."""
    result = cli("show", "--root", project, project / SEED, "--json")
    assert result.code == 0, result.err
    record = json.loads(result.out)
    assert record["series"] == "CBN Special"
    assert record["title"].startswith("A modern cyber-Exodus: Why “TikTok refugees”")


def test_update_reports_created_then_unchanged(real_project: Path, cli: Cli) -> None:
    """The first `update` creates each snapshot; the second finds nothing to change."""
    shutil.rmtree(real_project / "snapshots", ignore_errors=True)
    seeds = len(find_pages(real_project / "seeds"))

    first = cli("update", "--root", real_project)
    assert first.code == 0, first.out
    assert f"created {SNAPSHOT}" in first.out.splitlines()
    assert f"{seeds} seeds: {seeds} created, 0 updated, 0 unchanged" in first.out

    second = cli("update", "--root", real_project)
    assert second.code == 0, second.out
    assert "created snapshots/" not in second.out
    assert f"{seeds} seeds: 0 created, 0 updated, {seeds} unchanged" in second.out

    one = cli("update", "--root", real_project, real_project / SEED)
    assert "1 seed: 0 created, 0 updated, 1 unchanged" in one.out


def change_a_word(project: Path) -> None:
    """Edit the article's first paragraph: "baffled" becomes "puzzled"."""
    seed = project / SEED
    text = seed.read_text(encoding="utf-8")
    assert "you might be baffled" in text
    seed.write_text(text.replace("you might be baffled", "you might be puzzled", 1))


def test_changed_article_text_fails_naming_the_field_and_the_fix(
    project: Path, cli: Cli
) -> None:
    """A changed word in the article: exit 1, the body path, and the command that accepts it."""
    change_a_word(project)
    result = cli("check", "--root", project)
    assert result.code == 1
    assert result.failed_seeds() == [SEED]
    assert "  snapshot body[0].text: changed: " in result.out
    assert f"run `harness update {SEED}`" in result.out
    assert result.table()["snapshot"][1] == 1


def test_changed_article_text_shows_the_change(project: Path, cli: Cli) -> None:
    """The snapshot message shows the changed word, not two identical cut-off previews."""
    change_a_word(project)
    result = cli("check", "--root", project)
    [line] = [x for x in result.out.splitlines() if "body[0].text: changed" in x]
    assert "baffled" in line
    assert "puzzled" in line


def test_check_reports_a_missing_snapshot_and_writes_nothing(
    real_project: Path, cli: Cli
) -> None:
    """Without a snapshot, `check` fails on it and never creates one."""
    shutil.rmtree(real_project / "snapshots", ignore_errors=True)
    result = cli("check", "--root", real_project)
    assert result.code == 1
    assert f"no snapshot yet: {SNAPSHOT} does not exist" in result.out
    assert not (real_project / "snapshots").exists()


def test_root_without_pyproject_is_a_usage_error(tmp_path: Path, cli: Cli) -> None:
    """`--root` at a folder without pyproject.toml: exit 2, the missing file named."""
    result = cli("check", "--root", tmp_path)
    assert result.code == 2
    assert f"{tmp_path / 'pyproject.toml'}: not found" in result.err
    assert result.out == ""


def test_path_outside_the_seeds_folder_is_a_usage_error(
    project: Path, cli: Cli
) -> None:
    """A PATH that is not under seeds/: exit 2, naming the path and the seeds folder."""
    outside = project / "schemas" / "article.schema.json"
    result = cli("check", "--root", project, outside)
    assert result.code == 2
    assert f"{outside}: not inside the seeds folder" in result.err


def test_check_limited_to_a_path_checks_that_seed_only(project: Path, cli: Cli) -> None:
    """`check PATH` checks the seeds under PATH and no other."""
    result = cli("check", "--root", project, project / SEED)
    assert result.code == 0, result.out
    assert result.table()["parse"] == (1, 0, 0)


def test_stale_snapshot_is_unused_until_pruned(project: Path, cli: Cli) -> None:
    """A snapshot whose seed is gone fails `check`; only `update --prune` deletes it."""
    stale = project / "snapshots" / "aggregator" / "gone.txt.json"
    shutil.copyfile(project / SNAPSHOT, stale)

    check = cli("check", "--root", project)
    assert check.code == 1
    assert (
        "UNUSED snapshots/aggregator/gone.txt.json: its seed is gone; "
        "run `harness update --prune` to delete it"
    ) in check.out
    assert stale.is_file()

    update = cli("update", "--root", project)
    assert update.code == 0
    assert ", 0 pruned" in update.out
    assert stale.is_file()

    prune = cli("update", "--root", project, "--prune")
    assert prune.code == 0
    assert "deleted snapshots/aggregator/gone.txt.json (its seed is gone)" in prune.out
    assert ", 1 pruned" in prune.out
    assert not stale.exists()
    assert (project / SNAPSHOT).is_file()
    assert cli("check", "--root", project).code == 0


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_update_writes_snapshots_with_the_usual_file_mode(
    real_project: Path, cli: Cli
) -> None:
    """A new snapshot gets the mode any file written here gets (umask), not owner-only 0600."""
    shutil.rmtree(real_project / "snapshots", ignore_errors=True)
    umask = os.umask(0o022)
    os.umask(umask)
    assert cli("update", "--root", real_project).code == 0
    mode = stat.S_IMODE((real_project / SNAPSHOT).stat().st_mode)
    assert oct(mode) == oct(0o666 & ~umask)
