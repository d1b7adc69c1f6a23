"""The ``[tool.harness.corpus]`` table: thresholds and files of the corpus rules.

    [tool.harness.corpus]
    coverage = {published = 0.9, author = 0.5}  # field: least share of pages filled
    duplicates = true            # flag one body under different URLs
    recurring_pages = 3          # a block in this many pages of a run is template text
    recurring_letters = 20       # ... if it has at least this many letters
    title_letters = 20           # a title this long, found as a body block, is borrowed
    baselines = "baselines.json"     # reviewed per-site baselines (harness update)
    boilerplate = "boilerplate.json" # reviewed learned templates (harness learn)
    tolerance = 0.5              # for new baselines: how far a site's median may move

    [tool.harness.corpus.sites.news]
    coverage = {author = 0.8}    # per site, on top of the table above

    [tool.harness.corpus.learn]  # bounds of harness learn (docs/corpus.md says why)
    min_letters = 30
    min_pages = 3
    min_share = 0.2
    min_sites = 2
    max_per_site = 30

Letters are counted with CJK characters weighted (:mod:`harness.corpus.text`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from harness.errors import ConfigError

KEYS = {
    "coverage", "duplicates", "recurring_pages", "recurring_letters", "title_letters",
    "baselines", "boilerplate", "tolerance", "sites", "learn",
}  # fmt: skip


@dataclass(frozen=True)
class LearnBounds:
    """What ``harness learn`` keeps: see docs/corpus.md for why each bound exists."""

    min_letters: int = 30
    """Shorter blocks ("Share this article", "Read more") are left out."""
    min_pages: int = 3
    """A block on fewer pages may be one article captured twice."""
    min_share: float = 0.2
    """Within a site: the share of its pages the block must be on."""
    min_sites: int = 2
    """Across sites: a block on this many sites (and ``min_pages`` pages) is kept
    whatever its share in each."""
    max_per_site: int = 30
    """At most this many templates per site, the most widespread first."""


@dataclass(frozen=True)
class CorpusSettings:
    """How the corpus rules run; the defaults need no configuration at all."""

    coverage: Mapping[str, float] = field(default_factory=dict)
    """Field name: the least share of a site's pages where it is filled."""
    site_coverage: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    """Per site name, coverage thresholds added to (or replacing) ``coverage``."""
    duplicates: bool = True
    recurring_pages: int = 3
    """A block in the article fields of this many pages of one site is template
    text. Tuned on the shared corpora (docs/corpus.md)."""
    recurring_letters: int = 20
    title_letters: int = 20
    tolerance: float = 0.5
    baselines: Path | None = None
    """The baselines file; None: ``baselines.json`` in the project root."""
    boilerplate: Path | None = None
    """The learned templates; None: ``boilerplate.json`` in the project root."""
    learn: LearnBounds = LearnBounds()

    def coverage_for(self, site: str) -> dict[str, float]:
        return {**self.coverage, **self.site_coverage.get(site, {})}


def corpus_settings(table: Any, *, root: Path, where: str) -> CorpusSettings:
    """``[tool.harness.corpus]`` checked; ConfigError names the key that is wrong."""
    if table is None:
        table = {}
    where = f"{where}.corpus"
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: must be a table")
    if unknown := sorted(set(table) - KEYS):
        raise ConfigError(f"{where}: unknown keys {unknown}; known: {sorted(KEYS)}")
    sites = table.get("sites", {})
    if not isinstance(sites, dict):
        raise ConfigError(f"{where}.sites: must be a table of site tables")
    site_coverage = {}
    for name, site in sites.items():
        if not isinstance(site, dict) or set(site) - {"coverage"}:
            raise ConfigError(
                f"{where}.sites.{name}: must be a table with `coverage` only"
            )
        site_coverage[name] = shares(site.get("coverage", {}), f"{where}.sites.{name}")
    duplicates = table.get("duplicates", True)
    if not isinstance(duplicates, bool):
        raise ConfigError(f"{where}: `duplicates` must be true or false")
    learn = table.get("learn", {})
    if not isinstance(learn, dict):
        raise ConfigError(f"{where}.learn: must be a table")
    if unknown := sorted(set(learn) - LEARN_KEYS):
        raise ConfigError(
            f"{where}.learn: unknown keys {unknown}; known: {sorted(LEARN_KEYS)}"
        )
    return CorpusSettings(
        coverage=shares(table.get("coverage", {}), where),
        site_coverage=site_coverage,
        duplicates=duplicates,
        baselines=project_file(table, "baselines", root, where),
        boilerplate=project_file(table, "boilerplate", root, where),
        learn=LearnBounds(**numbers(learn, LearnBounds(), f"{where}.learn")),
        **numbers(
            {k: v for k, v in table.items() if k in NUMBER_KEYS},
            CorpusSettings(),
            where,
        ),
    )


NUMBER_KEYS = {"recurring_pages", "recurring_letters", "title_letters", "tolerance"}
LEARN_KEYS = {f.name for f in fields(LearnBounds)}


def numbers(table: Mapping[str, Any], defaults: object, where: str) -> dict[str, Any]:
    """``table``'s numbers, typed like ``defaults``' attributes: a whole number
    >= 1 where the default is whole, a share from 0 to 1 where it is a float."""
    values: dict[str, Any] = {}
    for key, value in table.items():
        whole = isinstance(getattr(defaults, key), int)
        ok = not isinstance(value, bool) and (
            (isinstance(value, int) and value >= 1)
            if whole
            else (isinstance(value, int | float) and 0 <= value <= 1)
        )
        if not ok:
            what = "a whole number >= 1" if whole else "a number from 0 to 1"
            raise ConfigError(f"{where}: `{key}` must be {what}, got {value!r}")
        values[key] = value if whole else float(value)
    return values


def shares(table: Any, where: str) -> dict[str, float]:
    """A ``coverage`` table: field name to a share from 0 to 1."""
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: `coverage` must be a table of field = share")
    for key, value in table.items():
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not 0 <= value <= 1
        ):
            raise ConfigError(
                f"{where}: coverage of `{key}` must be a share from 0 to 1, got {value!r}"
            )
    return {key: float(value) for key, value in table.items()}


def project_file(table: Mapping[str, Any], key: str, root: Path, where: str) -> Path:
    """A file the project reviews and commits: inside the project, never outside."""
    value = table.get(key, f"{key}.json")
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{where}: `{key}` must be a file name, got {value!r}")
    path = (root / value).resolve()
    if not path.is_relative_to(root.resolve()):
        raise ConfigError(
            f"{where}: `{key}` = {value!r} lies outside the project {root}; "
            "reviewed files stay in the project"
        )
    return path
