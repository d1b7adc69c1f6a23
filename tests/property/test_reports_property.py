"""Every report renderer on any run: a str; JSON, JUnit XML and HTML parse.

Runs are made of decoded text (no lone surrogates) and page names a file
system can hold (no NUL); the crashes found outside that are regression
tests below.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import lxml.html
import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from harness.model import CHECKS, CheckResult, Finding, SeedResult
from harness.report import RunReport, html, json_report, junit, markdown

from .strategies import decoded_text, json_values

names = decoded_text.filter(lambda t: "\x00" not in t)
page_names = names | st.lists(names, min_size=1, max_size=3).map(
    lambda parts: "seeds/" + "/".join(parts) + ".txt"
)
values = json_values(5).filter(lambda v: "\\ud" not in json.dumps(v))

findings = st.builds(
    Finding,
    check=st.sampled_from(CHECKS) | decoded_text,
    page=page_names,
    path=decoded_text,
    rule=decoded_text,
    message=decoded_text,
    value=values,
    expected=values,
    hint=st.none() | decoded_text,
    severity=st.sampled_from(["error", "warn"]),
)


@st.composite
def seed_results(draw: st.DrawFn) -> SeedResult:
    page = draw(page_names)
    checks = draw(st.lists(st.sampled_from(CHECKS), max_size=5, unique=True))
    results = tuple(
        CheckResult(
            check,
            page,
            draw(st.sampled_from(["passed", "failed", "skipped"])),
            tuple(draw(st.lists(findings, max_size=3))),
            draw(decoded_text),
        )
        for check in checks
    )
    return SeedResult(page, results, draw(values), draw(st.none() | names))


@pytest.fixture(scope="module")
def root() -> Iterator[Path]:
    # Module-scoped: hypothesis runs many examples in one function-scoped call.
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


runs = st.tuples(
    st.lists(seed_results(), max_size=4).map(tuple),
    st.lists(names, max_size=2).map(tuple),
)
Run = tuple[tuple[SeedResult, ...], tuple[str, ...]]


def as_report(root: Path, run: Run) -> RunReport:
    return RunReport(root=root, results=run[0], stale=run[1])


@given(run=runs)
def test_markdown_renders_any_run(root: Path, run: Run) -> None:
    """The Markdown report renders any run to a string."""
    assert isinstance(markdown.render(as_report(root, run)), str)


@given(run=runs)
def test_json_report_parses(root: Path, run: Run) -> None:
    """The JSON report of any run is valid JSON."""
    json.loads(json_report.render(as_report(root, run)))


@given(run=runs)
def test_junit_is_well_formed_xml(root: Path, run: Run) -> None:
    """The JUnit report of any run parses as XML, a testcase for each seed check."""
    when = datetime(2025, 1, 1, tzinfo=UTC)
    xml = junit.render(as_report(root, run), timestamp=when, hostname="h")
    suite = etree.fromstring(xml.encode("utf-8"))
    # Stale snapshots get a testcase of their own.
    assert len(suite.findall(".//testcase")) >= sum(len(s.results) for s in run[0])


@given(run=runs)
def test_html_parses_and_text_stays_text(root: Path, run: Run) -> None:
    """The HTML report parses; no text of the run turns into a script element."""
    document = lxml.html.document_fromstring(html.render(as_report(root, run)))
    assert len(document.xpath("//script")) == 1


# -- crashes the property tests found, kept as regression tests --------------------

SURROGATE_NAME = "seeds/\udcff.txt"
"""What os.fsdecode makes of a seed file whose name is not valid UTF-8."""


def finding_with(message: str, page: str = "seeds/a.txt") -> SeedResult:
    finding = Finding("quality", page, "title", "required", message)
    result = CheckResult("quality", page, "failed", (finding,))
    return SeedResult(page, (result,), {"title": ""}, "site")


@pytest.mark.parametrize(
    "make",
    [
        lambda root: RunReport(root, (), stale=("\ud800",)),
        lambda root: RunReport(root, (finding_with("m\ud800"),)),
        lambda root: RunReport(root, (finding_with("m", page=SURROGATE_NAME),)),
    ],
    ids=["stale-name", "message", "page-name"],
)
def test_markdown_takes_lone_surrogates(
    root: Path, make: Callable[[Path], RunReport]
) -> None:
    """Markdown renders a run whose text holds a lone surrogate."""
    markdown.render(make(root))


def test_html_takes_a_page_name_with_nul(root: Path) -> None:
    """The HTML report renders a run whose page name holds NUL (no such file)."""
    html.render(RunReport(root, (SeedResult("seeds/\x00.txt", ()),)))
