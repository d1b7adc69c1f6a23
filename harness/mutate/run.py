"""Run mutations through the engine and judge each mutant.

Every page is written into a scratch project (its seeds and snapshots in a
temporary folder, the real project's sites, schemas and plugins), parsed and
checked as itself, then once per mutation with the mutant written in its place,
so the mutant goes through exactly what ``harness check`` runs:

- **new-page** mode: the checks a page nobody has snapshotted gets (schema,
  quality, truth);
- **recapture** mode: those plus the snapshot check, against the snapshot of the
  unmutated page.

A mutant *leaks* when a text it injected turns up in the record's article fields
(and was not there before); a leak is *caught* when the mutant has an error
finding the unmutated page did not have.
"""

from __future__ import annotations

import json
import random
import tempfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from harness.atomic import write_atomic
from harness.checks.quality import ARTICLE_FIELDS
from harness.corpus import CorpusRecord
from harness.engine import (
    Parsed,
    Project,
    accept,
    parse_seed,
    record_quality,
    run_check,
)
from harness.errors import HarnessError
from harness.jsonpath import iter_strings
from harness.model import CHECKS, Finding, Page
from harness.mutate import Mutant, Neighbour, get_mutation
from harness.mutate.corpus import CorpusContext
from harness.pages import meta_path, page_suffixes
from harness.parsers._lines import squash

Mode = Literal["new-page", "recapture"]
MODES: tuple[Mode, ...] = ("new-page", "recapture")
_SNIPPET_CHARS = 240


@dataclass(frozen=True)
class MutantResult:
    """One mutation on one page."""

    page: str
    mutation: str
    applicable: bool
    note: str = ""
    injected: tuple[str, ...] = ()
    changed: bool = False
    leaked: tuple[str, ...] = ()
    """Injected texts found in the record's article fields."""
    new_findings: dict[str, tuple[Finding, ...]] = field(default_factory=dict)
    """Per mode, the error findings the unmutated page did not have."""
    error: str = ""
    """Why the mutant could not be judged (it did not parse, the mutation raised)."""

    def caught(self, mode: str) -> bool:
        return bool(self.new_findings.get(mode))


@dataclass(frozen=True)
class PageResult:
    """The unmutated page: its error findings per mode are false alarms."""

    page: str
    parsed: bool
    alarms: dict[str, tuple[Finding, ...]] = field(default_factory=dict)
    error: str = ""


@dataclass(frozen=True)
class MutateRun:
    pages: tuple[PageResult, ...]
    mutants: tuple[MutantResult, ...]
    mutations: tuple[str, ...]
    modes: tuple[Mode, ...]
    seed: int


@dataclass
class _Original:
    path: Path
    page: Page
    target: Path
    parsed: Parsed
    findings: dict[str, tuple[Finding, ...]] = field(default_factory=dict)


def run_mutations(
    project: Project,
    pages: Sequence[Path],
    *,
    mutations: Sequence[str],
    modes: Sequence[Mode] = MODES,
    seed: int = 0,
) -> MutateRun:
    """Every mutation on every page, judged in every mode."""
    functions = {name: get_mutation(name) for name in mutations}
    with tempfile.TemporaryDirectory(prefix="harness-mutate-") as scratch:
        folder = Path(scratch)
        config = replace(
            project.config, seeds=folder / "seeds", snapshots=folder / "snapshots"
        )
        sandbox = Project(project.root, config)
        prepared = [_prepare(project, sandbox, path, modes) for path in pages]
        originals = [o for o in prepared if isinstance(o, _Original)]
        corpus = CorpusContext(
            [_corpus_record(o.parsed) for o in originals], sandbox.config.corpus
        )
        page_results = []
        for item in prepared:
            if isinstance(item, _Original):
                own = corpus.page_findings(item.parsed.name)
                for mode in modes:
                    item.findings[mode] = _errors(sandbox, item.parsed, mode, own)
                item = PageResult(item.page.name, True, item.findings)
            page_results.append(item)
        neighbours = [_neighbour(o.parsed.record) for o in originals]
        results = []
        for index, original in enumerate(originals):
            others = neighbours[:index] + neighbours[index + 1 :]
            for name, function in functions.items():
                rng = random.Random(_rng_seed(seed, original.page.name, name))
                mutant = _mutant(original, name, function, rng, others)
                results.append(_judge(sandbox, corpus, original, name, mutant, modes))
    return MutateRun(
        tuple(page_results), tuple(results), tuple(mutations), tuple(modes), seed
    )


def _rng_seed(seed: int, page: str, mutation: str) -> int:
    """A stable seed per page and mutation (``hash`` changes between processes)."""
    return zlib.crc32(f"{seed}\0{page}\0{mutation}".encode())


def _prepare(
    project: Project, sandbox: Project, path: Path, modes: Sequence[Mode]
) -> _Original | PageResult:
    """Load the page, write it into the sandbox, parse and check it as itself."""
    name = project.name(path)
    try:
        page = project.load(path)
    except HarnessError as e:
        return PageResult(name, False, error=str(e))
    target = sandbox.config.seeds / _sandbox_name(project, path)
    _write(target, page, page.text)
    parsed = parse_seed(sandbox, target)
    if parsed.result.failed:
        message = "; ".join(f.message for f in parsed.result.findings)
        return PageResult(name, False, error=message)
    if "recapture" in modes:
        accept(sandbox, parsed)
    return _Original(path, page, target, parsed)


def _corpus_record(parsed: Parsed) -> CorpusRecord:
    assert parsed.site is not None
    return CorpusRecord(parsed.name, parsed.site.name, parsed.record)


def _sandbox_name(project: Project, path: Path) -> str:
    """The page's path below the seeds folder, without ``.gz``: sites still match."""
    relative = project.config.seed_path(path)
    suffixes = page_suffixes(path)
    return relative[:-3] if suffixes and suffixes[1] else relative


def _write(target: Path, page: Page, text: str) -> None:
    """The page's text as UTF-8, its meta saying so (the original may be GBK)."""
    write_atomic(target, text.encode("utf-8", errors="surrogatepass"))
    meta = {**page.meta, "charset": "utf-8"}
    write_atomic(meta_path(target), json.dumps(meta, ensure_ascii=False).encode())


def _errors(
    sandbox: Project,
    parsed: Parsed,
    mode: Mode,
    corpus: Sequence[Finding],
    *,
    mutant: bool = False,
) -> tuple[Finding, ...]:
    """The error findings of every check that applies in ``mode``, and ``corpus``.

    On a mutant the quality check's rules run on the record but the page is
    not scanned for secrets again: mutations inject none, and the scan costs a
    third of a mutant's time.
    """
    findings = list(corpus)
    for check in CHECKS[1:]:
        if check == "snapshot" and mode != "recapture":
            continue
        if check == "quality" and mutant:
            findings += record_quality(sandbox, parsed)
        else:
            findings += run_check(sandbox, parsed, check).findings
    return tuple(f for f in findings if f.severity == "error")


def _mutant(
    original: _Original,
    name: str,
    function: Any,
    rng: random.Random,
    others: Sequence[Neighbour],
) -> Mutant | MutantResult:
    """The mutant, or the result that says why there is none."""
    page = original.page.name
    try:
        mutant: Mutant | None = function(original.page, rng=rng, others=others)
    except Exception as e:  # a mutation bug must not sink the run
        return MutantResult(page, name, True, error=f"the mutation raised {e!r}")
    if mutant is None:
        return MutantResult(page, name, False, note="not applicable")
    return mutant


def _judge(
    sandbox: Project,
    corpus: CorpusContext,
    original: _Original,
    name: str,
    mutant: Mutant | MutantResult,
    modes: Sequence[Mode],
) -> MutantResult:
    if isinstance(mutant, MutantResult):
        return mutant
    page = original.page.name
    _write(original.target, original.page, mutant.text)
    parsed = parse_seed(sandbox, original.target)
    if parsed.result.failed:
        message = "; ".join(f.message for f in parsed.result.findings)
        return MutantResult(
            page, name, True, mutant.note, mutant.injected, True, error=message
        )
    before, after = original.parsed.record, parsed.record
    assert parsed.site is not None
    own = corpus.mutant_findings(original.parsed.name, parsed.site.name, after)
    new: dict[str, tuple[Finding, ...]] = {
        mode: _new(
            original.findings[mode],
            _errors(sandbox, parsed, mode, own, mutant=True),
        )
        for mode in modes
    }
    return MutantResult(
        page,
        name,
        True,
        mutant.note,
        mutant.injected,
        changed=before != after,
        leaked=leaks(mutant.injected, before, after),
        new_findings=new,
    )


def _key(finding: Finding) -> tuple[str, str, str]:
    # Not the path: a block injected above an old finding moves it to body[n+1].
    return finding.check, finding.rule, json.dumps(finding.value, sort_keys=True)


def _new(old: Iterable[Finding], findings: Iterable[Finding]) -> tuple[Finding, ...]:
    known = {_key(f) for f in old}
    return tuple(f for f in findings if _key(f) not in known)


def article_text(record: Any) -> str:
    """The record's article fields as one whitespace-normalised string."""
    return "\n".join(squash(text) for _, text in iter_strings(record, ARTICLE_FIELDS))


def leaks(injected: Iterable[str], before: Any, after: Any) -> tuple[str, ...]:
    """The injected texts found in ``after``'s article fields but not ``before``'s."""
    old, new = article_text(before), article_text(after)
    found = []
    for text in injected:
        needle = squash(text)
        if needle and needle in new and needle not in old:
            found.append(text)
    return tuple(found)


def _neighbour(record: Any) -> Neighbour:
    """How an aggregator would list a page: its title and the start of its text."""
    title = record.get("title") if isinstance(record, dict) else None
    body = record.get("body") if isinstance(record, dict) else None
    texts = (
        [b.get("text", "") for b in body if isinstance(b, dict)]
        if isinstance(body, list)
        else []
    )
    snippet = next((t for t in texts if len(t) > 60), texts[0] if texts else "")
    return Neighbour(
        title if isinstance(title, str) else "", squash(snippet)[:_SNIPPET_CHARS]
    )
