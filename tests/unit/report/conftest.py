"""Fixtures for the report tests: a real run over a small corpus, and a huge fake one.

The corpus (``corpus/``, copied into a temporary folder and run through
``harness.engine.check_all``) has one seed per outcome:

    seeds/news/a-passes.txt    every check passes
    seeds/news/b-schema.txt    schema: views is -3, below the minimum of 0
    seeds/news/c-snapshot.txt  snapshot: the title changed, a paragraph was inserted
    seeds/news/d-quality.txt   quality: a tag-list line leaked into the body
    seeds/news/e-parse.txt     parse: no views line, the parser raises KeyError
    seeds/news/f-hostile.txt   snapshot and quality, on text full of HTML, backticks
                               and pipes that must not break any report
    snapshots/news/gone.txt.json  unused: its seed is gone
"""

from __future__ import annotations

import functools
import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from harness.engine import Project, check_all
from harness.model import CheckResult, Finding, SeedResult
from harness.report import RunReport

# corpus/ holds the files of a project the tests copy, not tests of ours.
collect_ignore = ["corpus"]

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"


def run(root: Path) -> RunReport:
    """``harness check`` on a project, as the CLI builds its report."""
    project = Project(root)
    results = check_all(project, project.pages())
    stale = tuple(project.name(file) for file in project.layout.stale())
    return RunReport(project.root, tuple(results), stale)


@pytest.fixture
def corpus_report(tmp_path: Path) -> RunReport:
    """The report of a real run over a copy of ``corpus/``."""
    root = tmp_path / "corpus"
    shutil.copytree(CORPUS, root, copy_function=shutil.copyfile)
    return run(root)


WORDS = [
    "harbour",
    "ferry",
    "港口",
    "渡轮",
    "market",
    "市场",
    "<b>",
    "`x`",
    "|",
    "*",
    "_",
    "rain",
    "下雨",
    "weekend",
    "周末",
]


@functools.cache
def paragraph(seed: int, size: int) -> str:
    """``size`` characters of words, Chinese and markup, different for each seed."""
    rng = random.Random(seed)
    words: list[str] = []
    length = 0
    while length < size:
        words.append(rng.choice(WORDS))
        length += len(words[-1]) + 1
    return " ".join(words)[:size]


def make_failing_seed(number: int, *, text_size: int = 5000) -> SeedResult:
    """A seed failing every check it can, with long values and many findings."""
    page = f"seeds/bulk/{number:05d}.txt"
    long_old = paragraph(number % 7, text_size) + "<script>x</script> `|`"
    long_new = paragraph(number % 7 + 1, text_size) + "<script>y</script> `|`"
    findings = [
        Finding(
            "snapshot",
            page,
            f"body[{i}].text",
            "changed",
            f"changed from {long_old[:80]!r} to {long_new[:80]!r}",
            value=long_new,
            expected=long_old,
            hint=f"if this is intended, run `harness update {page}`",
        )
        for i in range(30)
    ]
    findings.append(
        Finding(
            "snapshot",
            page,
            "body[40]",
            "inserted",
            "30 items inserted",
            value=[{"kind": "paragraph", "text": long_new}] * 30,
        )
    )
    quality = tuple(
        Finding("quality", page, f"body[{i}]", "no_markup", "found HTML markup")
        for i in range(30)
    )
    return SeedResult(
        page,
        (
            CheckResult("parse", page, "passed"),
            CheckResult(
                "schema", page, "skipped", reason="site 'bulk' names no schema"
            ),
            CheckResult("snapshot", page, "failed", tuple(findings)),
            CheckResult("quality", page, "failed", quality),
        ),
        site="bulk",
    )


@pytest.fixture
def failing_seed() -> Callable[..., SeedResult]:
    """``failing_seed(number, *, text_size=5000)``: a seed failing snapshot and quality."""
    return make_failing_seed


@pytest.fixture(scope="session")
def huge_report() -> RunReport:
    """1,000 failing seeds, each with 61 findings and values of 5,000 characters."""
    results = tuple(make_failing_seed(n) for n in range(1000))
    stale = tuple(f"snapshots/bulk/gone-{n:04d}.txt.json" for n in range(200))
    return RunReport(Path("/project"), results, stale)
