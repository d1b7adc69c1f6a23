"""Pages checked where they lie: ``--seeds DIR`` and ``--parser NAME``.

    harness check --seeds ../shared/corpora/scrapinghub-aeb/html --parser article
    harness show page.html --parser article --json

``--seeds`` names the folder of pages for this run; when it is outside the
project's seeds folder, its snapshots go to ``<snapshots>/<its path below the
root, without leading ..>`` (``snapshots/shared/corpora/scrapinghub-aeb/html``),
never beside the pages. ``--parser`` parses every page with that parser: the
sites keep their time zone and options, and pages no site matches get a site of
their own (UTC, no schema). Neither needs a pyproject.toml; without one the root
folder holds the snapshots.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from harness.config import Config, SiteRule, is_project, load_config
from harness.errors import ConfigError
from harness.model import Site

CATCH_ALL = ("*",)
"""A site pattern every seed path matches (``*`` crosses ``/`` here)."""


def run_config(root: Path, *, seeds: Path | None, parser: str | None) -> Config:
    """The project's configuration with ``--seeds`` and ``--parser`` applied."""
    if is_project(root):
        config = load_config(root)
    elif parser is None:
        try:
            load_config(root)  # says what is missing
        except ConfigError as e:
            raise ConfigError(f"{e}; or name a parser: --parser NAME") from None
        raise AssertionError("load_config accepted a folder is_project refused")
    else:
        config = Config(
            root=root,
            seeds=root,
            snapshots=root / "snapshots",
            schemas=root / "schemas",
            sites=(),
        )
    if seeds is not None and not seeds.resolve().is_relative_to(config.seeds.resolve()):
        config = replace(
            config, seeds=seeds, snapshots=config.snapshots / outside_name(seeds, root)
        )
    if parser is not None:
        sites = tuple(
            replace(rule, site=replace(rule.site, parser=parser))
            for rule in config.sites
        )
        every_page = SiteRule(Site(name=parser, parser=parser), CATCH_ALL, ())
        config = replace(config, sites=(*sites, every_page))
    return config


def outside_name(folder: Path, root: Path) -> str:
    """Where a folder's snapshots go below the snapshots folder: its path from the
    root without the ``..`` steps, ``../shared/corpora/x`` → ``shared/corpora/x``.

    The path as written, not resolved: ``../shared`` may be a symlink in one
    clone and a folder in another, and both must record the same snapshots.
    """
    relative = Path(os.path.relpath(os.path.abspath(folder), os.path.abspath(root)))
    return "/".join(part for part in relative.parts if part not in ("..", "."))
