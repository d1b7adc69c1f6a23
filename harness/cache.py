"""Results cached by content: a re-run checks only the seeds whose inputs changed.

A seed's verdicts depend on its page bytes and sidecar meta, its expectations
(truth, wherever they are read from), its snapshot file, its site's
configuration (parser, schema name, time zone, volatile and required fields,
options, rules), the schema file, the parser's code, the learned boilerplate
file, and the harness itself. The key is a hash of all of them, so a
change to any one re-checks exactly the seeds it touches. The harness's version
and the hash of its own source are part of every key: no entry is trusted across
harness versions, or after editing an installed harness.

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
from dataclasses import asdict
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness.atomic import write_atomic
from harness.errors import HarnessError
from harness.model import CheckResult, Finding, SeedResult, Site
from harness.pages import meta_path, read_meta
from harness.parsers import get_parser
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
        # The quality check flags learned templates in every seed (harness learn).
        self._learned = _file_digest(project.boilerplate_file)

    def key(self, path: Path) -> str | None:
        """The hash of everything the seed's verdicts depend on; None when its
        page or meta cannot be read (the check itself will say what is wrong)."""
        project = self.project
        name = project.name(path)
        digest = hashlib.sha256(harness_fingerprint().encode())
        digest.update(self._learned)
        try:
            meta = read_meta(path, name)
            digest.update(name.encode())
            digest.update(_file_digest(path))
            digest.update(_file_digest(meta_path(path)))
            digest.update(_file_digest(project.layout.file_for(path)))
            truth = truth_for_seed(path, meta, name=name)
            site = project.config.site_for_seed(path, meta, name=name)
        except (HarnessError, OSError, ValueError):
            return None
        digest.update(repr(truth).encode())
        digest.update(self._site_digest(site).encode())
        return digest.hexdigest()

    def get(self, key: str) -> SeedResult | None:
        try:
            data = json.loads(self._file(key).read_bytes())
            return result_from_json(data)
        except (OSError, ValueError, TypeError, KeyError):
            return None  # missing or damaged: check the seed again

    def put(self, key: str, result: SeedResult) -> None:
        if not cacheable(result):
            return
        data = json.dumps(asdict(result), ensure_ascii=False).encode()
        try:
            write_atomic(self._file(key), data)
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
