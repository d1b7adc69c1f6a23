"""Results cached by content: a re-run checks only the seeds whose inputs changed.

A seed's verdicts depend on its page bytes and sidecar meta, its expectations
(truth, wherever they are read from), its snapshot file, its site's
configuration (parser, schema name, time zone, volatile and required fields,
options, rules), the schema file, the parser's code, the learned boilerplate
file, and the harness itself. The key is a hash of all of them, so a
change to any one re-checks exactly the seeds it touches. The harness's version
and the hash of its own source are part of every key: no entry is trusted across
harness versions, or after editing an installed harness.

The corpus stage's verdicts are cached too, keyed by the keys of all the run's
seeds, in order, with the baselines file and the corpus settings: a re-run
with nothing changed reads them back, and a change to any seed runs the stage
again, since its rules compare the pages with one another.

Entries are small JSON files under ``$HARNESS_CACHE_DIR``, else
``$XDG_CACHE_HOME/scrape-harness``, else ``~/.cache/scrape-harness``: outside the
project, safe to delete at any time. An entry that cannot be read is a miss.
Results that depend on the clock (the published-date window) or on the machine
(a time or memory limit) are not cached.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import asdict
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from harness.atomic import write_atomic
from harness.corpus import SiteVerdict
from harness.errors import HarnessError
from harness.model import CheckResult, Finding, SeedResult, Site
from harness.pages import meta_path, read_meta
from harness.parsers import get_parser
from harness.paths import KnownFiles
from harness.truth import truth_for_seed

if TYPE_CHECKING:
    from harness.engine import Project

CLOCK_RULES = frozenset({"published_between"})
"""Rules whose verdict can change with nothing but the date: never cached."""
LIMIT_RULES = frozenset({"timeout"})


def default_folder() -> Path:
    if folder := os.environ.get("HARNESS_CACHE_DIR"):
        return Path(folder)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "scrape-harness"


class ResultCache:
    """The cached verdicts of one project's seeds."""

    def __init__(self, project: Project, folder: Path | None = None) -> None:
        self.project = project
        root = str(project.root).encode()
        project_id = hashlib.sha256(root).hexdigest()[:16]
        self.folder = (folder or default_folder()) / project_id
        self._sites: dict[str, str] = {}  # by the site's repr: options are dicts
        self._keys: dict[Path, str | None] = {}
        self._files = KnownFiles()  # truth and meta files, looked for per seed
        # The quality check flags learned templates in every seed (harness learn).
        self._learned = _file_digest(project.boilerplate_file)

    def key(self, path: Path) -> str | None:
        """The hash of everything the seed's verdicts depend on; None when its
        page or meta cannot be read (the check itself will say what is wrong)."""
        if path not in self._keys:  # the corpus stage's key asks again
            self._keys[path] = self._key(path)
        return self._keys[path]

    def _key(self, path: Path) -> str | None:
        project = self.project
        name = project.name(path)
        digest = hashlib.sha256(harness_fingerprint().encode())
        digest.update(self._learned)
        sidecar = meta_path(path)
        has_meta = self._files.is_file(sidecar)
        try:
            meta = read_meta(path, name) if has_meta else {}
            digest.update(name.encode())
            digest.update(_file_digest(path))
            digest.update(_file_digest(sidecar) if has_meta else b"absent")
            digest.update(_file_digest(project.layout.file_for(path)))
            truth = truth_for_seed(path, meta, name=name, is_file=self._files.is_file)
            site = project.config.site_for_seed(path, meta, name=name)
        except (HarnessError, OSError, ValueError):
            return None
        digest.update(repr(truth).encode())
        digest.update(self._site_digest(site).encode())
        return digest.hexdigest()

    def get(self, key: str) -> SeedResult | None:
        try:
            # orjson: a cached run mostly reads entries. It refuses integers past
            # 64 bits, which makes that entry a miss.
            data = orjson.loads(self._file(key).read_bytes())
            return result_from_json(data)
        except (OSError, ValueError, TypeError, KeyError):
            return None  # missing or damaged: check the seed again

    def put(self, key: str, result: SeedResult) -> None:
        if cacheable(result):
            self._write(key, asdict(result))

    def corpus_key(
        self, pages: Sequence[Path], results: Sequence[SeedResult], *, whole: bool
    ) -> str | None:
        """The hash of everything the corpus stage's verdicts on ``results`` (the
        checks of ``pages``) depend on; None when one of them is not cached."""
        if not all(map(cacheable, results)):
            return None  # a verdict of the clock or of a limit: the stage may differ
        digest = hashlib.sha256(harness_fingerprint().encode())
        digest.update(f"corpus stage, whole={whole}".encode())
        digest.update(repr(self.project.config.corpus).encode())
        digest.update(_file_digest(self.project.baselines_file))
        for path in pages:
            key = self.key(path)
            if key is None:
                return None
            digest.update(key.encode())
        return digest.hexdigest()

    def get_corpus(self, key: str) -> list[SiteVerdict] | None:
        try:
            data = orjson.loads(self._file(key).read_bytes())
            return [verdict_from_json(verdict) for verdict in data]
        except (OSError, ValueError, TypeError, KeyError):
            return None

    def put_corpus(self, key: str, verdicts: Sequence[SiteVerdict]) -> None:
        self._write(key, [asdict(verdict) for verdict in verdicts])

    def _write(self, key: str, data: Any) -> None:
        try:
            write_atomic(self._file(key), json.dumps(data, ensure_ascii=False).encode())
        except OSError as e:  # a read-only cache slows the next run, no more
            print(f"harness: cache not written ({e})", file=sys.stderr)

    def _file(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def _site_digest(self, site: Site) -> str:
        described = repr(site)
        if described not in self._sites:
            digest = hashlib.sha256(described.encode())
            if site.schema:
                schema = self.project.config.schemas / site.schema
                digest.update(_file_digest(schema))
            digest.update(parser_fingerprint(site.parser).encode())
            self._sites[described] = digest.hexdigest()
        return self._sites[described]


def cacheable(result: SeedResult) -> bool:
    rules = {f.rule for r in result.results for f in r.findings}
    return not rules & (CLOCK_RULES | LIMIT_RULES) and not any(
        r.check == "parse"
        and r.failed
        and f.rule == "parser"
        and "stopped" in f.message
        for r in result.results
        for f in r.findings
    )


@cache
def harness_fingerprint() -> str:
    """The harness's version and a hash of its own files, source and schemas."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(metadata.version("scrape-harness").encode())
    for file in sorted(package.rglob("*")):
        if file.suffix in {".py", ".json"} and "__pycache__" not in file.parts:
            digest.update(file.relative_to(package).as_posix().encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def parser_fingerprint(name: str) -> str:
    """The parser's ``version`` attribute, if any, and a hash of its source:
    the package its function is defined in, or its module file. The harness's
    own parsers are covered by :func:`harness_fingerprint`."""
    try:
        parse = get_parser(name)
    except HarnessError:
        return f"unknown parser {name}"
    module = sys.modules.get(getattr(parse, "__module__", ""), None)
    digest = hashlib.sha256(f"{name} {getattr(parse, 'version', '')}".encode())
    source = inspect.getsourcefile(module) if module else None
    if source is None or module is None or module.__name__.startswith("harness."):
        return digest.hexdigest()
    top = sys.modules.get(module.__name__.partition(".")[0])
    top_file = getattr(top, "__file__", None)
    if top_file and Path(top_file).name == "__init__.py":
        files = sorted(Path(top_file).parent.rglob("*.py"))
    else:
        files = [Path(source)]
    for file in files:
        digest.update(file.read_bytes())
    return digest.hexdigest()


def _file_digest(file: Path) -> bytes:
    """A hash of the file's bytes, or of its absence."""
    try:
        return hashlib.sha256(file.read_bytes()).digest()
    except FileNotFoundError:
        return b"absent"


def verdict_from_json(data: dict[str, Any]) -> SiteVerdict:
    return SiteVerdict(
        site=data["site"],
        status=data["status"],
        findings=tuple(Finding(**f) for f in data["findings"]),
        pages=data["pages"],
    )


def result_from_json(data: dict[str, Any]) -> SeedResult:
    return SeedResult(
        page=data["page"],
        results=tuple(
            CheckResult(
                check=r["check"],
                page=r["page"],
                status=r["status"],
                findings=tuple(Finding(**f) for f in r["findings"]),
                reason=r["reason"],
            )
            for r in data["results"]
        ),
        record=data["record"],
        site=data["site"],
    )
