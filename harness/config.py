"""The project's ``[tool.harness]`` table in pyproject.toml.

    [tool.harness]
    seeds = "seeds"            # where the captured pages live
    snapshots = "snapshots"    # one reviewed JSON file per seed, mirroring seeds/
    schemas = "schemas"        # JSON Schema files named by the sites
    plugins = ["parsers.py"]   # Python files that register parsers, imported first
    user_agent = "my-team-bot/1.0 (+https://example.com/bot)"  # harness capture
    host_delay = 1.0           # seconds between two requests to one host
    fetch_timeout = 10.0       # seconds to connect, and to wait for each read
    fetch_retries = 3          # on connection errors, 429 and 5xx, backing off
    max_page_bytes = 10485760  # a larger body is refused, never cut short; a larger
                               # seed (on disk or gunzipped) fails its parse check
    parse_timeout = 30         # seconds a parser may take on one seed; 0: no limit
    parse_memory = 4096        # MiB a parser may allocate on one seed; 0: no cap
    rules = [{ field = "title", length = { min = 10 } }]  # for every site (docs/rules.md)
    rules_file = "rules.toml"  # more rules, in a file inside the project

    [[tool.harness.sites]]
    name = "aggregator"
    match = ["aggregator/**"]  # shell patterns on the path below seeds/ (* crosses /)
    urls = ["https://example.com/news/*"]  # or patterns on the seed's meta url
    parser = "aggregator"
    schema = "article.schema.json"
    timezone = "Asia/Shanghai"
    volatile = ["views", "appended"]
    required = ["title", "body"]
    rules = [{ field = "body[*].text", not_matches = "(?i)download our app" }]

    [tool.harness.corpus]      # the corpus rules: harness/corpus/settings.py
    coverage = {author = 0.8}

The first site whose ``match`` or ``urls`` pattern fits a seed applies to it; a
seed's meta.json may name its ``site`` (and ``parser``) outright.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from fnmatch import fnmatchcase
from functools import cached_property
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from harness.corpus.settings import CorpusSettings, corpus_settings
from harness.errors import ConfigError, PageError
from harness.model import Page, Site
from harness.paths import inside, relative_posix

SITE_KEYS = {
    "name", "match", "urls", "parser", "schema", "timezone", "volatile", "required",
    "options", "rules",
}  # fmt: skip


@dataclass(frozen=True)
class SiteRule:
    site: Site
    match: tuple[str, ...]
    urls: tuple[str, ...]

    def applies_to(self, seed_path: str, url: str | None) -> bool:
        if any(fnmatchcase(seed_path, pattern) for pattern in self.match):
            return True
        return url is not None and any(fnmatchcase(url, p) for p in self.urls)


@dataclass(frozen=True)
class FetchSettings:
    """How ``harness capture`` and ``harness recapture`` fetch pages."""

    user_agent: str | None = None
    """None: ``scrape-harness/<version> (+<project page>)``."""
    host_delay: float = 1.0
    fetch_timeout: float = 10.0
    fetch_retries: int = 3
    max_page_bytes: int = 10 * 1024 * 1024


@dataclass(frozen=True)
class Config:
    root: Path
    seeds: Path
    snapshots: Path
    schemas: Path
    sites: tuple[SiteRule, ...]
    plugins: tuple[Path, ...] = ()
    """Python files imported when the project opens, to register parsers."""
    fetch: FetchSettings = FetchSettings()
    parse_timeout: float = 30.0
    """Seconds one parse may take before it is stopped; 0 runs parsers in-process."""
    parse_memory: int = 4096
    """MiB one parse may allocate (in its child process); 0: no cap."""
    corpus: CorpusSettings = field(default_factory=CorpusSettings)
    """``[tool.harness.corpus]``: the corpus rules' thresholds and files."""

    def seed_path(self, page_path: Path) -> str:
        """The page's path below the seeds folder, with forward slashes."""
        return relative_posix(self.real_path(page_path), self.real_seeds)

    @cached_property
    def real_seeds(self) -> Path:
        """The seeds folder, resolved once: resolving walks every path component."""
        return self.seeds.resolve()

    def real_path(self, path: Path) -> Path:
        """``path`` resolved, once per run: the name, the site, the snapshot and
        the symlink check of a seed all start from where it really is.

        A file that is no symlink lies where its folder really is, and the
        folder is resolved once for all its seeds: resolving each path walks
        all its components.
        """
        if path not in self._real_paths:
            if path.parent == path or path.name == ".." or path.is_symlink():
                real = path.resolve()
            else:
                real = self.real_path(path.parent) / path.name
            self._real_paths[path] = real
        return self._real_paths[path]

    @cached_property
    def _real_paths(self) -> dict[Path, Path]:
        return {}

    def site_for(self, page: Page) -> Site:
        """The site that applies to a page; PageError when none does."""
        return self.site_for_seed(page.path, page.meta, name=page.name)

    def site_for_seed(self, path: Path, meta: Mapping[str, Any], *, name: str) -> Site:
        """The site for the seed at ``path`` with sidecar ``meta``, without
        reading the page itself; PageError when none applies."""
        wanted = meta.get("site")
        if wanted:
            rules = [rule for rule in self.sites if rule.site.name == wanted]
            if not rules:
                known = ", ".join(r.site.name for r in self.sites) or "none"
                raise PageError(
                    f"{name}: meta.json names site {wanted!r}, which is not in "
                    f"[tool.harness.sites] (configured: {known})"
                )
            site = rules[0].site
        else:
            url = meta.get("url")
            seed_path = self.seed_path(path)
            found = (
                r.site
                for r in self.sites
                if r.applies_to(seed_path, url if isinstance(url, str) else None)
            )
            site_or_none = next(found, None)
            if site_or_none is None:
                raise PageError(
                    f"{name}: no [[tool.harness.sites]] entry matches it; add its "
                    "folder to a site's `match` list in pyproject.toml"
                )
            site = site_or_none
        if parser := meta.get("parser"):
            site = replace(site, parser=parser)
        return site


def is_project(root: Path) -> bool:
    """Whether ``root/pyproject.toml`` has a ``[tool.harness]`` table."""
    try:
        with open(root / "pyproject.toml", "rb") as f:
            return "harness" in tomllib.load(f).get("tool", {})
    except (OSError, tomllib.TOMLDecodeError):
        return False


def load_config(root: Path) -> Config:
    """Read ``root/pyproject.toml``; ConfigError names the file and the bad key."""
    pyproject = root / "pyproject.toml"
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            f"{pyproject}: not found; is {root} a Scrape Harness project? "
            "(pass --root DIR)"
        ) from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"{pyproject}: cannot read: {e}") from e
    table = data.get("tool", {}).get("harness")
    if not isinstance(table, dict):
        raise ConfigError(f"{pyproject}: has no [tool.harness] table")
    where = f"{pyproject} [tool.harness]"
    sites = table.get("sites", [])
    if not isinstance(sites, list):
        raise ConfigError(f"{where}: `sites` must be an array of tables")
    rules = tuple(site_rule(s, f"{where} sites[{i}]") for i, s in enumerate(sites))
    names = [rule.site.name for rule in rules]
    if duplicates := sorted({n for n in names if names.count(n) > 1}):
        raise ConfigError(f"{where}: site names must be unique: {duplicates}")
    plugins = tuple(
        inside(root, p, key="plugins", where=where)
        for p in strings(table, "plugins", where, ())
    )
    if "rules" in table or "rules_file" in table or any("rules" in s for s in sites):
        from harness.rules.declare import declared_rules  # only projects that use them

        declared = declared_rules(
            table, sites, root=root, pyproject=pyproject, plugins=plugins
        )
        rules = tuple(
            replace(r, site=replace(r.site, rules=declared[r.site.name])) for r in rules
        )
    return Config(
        root=root,
        seeds=folder(table, "seeds", root, where),
        snapshots=folder(table, "snapshots", root, where),
        schemas=folder(table, "schemas", root, where),
        sites=rules,
        plugins=plugins,
        fetch=fetch_settings(table, where),
        corpus=corpus_settings(table.get("corpus"), root=root, where=where),
        **parse_limits(table, where),
    )


def parse_limits(table: Mapping[str, Any], where: str) -> dict[str, Any]:
    """``parse_timeout`` and ``parse_memory``, checked."""
    values: dict[str, Any] = {}
    for key, kind in (("parse_timeout", float), ("parse_memory", int)):
        value = table.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (kind, int)) or value < 0:
            what = "a whole number" if kind is int else "a number"
            raise ConfigError(f"{where}: `{key}` must be {what} >= 0, got {value!r}")
        values[key] = kind(value)
    return values


def fetch_settings(table: Mapping[str, Any], where: str) -> FetchSettings:
    """The capture keys of ``[tool.harness]``, checked."""
    values: dict[str, Any] = {}
    for key, kind, least in (
        ("host_delay", float, 0), ("fetch_timeout", float, 0.001),
        ("fetch_retries", int, 0), ("max_page_bytes", int, 1),
    ):  # fmt: skip
        value = table.get(key)
        if value is None:
            continue
        if (
            isinstance(value, bool)
            or not isinstance(value, (kind, int))
            or value < least
        ):
            what = "a whole number" if kind is int else "a number"
            raise ConfigError(
                f"{where}: `{key}` must be {what} >= {least}, got {value!r}"
            )
        values[key] = kind(value)
    agent = table.get("user_agent")
    if agent is not None and (not isinstance(agent, str) or not agent.strip()):
        raise ConfigError(f"{where}: `user_agent` must be a non-empty string")
    return FetchSettings(user_agent=agent, **values)


def folder(table: Mapping[str, Any], key: str, root: Path, where: str) -> Path:
    return inside(root, table.get(key, key), key=key, where=where, what="folder")


def site_rule(table: Any, where: str) -> SiteRule:
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: must be a table")
    if unknown := sorted(set(table) - SITE_KEYS):
        raise ConfigError(
            f"{where}: unknown keys {unknown}; known: {sorted(SITE_KEYS)}"
        )
    for key in ("name", "parser"):
        if not isinstance(table.get(key), str) or not table[key]:
            raise ConfigError(f"{where}: `{key}` is required and must be a string")
    timezone = table.get("timezone", "UTC")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ConfigError(f"{where}: unknown time zone {timezone!r}") from None
    options = table.get("options", {})
    if not isinstance(options, dict):
        raise ConfigError(f"{where}: `options` must be a table")
    schema = table.get("schema")
    if schema is not None:  # a name inside the schemas folder, wherever that is
        inside(Path("schemas"), schema, key="schema", where=where)
    site = Site(
        name=table["name"],
        parser=table["parser"],
        schema=schema,
        timezone=timezone,
        volatile=strings(table, "volatile", where, ()),
        required=strings(table, "required", where, Site.required),
        options=options,
    )
    match = strings(table, "match", where, ())
    urls = strings(table, "urls", where, ())
    if not match and not urls:
        raise ConfigError(f"{where}: give `match` or `urls` patterns for the site")
    return SiteRule(site=site, match=match, urls=urls)


def strings(
    table: Mapping[str, Any], key: str, where: str, default: tuple[str, ...]
) -> tuple[str, ...]:
    value = table.get(key)
    if value is None:
        return default
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: `{key}` must be a list of strings")
    return tuple(value)
