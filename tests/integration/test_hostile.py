"""Hostile pages and runaway parsers: each fails its own seed, in bounded time and memory.

Every ``harness check`` here runs in a child process with its address space capped
(``RLIMIT_AS``) and a wall-clock bound, so a regression that expands entities,
reads a gzip bomb whole or waits on a looping parser fails the test instead of
the machine. The project is built in the test: the aggregator and article parsers
read the HTML pages, and a plugin file registers a parser that never returns and
one that allocates without end.
"""

from __future__ import annotations

import gzip
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

MIB = 1024 * 1024
# The whole `harness check`, interpreter and trafilatura included, must fit in this.
ADDRESS_SPACE = 3072 * MIB
SECONDS = 60.0

PYPROJECT = """\
[tool.harness]
seeds = "seeds"
snapshots = "snapshots"
schemas = "schemas"
plugins = ["parsers.py"]
parse_timeout = 2
parse_memory = 256
max_page_bytes = 2097152

[[tool.harness.sites]]
name = "aggregator"
match = ["aggregator/**"]
parser = "aggregator"
timezone = "Asia/Shanghai"

[[tool.harness.sites]]
name = "article"
match = ["article/**"]
parser = "article"

[[tool.harness.sites]]
name = "loops"
match = ["loops/**"]
parser = "hostile-loops"

[[tool.harness.sites]]
name = "explodes"
match = ["explodes/**"]
parser = "hostile-explodes"

[[tool.harness.sites]]
name = "plain"
match = ["plain/**"]
parser = "hostile-plain"
"""

PARSERS = '''\
"""Parsers that misbehave, and one that does not."""

from harness.parsers import parser


@parser("hostile-loops")
def loops(page, *, site):
    while True:
        pass


@parser("hostile-explodes")
def explodes(page, *, site):
    hoard = []
    while True:
        hoard.append(bytearray(b"x" * (16 * 1024 * 1024)))


@parser("hostile-plain")
def plain(page, *, site):
    return {"title": page.text.splitlines()[0], "body": page.text.splitlines()[1:]}
'''

GOOD_HTML = (
    "<html><head><title>A fine page</title></head><body><article><h1>A fine page"
    "</h1><p>"
    + "Plain words of an ordinary article, long enough to be kept. " * 8
    + "</p></article></body></html>"
)


def billion_laughs() -> str:
    entities = "".join(
        f'<!ENTITY l{i} "' + f"&l{i - 1};" * 10 + '">' for i in range(1, 10)
    )
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY l0 "lol">'
        + entities
        + "]>\n<html><body><article><h1>Laughs</h1><p>&l9;</p></article></body></html>"
    )


def xxe(secret: Path) -> str:
    return (
        f'<!DOCTYPE html [<!ENTITY e SYSTEM "file://{secret}">'
        f'<!ENTITY % d SYSTEM "file://{secret}"> %d;]>'
        "<html><body><article><h1>Entities</h1><p>&e;</p></article></body></html>"
    )


def nested() -> str:
    return (
        "<html><body><h1>Deep</h1>"
        + "<div>" * 100_000
        + "<p>At the bottom.</p>"
        + "</div>" * 100_000
        + "</body></html>"
    )


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str
    seconds: float
    max_rss_mib: float


def harness(root: Path, *args: str | Path) -> Run:
    """``harness ARGS --root ROOT`` in a child capped at ADDRESS_SPACE; its time and peak RSS."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))

    command = [
        sys.executable,
        "-c",
        "import sys; from harness.cli import main; sys.exit(main())",
        *(str(a) for a in args),
        "--root",
        str(root),
    ]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.monotonic()
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=SECONDS * 2,
        preexec_fn=cap,  # the test process runs no threads of its own
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
        check=False,
    )
    seconds = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return Run(
        done.returncode, done.stdout, done.stderr, seconds, max(after, before) / 1024
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with the aggregator, article and misbehaving parsers, and good seeds."""
    root = tmp_path / "hostile"
    (root / "schemas").mkdir(parents=True)
    (root / "pyproject.toml").write_text(PYPROJECT)
    (root / "parsers.py").write_text(PARSERS)
    seed(root, "article/good.html", GOOD_HTML)
    seed(root, "plain/good.txt", "A title\nA line of text.\n")
    return root


def seed(root: Path, name: str, content: str | bytes) -> Path:
    path = root / "seeds" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def parse_findings(out: str) -> dict[str, str]:
    """``seed -> parse message`` for each seed whose parse failed, from `harness check`."""
    found: dict[str, str] = {}
    seed_name = None
    for line in out.splitlines():
        if line.startswith("FAILED "):
            seed_name = line.removeprefix("FAILED ")
        elif seed_name and line.startswith("  parse "):
            found[seed_name] = line.removeprefix("  parse").strip()
    return found


def quality_findings(out: str) -> dict[str, list[str]]:
    """``seed -> [message, ...]`` of the quality findings `harness check` printed."""
    found: dict[str, list[str]] = {}
    seed_name = None
    for line in out.splitlines():
        if line.startswith("FAILED "):
            seed_name = line.removeprefix("FAILED ")
        elif seed_name and line.startswith("  quality "):
            found.setdefault(seed_name, []).append(
                line.removeprefix("  quality").strip()
            )
    return found


HOSTILE = {
    "nesting-aggregator": (
        "aggregator/deep.html",
        nested,
        "Excessive depth in document",
    ),
    "nesting-article": ("article/deep.html", nested, "Excessive depth in document"),
    "big": (
        "article/big.html",
        lambda: "<html><body><p>" + "x" * (50 * MIB) + "</p></body></html>",
        "page is larger than max_page_bytes = 2097152 bytes",
    ),
    "gzip-bomb": (
        "article/bomb.html.gz",
        lambda: gzip.compress(b"<p>" + b" " * (1024 * MIB), 9),
        "decompressed page is larger than max_page_bytes",
    ),
    "nul": ("plain/nul.txt", lambda: b"A title\n\x00\x00 and more", "binary data"),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_hostile_page_fails_alone(project: Path, case: str) -> None:
    """A hostile page fails its own parse with a named problem, in bounded time and memory."""
    name, build, message = HOSTILE[case]
    seed(project, name, build())

    run = harness(project, "check")

    assert run.seconds < SECONDS, run
    print(f"{case}: {run.seconds:.1f} s, peak RSS {run.max_rss_mib:.0f} MiB")
    findings = parse_findings(run.out)
    assert list(findings) == [f"seeds/{name}"], run.out + run.err
    assert message in findings[f"seeds/{name}"]
    assert "seeds/plain/good.txt" not in findings


def test_invalid_and_mixed_encodings_parse(project: Path) -> None:
    """Invalid and mixed byte sequences decode with replacements; the seed still parses."""
    mixed = "Un titre déjà vu\n".encode() + "ligne en Latin-1 : été\n".encode("latin-1")
    seed(project, "plain/mixed.txt", mixed)
    seed(project, "plain/invalid.txt", b"A title\n\xff\xfe\xc3\x28 broken \xe2\x82\n")
    seed(project, "article/mixed.html", GOOD_HTML.encode() + "é".encode("cp1252"))

    run = harness(project, "check")

    assert run.seconds < SECONDS, run
    assert parse_findings(run.out) == {}, run.out + run.err


def test_external_entity_is_never_read(project: Path, tmp_path: Path) -> None:
    """An XXE seed naming a local file: the file's text is in no record, finding or report."""
    marker = "MARKER-7f3a9c-never-read"
    secret = tmp_path / "secret.txt"
    secret.write_text(f"{marker}\n")
    seed(project, "aggregator/xxe.html", xxe(secret))
    seed(project, "article/xxe.html", xxe(secret))
    reports = {
        flag: tmp_path / f"report.{flag[9:]}"
        for flag in ("--report-json", "--report-html", "--report-md")
    }
    report_args = [str(a) for flag, file in reports.items() for a in (flag, file)]

    run = harness(project, "check", *report_args)
    shown = [
        harness(project, "show", "--json", project / f"seeds/{n}/xxe.html")
        for n in ("aggregator", "article")
    ]

    assert run.seconds < SECONDS, run
    assert parse_findings(run.out) == {}, run.out + run.err
    for folder in ("aggregator", "article"):
        assert (
            "line 1: the page declares 2 external entities (e, d); a hostile page: "
            "nothing was read from where they point"
        ) in quality_findings(run.out)[f"seeds/{folder}/xxe.html"]
    for file in reports.values():
        assert file.is_file(), run.out + run.err
        assert marker not in file.read_text(encoding="utf-8")
    for output in shown:
        assert output.code == 0, output.err
        assert "&e;" in output.out
    for output in (run, *shown):
        assert marker not in output.out + output.err


@pytest.mark.parametrize("folder", ["aggregator", "article"])
def test_entity_expansion_is_contained(project: Path, folder: str) -> None:
    """Billion laughs: the page parses with its entities unexpanded, in bounded memory."""
    seed(project, f"{folder}/laughs.html", billion_laughs())

    run = harness(project, "check")
    shown = harness(project, "show", "--json", project / f"seeds/{folder}/laughs.html")

    assert run.seconds < SECONDS, run
    print(f"laughs-{folder}: {run.seconds:.1f} s, peak RSS {run.max_rss_mib:.0f} MiB")
    assert parse_findings(run.out) == {}, run.out + run.err
    assert (
        "line 2: the page declares 10 entities (l0, l1, l2, l3, l4, l5, l6, l7, l8, "
        "l9), as an entity-expansion bomb does; they were not expanded"
    ) in quality_findings(run.out)[f"seeds/{folder}/laughs.html"]
    assert shown.code == 0, shown.err
    assert "lollol" not in shown.out
    assert len(shown.out) < 10_000


@pytest.mark.parametrize(
    ("folder", "message"),
    [
        pytest.param(
            "loops", "parser 'hostile-loops' took more than 2 s; stopped", id="loops"
        ),
        pytest.param(
            "explodes", "parser 'hostile-explodes' raised MemoryError", id="explodes"
        ),
    ],
)
def test_runaway_parser_is_stopped(project: Path, folder: str, message: str) -> None:
    """A parser that never returns, or allocates without end, is stopped; the others pass."""
    seed(project, f"{folder}/page.txt", "A title\nA line.\n")

    run = harness(project, "check")

    assert run.seconds < SECONDS, run
    print(f"{folder}: {run.seconds:.1f} s, peak RSS {run.max_rss_mib:.0f} MiB")
    findings = parse_findings(run.out)
    assert list(findings) == [f"seeds/{folder}/page.txt"], run.out + run.err
    assert findings[f"seeds/{folder}/page.txt"].startswith(message)
    assert run.max_rss_mib < 1024


def test_runaway_parser_in_process(project: Path) -> None:
    """The engine, as the pytest plugin calls it, reports the time limit the same way."""
    from harness.engine import Project, parse_seed

    page = seed(project, "loops/page.txt", "A title\nA line.\n")
    start = time.monotonic()
    parsed = parse_seed(Project(project), page)
    assert time.monotonic() - start < 10
    assert parsed.result.failed
    (finding,) = parsed.result.findings
    assert finding.rule == "timeout"
    assert finding.message == "parser 'hostile-loops' took more than 2 s; stopped"
    good = parse_seed(Project(project), project / "seeds/plain/good.txt")
    assert good.record == {"title": "A title", "body": ["A line of text."]}
