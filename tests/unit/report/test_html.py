"""The HTML report without a browser: escaping everywhere, the CSP, nothing fetched."""

from __future__ import annotations

import html
import json
import random
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from harness.model import CheckResult, Finding, SeedResult
from harness.report import RunReport
from harness.report._html_parts import word_diff
from harness.report.html import SCRIPT, render

ALLOWED_TAGS = {
    "html", "head", "meta", "link", "title", "style", "script", "body", "header",
    "main", "section", "article", "details", "summary", "h1", "h2", "h3", "h4", "p",
    "b", "span", "div", "code", "pre", "a", "label", "select", "option", "table",
    "colgroup", "col", "thead", "tbody", "tr", "th", "td", "dl", "dt", "dd", "ol",
    "ul", "li", "del", "ins",
}  # fmt: skip
POLICY = re.compile(
    r"^default-src 'none'; style-src 'unsafe-inline'; "
    r"script-src 'nonce-(?P<nonce>[A-Za-z0-9_-]{16,})'; img-src data:$"
)


def hostile(place: str) -> str:
    """Markup that would run if it reached the page unescaped; ``place`` tells which."""
    return f"<script>pwn('{place}')</script><img src=x onerror=\"pwn('{place}')\">"


# A file name cannot hold "/", so the page path gets markup without one.
HOSTILE_FILE = "<img src=x onerror=\"pwn('path')\"> & 'quotes'.txt"
HOSTILE_SITE = hostile("site")
HOSTILE_KEY = hostile("key")


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside each script."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def elements(document: str) -> Elements:
    parser = Elements()
    parser.feed(document)
    parser.close()
    return parser


@pytest.fixture
def hostile_report(tmp_path: Path) -> RunReport:
    """A run whose every page-derived string is markup: names, record, findings, files."""
    site = json.dumps(HOSTILE_SITE)
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.harness]\n[[tool.harness.sites]]\nname = {site}\nmatch = ["s/**"]\n'
        'parser = "aggregator"\n',
        encoding="utf-8",
    )
    seed = tmp_path / "seeds" / "s" / HOSTILE_FILE
    seed.parent.mkdir(parents=True)
    seed.write_text(hostile("source") + "\nbody text\n", encoding="utf-8")
    page = f"seeds/s/{HOSTILE_FILE}"
    snapshot = tmp_path / "snapshots" / "s" / (HOSTILE_FILE + ".json")
    snapshot.parent.mkdir(parents=True)
    old = {"title": hostile("snapshot"), "body": ["old"]}
    snapshot.write_text(json.dumps(old, indent=2, ensure_ascii=False) + "\n")
    record = {
        "title": hostile("title"),
        "body": [hostile("body"), {"kind": "heading", "text": hostile("heading")}],
        HOSTILE_KEY: {"nested": hostile("nested")},
    }
    findings = (
        Finding(
            "quality",
            page,
            "body[0]",
            "no_markup",
            hostile("message"),
            value=hostile("value"),
            hint=hostile("hint"),
        ),
        Finding(
            "snapshot",
            page,
            hostile("finding-path"),
            "changed",
            "changed",
            value=hostile("new"),
            expected="old " + hostile("new"),
        ),
    )
    results = (
        CheckResult("parse", page, "passed"),
        CheckResult("schema", page, "skipped", reason=hostile("reason")),
        CheckResult("snapshot", page, "failed", findings[1:]),
        CheckResult("quality", page, "failed", findings[:1]),
    )
    seed_result = SeedResult(page, results, record, HOSTILE_SITE)
    return RunReport(tmp_path, (seed_result,), (hostile("stale"),))


PLACES = (
    "title", "body", "heading", "nested", "message", "value", "hint", "finding-path",
    "reason", "source", "stale",
)  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [pytest.param(hostile(place), id=place) for place in PLACES]
    + [
        pytest.param(HOSTILE_SITE, id="site"),
        pytest.param(HOSTILE_FILE, id="page-path"),
        pytest.param(HOSTILE_KEY, id="record-key"),
        # The diff shows snapshot lines as JSON: the quotes come backslashed.
        pytest.param(json.dumps(hostile("snapshot"))[1:-1], id="snapshot"),
    ],
)
def test_page_text_is_escaped_wherever_it_appears(hostile_report, text):
    """Each hostile string shows up escaped, and nowhere raw."""
    document = render(hostile_report)
    assert text not in document
    # The diff marks changed words inside a string: read through those marks.
    unmarked = re.sub(r"</?(?:del|ins)>", "", document)
    assert html.escape(text, quote=True) in unmarked


def test_nothing_but_our_markup_and_our_one_script(hostile_report):
    """No element, attribute or script comes from the page: only our own, with its nonce."""
    document = render(hostile_report)
    parsed = elements(document)
    tags = {tag for tag, _ in parsed.tags}
    assert tags <= ALLOWED_TAGS, tags - ALLOWED_TAGS
    attributes = {name for _, attrs in parsed.tags for name in attrs}
    assert not [a for a in attributes if a.startswith("on")]
    assert "src" not in attributes
    assert parsed.scripts == [SCRIPT]
    policy = next(
        attrs["content"]
        for tag, attrs in parsed.tags
        if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy"
    )
    match = POLICY.match(policy or "")
    assert match, policy
    script_attrs = [attrs for tag, attrs in parsed.tags if tag == "script"]
    assert script_attrs == [{"nonce": match["nonce"]}]


def test_csp_nonce_is_fresh_for_each_report(corpus_report):
    """Two renderings of the same run carry different nonces."""
    nonces = {
        re.search(r"'nonce-([^']+)'", render(corpus_report))[1]  # type: ignore[index]
        for _ in range(2)
    }
    assert len(nonces) == 2


def test_loads_nothing_from_the_network(hostile_report, corpus_report):
    """No http(s) resource URL, no CSS url() or @import; links stay inside the page."""
    for report in (hostile_report, corpus_report):
        document = render(report)
        parsed = elements(document)
        for _, attrs in parsed.tags:
            for name in ("href", "src", "action", "srcset", "poster", "data"):
                value = attrs.get(name)
                assert value is None or value.startswith(("#", "data:")), (name, value)
        style = document.split("<style>", 1)[1].split("</style>", 1)[0]
        assert "url(" not in style
        assert "@import" not in style
    document = render(hostile_report)
    assert "http://" not in document
    assert "https://" not in document


def test_corpus_run_renders_every_seed_and_the_accept_command(corpus_report):
    """One row and one section per seed; counts and the accept command at the top."""
    document = render(corpus_report)
    parsed = elements(document)
    rows = [a for t, a in parsed.tags if t == "tr" and "data-target" in a]
    sections = [a for t, a in parsed.tags if t == "section" and "hidden" in a]
    assert len(rows) == len(sections) == len(corpus_report.results)
    assert {r["data-target"] for r in rows} == {s["id"] for s in sections}
    for command in corpus_report.accept_commands():
        assert html.escape(command) in document
    failed = {r["data-site"] for r in rows if r["data-status"] == "failed"}
    assert failed <= {"news", ""}
    assert "<del>" in document
    assert "<ins>" in document


def test_page_source_is_capped_with_a_note(hostile_report):
    """A page longer than the cap shows its beginning and says how much was left out."""
    document = render(hostile_report, source_limit=20)
    source = document.split('<details class="source">', 1)[1].split("</details>")[0]
    assert "Showing the first 20 of" in source
    shown = source.split("<pre>", 1)[1].split("</pre>", 1)[0]
    assert html.unescape(shown) == (hostile("source") + "\nbody text\n")[:20]


def test_generic_record_is_a_definition_list(tmp_path):
    """A record that is not an article renders key by key, nested objects too."""
    record = {"price": 3, "offers": [{"shop": "A", "price": 2.5}], "tags": ["x"]}
    seed = SeedResult(
        "seeds/x.txt", (CheckResult("parse", "seeds/x.txt", "passed"),), record, "x"
    )
    document = render(RunReport(tmp_path, (seed,)))
    assert '<dt>price</dt><dd><span class="lit">3</span></dd>' in document
    assert "<th>shop</th>" in document
    assert '<li><span class="str">x</span></li>' in document


def test_long_repetitive_change_is_marked_whole_and_fast():
    """A long, repetitive changed line does not go through the slow word matcher."""
    old, new = "旧的段落文字。" * 700, "新的段落文字。" * 700
    start = time.perf_counter()
    segments = word_diff(old, new)
    assert time.perf_counter() - start < 1
    assert [kind for kind, _ in segments] == ["delete", "insert", "equal"]
    assert "".join(text for kind, text in segments if kind != "insert") == old
    assert "".join(text for kind, text in segments if kind != "delete") == new
    assert word_diff("The quick brown fox.", "The quick red fox.") == [
        ("equal", "The quick "),
        ("delete", "brown"),
        ("insert", "red"),
        ("equal", " fox."),
    ]


def bulk_seed(number: int, size: int = 5000) -> SeedResult:
    """A seed failing snapshot and quality with 61 findings over long texts."""
    page = f"seeds/bulk/{number:05d}.txt"
    rng = random.Random(number)
    words = [
        "harbour",
        "ferry",
        "港口",
        "渡轮",
        "market",
        "<b>",
        "rain",
        "下雨",
        "周末",
    ]
    old = " ".join(rng.choices(words, k=size // 4))[:size]
    new = " ".join(rng.choices(words, k=size // 4))[:size]
    edited = old[: size // 2] + " inserted words " + old[size // 2 :]
    changed = [
        Finding(
            "snapshot", page, f"body[{i}]", "changed", "changed",
            value=new if i % 2 else edited, expected=old,
        )
        for i in range(30)
    ]  # fmt: skip
    inserted = Finding("snapshot", page, "body[40]", "inserted", "", value=[new] * 30)
    quality = tuple(
        Finding("quality", page, f"body[{i}]", "no_markup", "markup", value=new)
        for i in range(30)
    )
    results = (
        CheckResult("parse", page, "passed"),
        CheckResult("snapshot", page, "failed", (*changed, inserted)),
        CheckResult("quality", page, "failed", quality),
    )
    return SeedResult(page, results, {"title": "t", "body": [new]}, "bulk")


def test_big_run_renders_with_findings_clipped(tmp_path):
    """200 failing seeds with 61 findings on 5,000-character texts: values are
    clipped in the findings table, and nothing is quadratic in the text."""
    report = RunReport(tmp_path, tuple(bulk_seed(n) for n in range(200)))
    start = time.perf_counter()
    document = render(report)
    elapsed = time.perf_counter() - start
    assert len(document) < 200 * 50_000  # 61 findings and a record: about 35 KB
    assert elapsed < 30  # about 2 s here; a minute would mean a quadratic slip
