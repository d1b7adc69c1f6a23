"""Learned boilerplate: text blocks that recur across a site's pages, or sites.

``harness learn`` reads the article fields of the project's records and keeps
the blocks that are template text (promo lines, "related" headers, newsletter
boxes, tag clouds) in a reviewed file; the ``no_learned_boilerplate`` quality
rule then flags any of them inside an article field.

    {"format": "scrape-harness-boilerplate", "version": 1,
     "bounds": {"min_letters": 30, ...},
     "templates": [{"text": "Download the app for the full story", "pages": 14,
                    "sites": {"aggregator": 12, "news": 2}}]}

Templates are sorted by text, one per entry, so a review diff reads line by
line. The bounds (:class:`~harness.corpus.settings.LearnBounds`) keep short
common phrases out; docs/corpus.md says why each is set where it is.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from harness.atomic import write_atomic
from harness.checks.quality import ARTICLE_FIELDS, quote
from harness.corpus.entries import RecordLike
from harness.corpus.reviewed import read_reviewed
from harness.corpus.settings import LearnBounds
from harness.corpus.text import (
    OWN_TEXT_FIELDS,
    article_blocks,
    block_key,
    weighted_letters,
)
from harness.errors import ConfigError
from harness.jsonpath import excerpt, strings_of
from harness.model import Finding, Site

FORMAT = "scrape-harness-boilerplate"
VERSION = 1
RULE = "no_learned_boilerplate"


@dataclass(frozen=True)
class Template:
    text: str
    """The block as first seen (whitespace collapsed); matched by its key."""
    pages: int
    sites: Mapping[str, int]
    """Site name: how many of its pages hold the block."""


def learn(entries: Sequence[RecordLike], bounds: LearnBounds) -> list[Template]:
    """The templates among the article blocks of ``entries``, sorted by text."""
    site_pages: defaultdict[str, int] = defaultdict(int)
    seen: defaultdict[str, defaultdict[str, set[str]]] = defaultdict(
        lambda: defaultdict(set)
    )  # key: site: pages
    texts: dict[str, str] = {}
    for entry in entries:
        if entry.site is None or not isinstance(entry.record, dict):
            continue
        site_pages[entry.site] += 1
        for _, line in article_blocks(strings_of(entry.record, OWN_TEXT_FIELDS)):
            text = " ".join(line.split())
            if weighted_letters(text) < bounds.min_letters:
                continue
            key = block_key(text)
            texts.setdefault(key, text)
            seen[key][entry.site].add(entry.page)
    kept: set[str] = set()
    for site, total in site_pages.items():
        ranked = []
        for key, sites in seen.items():
            count = len(sites.get(site, ()))
            if not count:
                continue
            pages = sum(len(p) for p in sites.values())
            within = count >= bounds.min_pages and count / total >= bounds.min_share
            across = len(sites) >= bounds.min_sites and pages >= bounds.min_pages
            if within or across:
                ranked.append((-count, key))
        kept.update(key for _, key in sorted(ranked)[: bounds.max_per_site])
    templates = [
        Template(
            texts[key],
            sum(len(p) for p in seen[key].values()),
            {site: len(pages) for site, pages in sorted(seen[key].items())},
        )
        for key in kept
    ]
    return sorted(templates, key=lambda t: (block_key(t.text), t.text))


def write_templates(
    file: Path, templates: Sequence[Template], bounds: LearnBounds
) -> None:
    data = {
        "format": FORMAT,
        "version": VERSION,
        "bounds": asdict(bounds),
        "templates": [
            {"text": t.text, "pages": t.pages, "sites": dict(t.sites)}
            for t in templates
        ],
    }
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    write_atomic(file, text.encode("utf-8"))


def read_templates(file: Path, *, shown: str) -> list[Template] | None:
    """The templates in ``file``; None when there is no such file."""
    data = read_reviewed(
        file, shown=shown, what="learned boilerplate", format=FORMAT, version=VERSION
    )
    if data is None:
        return None
    items = data.get("templates")
    if not isinstance(items, list):
        raise ConfigError(f"{shown}: `templates` must be an array")
    templates = []
    for index, item in enumerate(items):
        text = item.get("text") if isinstance(item, dict) else None
        if not isinstance(text, str) or not text.strip():
            raise ConfigError(f"{shown}: templates[{index}]: `text` must be a string")
        sites = item.get("sites", {})
        pages = item.get("pages", 0)
        if not isinstance(sites, dict) or not isinstance(pages, int):
            raise ConfigError(
                f"{shown}: templates[{index}]: `pages` must be a number and "
                "`sites` an object"
            )
        templates.append(Template(text, pages, sites))
    return templates


def no_learned_boilerplate(
    templates: Sequence[Template], fields: Sequence[str] = ARTICLE_FIELDS
) -> _NoLearnedBoilerplate:
    """A quality rule: no learned template inside an article field."""
    return _NoLearnedBoilerplate(tuple(templates), tuple(fields))


class _NoLearnedBoilerplate:
    name = RULE

    def __init__(
        self, templates: tuple[Template, ...], fields: tuple[str, ...]
    ) -> None:
        self.templates = templates
        self.fields = fields
        self._keys = [(block_key(t.text), t) for t in templates]

    def __repr__(self) -> str:
        return f"{self.name}({len(self.templates)} templates)"

    def __call__(
        self, record: dict[str, Any], *, page: str, site: Site
    ) -> Iterator[Finding]:
        strings = strings_of(record, self.fields)
        for at, (text, field_key) in enumerate(
            zip(strings.texts, strings.keys, strict=True)
        ):
            if field_key == "kind":
                continue  # a block's kind ("paragraph") is a label, not its text
            key = block_key(text)
            for template_key, template in self._keys:
                if template_key in key:
                    where = ", ".join(sorted(template.sites))
                    message = (
                        f"expected article text, found learned boilerplate "
                        f"{quote(template.text)} (on {template.pages} pages of "
                        f"{where})"
                    )
                    path = strings.path(at)
                    yield Finding("quality", page, path, RULE, message, excerpt(text))


def learned_findings(
    file: Path, record: dict[str, Any], *, page: str, site: Site, shown: str
) -> list[Finding]:
    """The rule's findings on ``record`` with the templates in ``file``, if any.

    An unreadable file fails the quality check of each seed, naming the file;
    the run goes on.
    """
    try:
        rule = cached_rule(file, shown, *file_version(file))
    except ConfigError as e:
        return [Finding("quality", page, "", RULE, str(e))]
    return [] if rule is None else list(rule(record, page=page, site=site))


def file_version(file: Path) -> tuple[int, int]:
    """What tells a changed file from the one cached: modification time and size."""
    try:
        stat = file.stat()
    except FileNotFoundError:
        return 0, -1
    return stat.st_mtime_ns, stat.st_size


@lru_cache(maxsize=4)
def cached_rule(
    file: Path, shown: str, mtime: int, size: int
) -> _NoLearnedBoilerplate | None:
    templates = read_templates(file, shown=shown)
    return None if templates is None else no_learned_boilerplate(templates)
