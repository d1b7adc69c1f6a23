"""The corpus stage end to end on the tiny project: `harness learn`, `harness
update` with baselines, `harness check` and its reports, and pytest's corpus items."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from harness.report.json_report import schema

Cli = Callable[..., Any]
PROMO = "Get our app and read breaking news alerts straight on your phone"
FOOTER = "Copyright Tiny Media Group. All rights reserved. Write to the newsroom"


def write_seeds(root: Path, pages: dict[str, list[str]]) -> None:
    """Tiny pages (a title, a views line, paragraphs) in seeds/tiny/, replacing a and b."""
    folder = root / "seeds" / "tiny"
    for old in folder.iterdir():
        old.unlink()
    for name, lines in pages.items():
        title = f"The story called {name}, in full"
        text = "\n".join([title, "views: 1", *lines]) + "\n"
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")


def own(name: str) -> str:
    return f"Only the page {name} says this sentence, in its own words."


def report(root: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((root / "report.json").read_text("utf-8"))
    return data


def test_learn_stores_footer_and_promo_and_the_quality_check_flags_them(
    tiny_project: Path, cli: Cli
) -> None:
    """Learned from pages sharing a footer and a promo; a new page with the promo
    inside a paragraph fails quality, one without passes."""
    root = tiny_project
    write_seeds(root, {f"p{i}": [own(f"p{i}"), PROMO, FOOTER] for i in range(5)})
    learned = cli("learn", "--root", root)
    assert learned.code == 0, learned.out
    assert "2 templates from 5 pages of 1 sites" in learned.out
    data = json.loads((root / "boilerplate.json").read_text("utf-8"))
    assert [(t["text"], t["pages"], t["sites"]) for t in data["templates"]] == [
        (FOOTER, 5, {"tiny": 5}),
        (PROMO, 5, {"tiny": 5}),
    ]
    assert "Only the page" not in json.dumps(data)

    folder = root / "seeds" / "tiny"
    (folder / "leaky.txt").write_text(
        f"A new story\nviews: 2\nNews of the day. {PROMO} And more news.\n", "utf-8"
    )
    (folder / "clean.txt").write_text("A clean story\nviews: 2\nNews only.\n", "utf-8")
    cli("check", "--root", root, folder / "leaky.txt", folder / "clean.txt",
        "--report-json", root / "report.json")  # fmt: skip
    quality = {
        seed["page"]: next(c for c in seed["checks"] if c["check"] == "quality")
        for seed in report(root)["seeds"]
    }
    leaky = quality["seeds/tiny/leaky.txt"]
    assert leaky["status"] == "failed"
    assert [(f["rule"], f["path"]) for f in leaky["findings"]] == [
        ("no_learned_boilerplate", "body[0]")
    ]
    assert quality["seeds/tiny/clean.txt"] == {
        "check": "quality", "status": "passed", "reason": None, "findings": []
    }  # fmt: skip


def test_update_writes_baselines_check_flags_a_regression_update_refuses_it(
    tiny_project: Path, cli: Cli
) -> None:
    """update creates baselines.json; a cut page fails check, naming it; update
    refuses to lower the floor, and accepts with --allow-regression."""
    root = tiny_project
    long = [own(f"p{i}") * 3 for i in range(4)]
    write_seeds(root, {f"p{i}": [long[i], own(f"p{i}x")] for i in range(4)})
    assert cli("update", "--root", root).code == 0
    baselines = root / "baselines.json"
    written = json.loads(baselines.read_text("utf-8"))
    assert written["sites"]["tiny"]["pages"] == 4
    assert cli("check", "--root", root).code == 0

    seed = root / "seeds/tiny/p0.txt"
    seed.write_text("The story called p0, in full\nviews: 1\nCut short.\n", "utf-8")
    check = cli("check", "--root", root, "--report-json", root / "report.json")
    assert check.code == 1
    assert "FAILED corpus rules of site 'tiny'" in check.out
    site = report(root)["corpus"][0]
    assert site["status"] == "failed"
    assert ("baseline_floor", "seeds/tiny/p0.txt") in {
        (f["rule"], f["page"]) for f in site["findings"]
    }

    before = baselines.read_bytes()
    refused = cli("update", "--root", root)
    assert refused.code == 1
    assert re.search(
        r"REFUSED baselines.json: site 'tiny' body_chars: floor lowered", refused.out
    )
    assert baselines.read_bytes() == before
    allowed = cli("update", "--root", root, "--allow-regression")
    assert allowed.code == 0, allowed.out
    assert "floor lowered" in allowed.out
    assert "(allowed)" in allowed.out
    assert cli("check", "--root", root).code == 0


def test_check_puts_corpus_findings_in_every_report(
    tiny_project: Path, cli: Cli
) -> None:
    """A promo on 3 pages fails the run; Markdown, HTML, JUnit and JSON all show it."""
    root = tiny_project
    write_seeds(root, {f"p{i}": [own(f"p{i}"), PROMO] for i in range(3)})
    assert cli("update", "--root", root).code == 0
    files = {ext: root / f"report.{ext}" for ext in ("md", "html", "xml", "json")}
    check = cli("check", "--root", root, "--report-md", files["md"],
                "--report-html", files["html"], "--junit-xml", files["xml"],
                "--report-json", files["json"])  # fmt: skip
    assert check.code == 1
    assert check.out.count("seeds/tiny/p") == 3  # one recurring-block line per page
    assert re.search(r"corpus\W+0\W+1\W+0", check.out)
    data = report(root)
    assert data["summary"]["status"] == "failed"
    assert data["summary"]["corpus"] == {"passed": 0, "failed": 1}
    assert list(Draft202012Validator(schema()).iter_errors(data)) == []
    rules = {(f["rule"], f["page"], f["path"]) for f in data["corpus"][0]["findings"]}
    assert rules == {
        ("recurring_block", f"seeds/tiny/p{i}.txt", "body[1]") for i in range(3)
    }
    markdown = files["md"].read_text("utf-8")
    assert "1 site failed the corpus rules" in markdown
    assert "`seeds/tiny/p2.txt` **corpus** `body[1]`" in markdown
    assert "recurring_block" in files["html"].read_text("utf-8")
    junit = files["xml"].read_text("utf-8")
    assert re.search(
        r'<testcase classname="corpus.tiny" name="corpus" time="0">\s*<failure', junit
    )


def test_pytest_runs_one_corpus_item_per_site_after_the_seeds(
    tiny: pytest.Pytester,
) -> None:
    """corpus::tiny fails when three seeds share a promo, naming each page, and
    its findings reach pytest's JSON report."""
    write_seeds(tiny.path, {f"p{i}": [own(f"p{i}"), PROMO] for i in range(3)})
    result = tiny.runpytest("-p", "no:cacheprovider", "-v", "--snapshot-update",
                            "--report-json", "report.json")  # fmt: skip
    lines = result.stdout.lines
    last_seed = max(
        i for i, line in enumerate(lines) if "seeds/tiny/p2.txt::truth" in line
    )
    corpus = next(i for i, line in enumerate(lines) if line.startswith("corpus::tiny"))
    assert corpus > last_seed
    assert "FAILED" in lines[corpus]
    # A plain substring: fnmatch would read "[1]" as a character class.
    assert "corpus recurring_block: seeds/tiny/p0.txt: body[1]: " in result.stdout.str()
    data = json.loads((tiny.path / "report.json").read_text("utf-8"))
    assert [(s["site"], s["status"], s["pages"]) for s in data["corpus"]] == [
        ("tiny", "failed", 3)
    ]
