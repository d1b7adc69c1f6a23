"""--seeds and --parser applied to a project's configuration, or to none."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.errors import ConfigError
from harness.folders import outside_name, run_config

PYPROJECT = """[tool.harness]
[[tool.harness.sites]]
name = "news"
match = ["news/**"]
parser = "news-parser"
timezone = "Europe/Berlin"
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    (root / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    return root


def test_outside_folder_snapshots_go_below_the_projects_snapshots(
    project: Path, tmp_path: Path
) -> None:
    """A folder beside the project keeps its snapshots in <snapshots>/<path without ..>."""
    corpus = tmp_path / "shared" / "corpora" / "aeb"
    config = run_config(project, seeds=corpus, parser=None)
    assert config.seeds == corpus
    assert config.snapshots == project / "snapshots" / "shared/corpora/aeb"
    assert outside_name(corpus, project) == "shared/corpora/aeb"


def test_outside_folder_reached_through_a_symlink_keeps_its_written_name(
    project: Path, tmp_path: Path
) -> None:
    """``../shared`` a symlink in one clone and a folder in another: the same name."""
    (tmp_path / "elsewhere" / "corpora" / "aeb").mkdir(parents=True)
    (tmp_path / "shared").symlink_to(tmp_path / "elsewhere")
    corpus = project / ".." / "shared" / "corpora" / "aeb"
    assert outside_name(corpus, project) == "shared/corpora/aeb"


def test_folder_inside_the_seeds_keeps_the_layout(project: Path) -> None:
    """--seeds naming a folder below seeds/ changes neither seeds nor snapshots."""
    config = run_config(project, seeds=project / "seeds" / "news", parser=None)
    assert (config.seeds, config.snapshots) == (
        project / "seeds",
        project / "snapshots",
    )


def test_parser_replaces_every_sites_and_catches_the_rest(project: Path) -> None:
    """--parser keeps each site's time zone, and adds a UTC site matching any page."""
    sites = [
        rule.site for rule in run_config(project, seeds=None, parser="article").sites
    ]
    assert [(s.name, s.parser, s.timezone) for s in sites] == [
        ("news", "article", "Europe/Berlin"),
        ("article", "article", "UTC"),
    ]


def test_no_project_needs_a_parser(tmp_path: Path) -> None:
    """Without a pyproject.toml, --parser makes a project of the folder; without it, an error."""
    config = run_config(tmp_path, seeds=tmp_path / "pages", parser="article")
    assert config.snapshots == tmp_path / "snapshots"
    assert [rule.site.parser for rule in config.sites] == ["article"]
    with pytest.raises(ConfigError, match="or name a parser: --parser NAME"):
        run_config(tmp_path, seeds=None, parser=None)
