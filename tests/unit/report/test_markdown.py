"""The Markdown report: a reviewed golden file, the caps, and escaping of page text."""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from harness.model import CheckResult, Finding, SeedResult
from harness.report import RunReport, markdown
from harness.report.markdown import MAX_SEEDS, SIZE_LIMIT, render

GOLDEN = Path(__file__).with_name("golden") / "report.md"
HERE = Path(__file__).relative_to(Path(__file__).parents[3]).as_posix()
REGENERATE = "HARNESS_REGENERATE_GOLDEN"


def tokens(markdown: str) -> list[Token]:
    """The Markdown parsed as GitHub parses it: CommonMark, tables, strikethrough."""
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    return parser.parse(markdown)


def flat(items: list[Token]) -> list[Token]:
    """Block tokens and the inline tokens inside them, in document order."""
    out = []
    for token in items:
        out.append(token)
        out += token.children or []
    return out


def test_matches_the_reviewed_golden_file(corpus_report):
    """The report of the corpus run is the golden file, byte for byte."""
    text = render(corpus_report)
    golden = GOLDEN.read_text(encoding="utf-8") if GOLDEN.exists() else None
    if text == golden:
        return
    if os.environ.get(REGENERATE) == "1":
        GOLDEN.write_text(text, encoding="utf-8", newline="\n")
        pytest.fail(
            f"{GOLDEN} was regenerated: review it (git diff) and run the tests "
            f"again without {REGENERATE}"
        )
    pytest.fail(
        f"the Markdown report differs from {GOLDEN.name}. If the change is "
        f"intended, regenerate it with `{REGENERATE}=1 pytest {HERE} -k golden` "
        "and review the diff before committing."
    )


def test_structure(corpus_report):
    """Title with the verdict, counts table, one <details> per failing seed, commands."""
    text = render(corpus_report)
    assert text.startswith(
        "## ❌ Scrape Harness: 5 of 6 seeds failed, 1 unused snapshot\n"
    )
    parsed = tokens(text)
    table = text.split("\n\n")[1]
    assert table.splitlines()[2:] == [
        "| parse | 5 | 1 | 0 |",
        "| schema | 4 | 1 | 1 |",
        "| snapshot | 3 | 2 | 1 |",
        "| quality | 3 | 2 | 1 |",
        "| truth | 0 | 0 | 6 |",
        "| unused snapshots | | 1 | |",
    ]
    assert [t.type for t in parsed].count("table_open") == 1
    blocks = [t.content.strip() for t in parsed if t.type == "html_block"]
    assert blocks.count("</details>") == 5
    assert len([b for b in blocks if b.startswith("<details>")]) == 5
    fences = [t for t in parsed if t.type == "fence"]
    assert fences[-1].info == "sh"
    assert fences[-1].content == (
        "harness update seeds/news/c-snapshot.txt seeds/news/f-hostile.txt\n"
        "harness update --prune\n"
    )
    assert "harness review" in text.split("```sh")[1]


def test_parse_failure_names_the_plugin_relative_to_the_root(corpus_report):
    """Absolute paths under the project root are written relative to it."""
    text = render(corpus_report)
    assert str(corpus_report.root) not in text
    assert "raised KeyError: 'views' at parsers.py:" in text


HOSTILE = (
    "<script>alert(1)</script> `tick` ``two`` | pipe | *star* _under_ "
    "[link](https://example.com) ![img](x.png) $x$ ~~strike~~ &amp; \\ "
    "\n# heading\n</details>\n\n- item"
)


def hostile_report(root: Path) -> RunReport:
    """Page-provided text in every place the Markdown report shows one."""
    page = "seeds/s/" + HOSTILE.replace("\n", " ")
    hint = f"if this is intended, run `harness update {page}`"
    findings = (
        Finding(
            "snapshot",
            page,
            HOSTILE,
            "changed",
            HOSTILE,
            HOSTILE + " more",
            HOSTILE,
            hint,
        ),
        Finding(
            "snapshot",
            page,
            "body[1]",
            "inserted",
            HOSTILE,
            [HOSTILE, {"text": HOSTILE}],
        ),
        Finding("quality", page, "body[2]", "no_markup", HOSTILE, HOSTILE),
    )
    seed = SeedResult(
        page,
        (
            CheckResult("parse", page, "passed"),
            CheckResult("snapshot", page, "failed", findings[:2]),
            CheckResult("quality", page, "failed", findings[2:]),
        ),
        site=HOSTILE,
    )
    broken = SeedResult(
        "seeds/s/broken.txt",
        (
            CheckResult("parse", "seeds/s/broken.txt", "failed", (findings[2],)),
            CheckResult("schema", "seeds/s/broken.txt", "skipped", reason=HOSTILE),
        ),
    )
    return RunReport(root, (seed, broken), stale=("snapshots/" + HOSTILE,))


def test_hostile_page_text_stays_text(tmp_path):
    """HTML, backticks, pipes, emphasis, links and line breaks from pages stay text."""
    text = render(hostile_report(tmp_path))
    parsed = flat(tokens(text))
    types = [t.type for t in parsed]
    assert "html_inline" not in types
    blocks = [t.content.strip() for t in parsed if t.type == "html_block"]
    assert blocks.count("</details>") == 2
    for block in blocks:
        assert block == "</details>" or re.fullmatch(
            r"<details>\n<summary><code>[^<>]*</code>( \(site <code>[^<>]*</code>\))?"
            r": [a-z, ]+ failed</summary>",
            block,
        ), block
    assert types.count("table_open") == 1
    for kind in ("em_open", "link_open", "image", "s_open"):
        assert kind not in types, kind
    assert types.count("heading_open") == 4  # the title and three sections
    assert types.count("bullet_list_open") == 3  # two seeds, the unused snapshots
    bold = [t for t in parsed if t.type == "strong_open"]
    assert len(bold) == 5  # four check names, and the inserted " more"
    shown = [t.content for t in parsed if t.type in ("text", "code_inline")]
    one_line = HOSTILE.replace("\n", "↵")
    assert one_line in shown  # the quality message, the path, the skip reason
    assert "".join(shown).count(one_line) >= 4
    fence = next(t for t in parsed if t.type == "fence" and t.info == "diff")
    assert json.dumps(HOSTILE, ensure_ascii=False) in fence.content
    summary = next(b for b in blocks if b.startswith("<details>"))
    assert html.escape(HOSTILE.replace("\n", "↵"), quote=False) in summary


def test_corpus_hostile_seed_adds_no_markup(corpus_report):
    """The corpus seed with <script>, <b>, backticks and pipes adds no HTML or links."""
    parsed = flat(tokens(render(corpus_report)))
    types = [t.type for t in parsed]
    assert "html_inline" not in types
    assert not any("script" in t.content for t in parsed if t.type == "html_block")
    assert "link_open" not in types
    assert "em_open" not in types
    shown = "".join(t.content for t in parsed if t.type in ("text", "code_inline"))
    assert "<script>alert(" in shown
    assert ")</script> `rm -rf` | pipes | and" in shown


@pytest.mark.parametrize(
    ("old", "new", "shown"),
    [
        ("x one two y", "z one two w", "~~x~~**z** one two ~~y~~**w**"),
        (
            "A" * 100 + " first " + "B" * 100,
            "A" * 100 + " second " + "B" * 100,
            "…" + "A" * 39 + " ~~first~~**second** " + "B" * 39 + "…",
        ),
        ("港口下雨", "港口晴天", "港口~~下雨~~**晴天**"),
    ],
)
def test_changed_string_reads_as_an_inline_diff(tmp_path, old, new, shown):
    """A changed string is its word diff, unchanged stretches cut around the change."""
    page = "seeds/s/a.txt"
    finding = Finding("snapshot", page, "title", "changed", "m", new, old)
    seed = SeedResult(page, (CheckResult("snapshot", page, "failed", (finding,)),))
    text = render(RunReport(tmp_path, (seed,)))
    assert f"- **snapshot** `title`: changed: {shown}\n" in text


def test_a_thousand_failing_seeds_stay_under_the_limit(huge_report):
    """1,000 seeds with long values: under 1 MiB, capped sections, a count of the rest."""
    text = render(huge_report)
    assert len(text.encode("utf-8")) < SIZE_LIMIT
    assert text.count("<details>") <= MAX_SEEDS
    shown = text.count("<details>")
    assert (
        f"… and {1000 - shown} more failing seeds: run `harness check` locally "
        "or open the HTML report." in text
    )
    assert text.count("more findings: run") == shown
    assert "- … and 150 more\n" in text  # unused snapshots past the first 50
    assert text.rstrip().endswith("lets you accept, reject or skip each change.")


def test_size_budget_cuts_sections_before_the_seed_cap(failing_seed, monkeypatch):
    """When the sections would pass the size limit, they stop there and are counted."""
    monkeypatch.setattr(markdown, "SIZE_LIMIT", 100_000)
    results = tuple(failing_seed(n) for n in range(40))
    text = markdown.render(RunReport(Path("/project"), results))
    assert len(text.encode("utf-8")) < 100_000
    shown = text.count("<details>")
    assert 0 < shown < 40
    assert f"… and {40 - shown} more failing seeds: run `harness check`" in text


def test_huge_values_are_cut(failing_seed):
    """A 200,000-character paragraph changes: the report shows a few hundred of them."""
    text = markdown.render(RunReport(Path("/p"), (failing_seed(1, text_size=200_000),)))
    assert len(text.encode("utf-8")) < 100_000


def test_too_many_changed_seeds_to_list_give_one_update_command(monkeypatch):
    """Past the commands limit, `harness update` replaces the list of seeds."""
    monkeypatch.setattr(markdown, "COMMANDS_LIMIT", 100)
    seeds = tuple(
        SeedResult(
            f"seeds/s/{n}.txt",
            (CheckResult("snapshot", f"seeds/s/{n}.txt", "failed", ()),),
        )
        for n in range(20)
    )
    text = render(RunReport(Path("/p"), seeds, stale=("snapshots/s/x.txt.json",)))
    block = text.split("```sh\n")[1].split("```")[0]
    assert block == "harness update\nharness update --prune\n"
    assert "The 20 changed seeds are too many to list here" in text


def test_a_passing_run_is_one_title_and_the_counts(tmp_path):
    """Nothing failed: the verdict and the table, no sections, no commands."""
    page = "seeds/s/a.txt"
    seed = SeedResult(page, (CheckResult("parse", page, "passed"),), site="s")
    text = render(RunReport(tmp_path, (seed,)))
    assert text.startswith("## ✅ Scrape Harness: all 1 seed passed\n\n| check |")
    assert "<details>" not in text
    assert "harness update" not in text
