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
from dataclasses import asdict, replace
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from harness.atomic import read_bytes, write_atomic
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
        # Most seeds get the configuration's own Site object: its repr is taken
        # once. The object is kept with its digest, so its id is not reused.
        self._site_objects: dict[int, tuple[Site, str]] = {}
        self._keys: dict[Path, str | None] = {}
        self._files = KnownFiles()  # truth and meta files, looked for per seed
        # What every key starts with: the harness itself, and the templates the
        # quality check flags in every seed (harness learn).
        self._common = hashlib.sha256(harness_fingerprint().encode())
        self._common.update(_file_digest(project.boilerplate_file))

    def key(self, path: Path) -> str | None:
        """The hash of everything the seed's verdicts depend on; None when its
        page or meta cannot be read (the check itself will say what is wrong)."""
        if path not in self._keys:  # the corpus stage's key asks again
            self._keys[path] = self._key(path)
        return self._keys[path]

    def _key(self, path: Path) -> str | None:
        project = self.project
        name = project.name(path)
        digest = self._common.copy()
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

    def get(self, key: str, *, record: bool = True) -> SeedResult | None:
        """The seed's cached result; without its record (None) unless asked for.

        An entry is two lines: the verdicts, then the record. Only the HTML
        report and the corpus stage read records, so a re-run whose corpus
        verdicts are cached too leaves the longer line unparsed.
        """
        try:
            verdicts, newline, rest = read_bytes(self._file(key)).partition(b"\n")
            if not newline:
                return None  # cut short: check the seed again
            # orjson: a cached run mostly reads entries. It refuses integers past
            # 64 bits, which makes that entry a miss.
            result = result_from_json(orjson.loads(verdicts))
            return replace(result, record=orjson.loads(rest)) if record else result
        except (OSError, ValueError, TypeError, KeyError):
            return None  # missing or damaged: check the seed again

    def put(self, key: str, result: SeedResult) -> None:
        if cacheable(result):
            verdicts = asdict(replace(result, record=None))
            del verdicts["record"]
            # json.dumps escapes every line break inside a string: the entry's
            # only one is the one between its two lines.
            lines = (_dumps(verdicts), _dumps(result.record))
            self._write(key, "\n".join(lines).encode())

    def with_record(self, path: Path, result: SeedResult) -> SeedResult:
        """``result`` with the record that :meth:`get` left unread read back."""
        key = self.key(path)
        if result.record is not None or key is None:
            return result
        return self.get(key) or result

    def corpus_key(self, pages: Sequence[Path], *, whole: bool) -> str | None:
        """The hash of everything the corpus stage's verdicts on the checks of
        ``pages`` depend on, as long as every check is :func:`cacheable`; None
        when a seed has no key."""
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
            data = orjson.loads(read_bytes(self._file(key)))
            return [verdict_from_json(verdict) for verdict in data]
        except (OSError, ValueError, TypeError, KeyError):
            return None

    def put_corpus(self, key: str, verdicts: Sequence[SiteVerdict]) -> None:
        self._write(key, _dumps([asdict(verdict) for verdict in verdicts]).encode())

    def _write(self, key: str, data: bytes) -> None:
        try:
            write_atomic(Path(self._file(key)), data)
        except OSError as e:  # a read-only cache slows the next run, no more
            print(f"harness: cache not written ({e})", file=sys.stderr)

    def _file(self, key: str) -> str:
        # A string: a cached run builds one for every seed, and pathlib costs more.
        return os.path.join(self.folder, key[:2], f"{key}.json")

    def _site_digest(self, site: Site) -> str:
        known = self._site_objects.get(id(site))
        if known is not None and known[0] is site:
            return known[1]
        digest = self._described_site_digest(site)
        self._site_objects[id(site)] = (site, digest)
        return digest

    def _described_site_digest(self, site: Site) -> str:
        described = repr(site)
        if described not in self._sites:
            digest = hashlib.sha256(described.encode())
            if site.schema:
                schema = self.project.config.schemas / site.schema
                digest.update(_file_digest(schema))
            digest.update(parser_fingerprint(site.parser).encode())
            self._sites[described] = digest.hexdigest()
        return self._sites[described]


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)


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
        return hashlib.sha256(read_bytes(file)).digest()
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
    """A result from ``dataclasses.asdict`` of one; with no ``record`` key, a
    result without its record."""
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
        record=data.get("record"),
        site=data["site"],
    )
