"""``[tool.harness.corpus]``: read, checked, and kept inside the project."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.config import load_config
from harness.corpus.settings import LearnBounds
from harness.errors import ConfigError

HEAD = """
[tool.harness]
[[tool.harness.sites]]
name = "news"
match = ["news/**"]
parser = "tiny"
"""


def config(tmp_path: Path, table: str) -> Path:
    (tmp_path / "pyproject.toml").write_text(HEAD + table, encoding="utf-8")
    return tmp_path


def test_the_table_is_read_with_its_defaults(tmp_path: Path) -> None:
    """Given keys are read; the files default to the project root."""
    root = config(tmp_path, """
[tool.harness.corpus]
coverage = {author = 0.5}
recurring_pages = 5
boilerplate = "review/boilerplate.json"
[tool.harness.corpus.sites.news]
coverage = {published = 1}
[tool.harness.corpus.learn]
min_share = 0.5
""")  # fmt: skip
    settings = load_config(root).corpus
    assert settings.coverage_for("news") == {"author": 0.5, "published": 1.0}
    assert settings.recurring_pages == 5
    assert settings.baselines == root.resolve() / "baselines.json"
    assert settings.boilerplate == root.resolve() / "review/boilerplate.json"
    assert settings.learn == LearnBounds(min_share=0.5)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            'baselines = "../outside.json"',
            r"`baselines` = '../outside.json' lies outside the project",
        ),
        ('boilerplate = "/tmp/b.json"', r"`boilerplate` = '/tmp/b.json' lies outside"),
        (
            "coverage = {author = 2}",
            r"coverage of `author` must be a share from 0 to 1, got 2",
        ),
        (
            "recurring_pages = 0",
            r"`recurring_pages` must be a whole number >= 1, got 0",
        ),
        ("colour = 1", r"unknown keys \['colour'\]"),
        (
            "learn = {min_share = true}",
            r"`min_share` must be a number from 0 to 1, got True",
        ),
    ],
)
def test_a_bad_setting_names_the_file_and_the_key(
    tmp_path: Path, table: str, message: str
) -> None:
    """Each mistake is a ConfigError naming pyproject.toml and what is wrong."""
    root = config(tmp_path, f"[tool.harness.corpus]\n{table}\n")
    with pytest.raises(
        ConfigError, match=r"pyproject.toml \[tool.harness\].corpus.*" + message
    ):
        load_config(root)
