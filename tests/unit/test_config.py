"""[tool.harness]: loading, errors that name the key, choosing a site for a page."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from harness.config import load_config
from harness.errors import ConfigError, PageError
from harness.model import Page

SITES = """
[tool.harness]
[[tool.harness.sites]]
name = "news"
match = ["news/**"]
parser = "article"
timezone = "Europe/Berlin"
volatile = ["views"]

[[tool.harness.sites]]
name = "shop"
urls = ["https://shop.example/*"]
parser = "product"
"""


def project(tmp_path: Path, toml: str) -> Path:
    (tmp_path / "pyproject.toml").write_text(toml)
    return tmp_path


def page(root: Path, rel: str, **meta: str) -> Page:
    path = root / "seeds" / rel
    return Page(
        name=rel, path=path, raw=b"", text="", encoding="utf-8", kind="text", meta=meta
    )


def test_sites_load_with_defaults(tmp_path):
    """Folders default to seeds/snapshots/schemas; site fields are read as given."""
    config = load_config(project(tmp_path, SITES))
    assert config.seeds == tmp_path / "seeds"
    news = config.sites[0].site
    assert (news.name, news.parser, news.timezone, news.volatile) == (
        "news",
        "article",
        "Europe/Berlin",
        ("views",),
    )
    assert news.required == ("title", "body")


def test_site_by_folder_url_and_meta(tmp_path):
    """A page gets its site by folder pattern, by URL pattern, or by name in its meta."""
    config = load_config(project(tmp_path, SITES))
    assert config.site_for(page(tmp_path, "news/2024/a.txt")).name == "news"
    shop = page(tmp_path, "misc/b.html", url="https://shop.example/p/1")
    assert config.site_for(shop).name == "shop"
    chosen = config.site_for(page(tmp_path, "misc/c.html", site="news", parser="other"))
    assert (chosen.name, chosen.parser) == ("news", "other")


def test_page_without_a_site_is_a_page_error(tmp_path):
    """A seed no site matches fails alone, with a message saying how to fix it."""
    config = load_config(project(tmp_path, SITES))
    with pytest.raises(
        PageError, match=r"misc/x\.txt: no \[\[tool\.harness\.sites\]\]"
    ):
        config.site_for(page(tmp_path, "misc/x.txt"))
    with pytest.raises(PageError, match="names site 'nope'"):
        config.site_for(page(tmp_path, "misc/x.txt", site="nope"))


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[tool.other]\n", r"has no \[tool\.harness\] table"),
        ("[tool.harness\n", "cannot read"),
        ("[tool.harness]\nseeds = 3\n", "`seeds` must be a folder name"),
        (
            '[[tool.harness.sites]]\nname = "a"\nparser = "p"\nmatch = ["*"]\ncolour = 1\n',
            r"sites\[0\]: unknown keys \['colour'\]",
        ),
        ('[[tool.harness.sites]]\nname = "a"\nmatch = ["*"]\n', "`parser` is required"),
        (
            '[[tool.harness.sites]]\nname = "a"\nparser = "p"\n',
            "give `match` or `urls`",
        ),
        (
            '[[tool.harness.sites]]\nname = "a"\nparser = "p"\nmatch = ["*"]\ntimezone = "Mars/Base"\n',
            "unknown time zone 'Mars/Base'",
        ),
        (
            '[[tool.harness.sites]]\nname = "a"\nparser = "p"\nmatch = "*"\n',
            "`match` must be a list of strings",
        ),
        (
            '[[tool.harness.sites]]\nname = "a"\nparser = "p"\nmatch = ["*"]\n'
            '[[tool.harness.sites]]\nname = "a"\nparser = "q"\nmatch = ["*"]\n',
            r"site names must be unique: \['a'\]",
        ),
    ],
)
def test_bad_configuration_names_file_and_key(tmp_path, toml, message):
    """Each configuration mistake is a ConfigError naming pyproject.toml and the key."""
    with pytest.raises(ConfigError, match=message) as raised:
        load_config(project(tmp_path, toml))
    assert "pyproject.toml" in str(raised.value)


def test_missing_pyproject(tmp_path):
    """A folder without pyproject.toml is not a project, and the error says so."""
    with pytest.raises(ConfigError, match=r"pyproject\.toml: not found"):
        load_config(tmp_path)


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ('seeds = "/etc"', "`seeds` = '/etc' is an absolute path"),
        ('snapshots = "../elsewhere"', "`snapshots` = '../elsewhere' points outside"),
        ('schemas = "a/../../b"', "`schemas` = 'a/../../b' points outside"),
        ('plugins = ["../parsers.py"]', "`plugins` = '../parsers.py' points outside"),
    ],
)
def test_paths_outside_the_project_are_refused(
    tmp_path: Path, setting: str, message: str
) -> None:
    (tmp_path / "pyproject.toml").write_text(f"[tool.harness]\n{setting}\n")
    with pytest.raises(ConfigError, match=re.escape(message)) as raised:
        load_config(tmp_path)
    assert str(tmp_path / "pyproject.toml") in str(raised.value)


def test_a_seeds_folder_symlinked_out_of_the_project_is_refused(tmp_path: Path) -> None:
    root, elsewhere = tmp_path / "project", tmp_path / "elsewhere"
    root.mkdir()
    elsewhere.mkdir()
    (root / "seeds").symlink_to(elsewhere)
    (root / "pyproject.toml").write_text("[tool.harness]\n")
    with pytest.raises(ConfigError, match="`seeds` = 'seeds' points outside"):
        load_config(root)


def test_a_schema_name_outside_the_schemas_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.harness]\n[[tool.harness.sites]]\nname = "a"\nparser = "p"\n'
        'match = ["*"]\nschema = "../../etc/passwd"\n'
    )
    with pytest.raises(
        ConfigError, match=re.escape("`schema` = '../../etc/passwd' points outside")
    ):
        load_config(tmp_path)


def test_real_path_resolves_as_path_resolve_does(tmp_path: Path) -> None:
    """Through symlinked files and folders, "..", missing files and a relative
    path, a run's real_path is Path.resolve."""
    (tmp_path / "pyproject.toml").write_text("[tool.harness]\n")
    seeds = tmp_path / "seeds"
    (seeds / "site").mkdir(parents=True)
    (seeds / "site" / "a.txt").write_text("a")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "b.txt").write_text("b")
    os.symlink(tmp_path / "elsewhere" / "b.txt", seeds / "site" / "b.txt")
    os.symlink(tmp_path / "elsewhere", seeds / "linked")
    config = load_config(tmp_path)
    paths = [
        seeds / "site" / "a.txt",
        seeds / "site" / "b.txt",
        seeds / "linked" / "b.txt",
        seeds / "site" / ".." / "linked" / "b.txt",
        seeds / "site" / "missing.txt",
        Path(os.path.relpath(seeds / "site" / "a.txt")),
    ]
    for path in paths:
        assert config.real_path(path) == path.resolve(), path
        assert config.real_path(path) == path.resolve(), path  # and remembered
