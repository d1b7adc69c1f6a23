"""``harness mutate`` on a copy of this repository's project, through ``main(argv)``."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

import harness
from harness.commands.mutate import COLUMNS
from harness.mutate import mutation_names
from harness.mutate.kinds import BUILT_IN
from harness.pages import find_pages

Cli = Callable[..., Any]
SCHEMA = Path(harness.__file__).with_name("mutate.schema.json")
PLUGIN = '''
from harness.mutate import Mutant, mutation


@mutation("cookie-banner")
def cookie_banner(page, *, rng, others):
    """A cookie notice as the article's last line; text captures only."""
    if page.kind != "text":
        return None
    line = rng.choice(["We use cookies to improve your visit.", "本站使用Cookie。"])
    return Mutant(page.text + line + "\\n", (line,), "a cookie notice at the end")
'''


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def mutate(cli: Cli, root: Path, *args: str) -> tuple[Any, dict[str, Any]]:
    report = root / "mutate.json"
    result = cli("mutate", "--root", root, "--report-json", report, *args)
    assert result.code in (0, 1), result.out + result.err
    return result, json.loads(report.read_text(encoding="utf-8"))


def test_every_mutation_on_every_seed_is_reported_and_counts_add_up(
    real_project: Path,
    cli: Cli,
    validator: Draft202012Validator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each (seed, mutation) has a result; per mode and kind the counts add up."""
    monkeypatch.setenv("COLUMNS", "80")  # a log's width, whatever the terminal's
    result, report = mutate(cli, real_project)
    validator.validate(report)
    assert max(map(len, result.out.splitlines())) <= 80
    header = next(line for line in result.out.splitlines() if "mutation" in line)
    cells = [cell.strip() for cell in header.strip("┃ ").split("┃")]
    assert cells == ["mutation", *COLUMNS, "n/a"], "each name whole in 80 columns"
    seeds = len(find_pages(real_project / "seeds"))
    names = mutation_names()  # the built-in ones, and any a plugin registered
    assert report["mutations"] == names
    assert names[: len(BUILT_IN)] == list(BUILT_IN)
    pairs = Counter((m["page"], m["mutation"]) for m in report["mutants"])
    assert len(pairs) == seeds * len(names)
    assert set(pairs.values()) == {1}
    for mode in ("new-page", "recapture"):
        summary = report["summary"][mode]
        assert summary["pages"] == summary["parsed"] == seeds
        for kind, counts in summary["kinds"].items():
            own = [m for m in report["mutants"] if m["mutation"] == kind]
            applied = [m for m in own if m["applicable"]]
            leaks = [m for m in applied if m["leaked"]]
            assert counts["mutants"] + counts["not_applicable"] == seeds
            assert counts["mutants"] == counts["changed"] + counts["unchanged"]
            assert counts["leaks"] == counts["caught"] + counts["missed"]
            assert counts["mutants"] == len(applied)
            assert counts["changed"] == sum(m["changed"] for m in applied)
            assert counts["leaks"] == len(leaks)
            assert counts["caught"] == sum(m["caught"][mode] for m in leaks)
            assert counts["flagged"] == sum(
                bool(m["new_findings"][mode]) for m in applied
            )
    # Every injecting mutation says what it injected and where.
    for mutant in report["mutants"]:
        if mutant["applicable"] and mutant["mutation"] in BUILT_IN[:6]:  # injecting
            assert mutant["injected"], mutant
            assert mutant["note"], mutant
    # The terminal names each missed leak by page and mutation.
    for mutant in report["mutants"]:
        if mutant["leaked"] and not mutant["caught"]["new-page"]:
            assert f"MISSED {mutant['page']}: {mutant['mutation']}" in result.out
    missed = any(
        m["leaked"] and not all(m["caught"].values()) for m in report["mutants"]
    )
    assert result.code == (
        1 if missed or report["summary"]["new-page"]["false_alarms"] else 0
    )


def test_recapture_mode_notices_what_new_page_mode_cannot(
    real_project: Path, cli: Cli
) -> None:
    """A dropped paragraph changes no rule's verdict, but the snapshot check sees it."""
    _, report = mutate(cli, real_project, "--mutations", "drop-paragraph")
    dropped = [m for m in report["mutants"] if m["applicable"] and m["changed"]]
    assert dropped
    for mutant in dropped:
        assert mutant["caught"]["recapture"]
        checks = {f["check"] for f in mutant["new_findings"]["recapture"]}
        assert "snapshot" in checks


def test_a_run_is_reproducible_and_the_seed_varies_it(
    real_project: Path, cli: Cli
) -> None:
    """The same --seed gives the same report; another seed injects other texts."""
    args = ("--mode", "new-page", "--mutations", "promo-line,tag-cloud")
    _, first = mutate(cli, real_project, *args)
    _, again = mutate(cli, real_project, *args)
    _, other = mutate(cli, real_project, *args, "--seed", "7")
    assert first == again
    injected = [m["injected"] for m in first["mutants"]]
    assert injected != [m["injected"] for m in other["mutants"]]


def test_a_custom_mutation_from_a_plugin_runs(real_project: Path, cli: Cli) -> None:
    """A @mutation in the project's plugin file is listed, run and judged."""
    (real_project / "mutations.py").write_text(PLUGIN, encoding="utf-8")
    pyproject = real_project / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(
        text.replace(
            "[tool.harness]\n", '[tool.harness]\nplugins = ["mutations.py"]\n'
        ),
        encoding="utf-8",
    )
    result, report = mutate(cli, real_project, "--mutations", "cookie-banner")
    assert "cookie-banner" in mutation_names()
    mutants = report["mutants"]
    assert {m["mutation"] for m in mutants} == {"cookie-banner"}
    applied = [m for m in mutants if m["applicable"]]
    assert [Path(m["page"]).suffix for m in applied] == [".txt"]
    assert applied[0]["note"] == "a cookie notice at the end"
    assert "cookie-banner" in result.out


def test_an_unknown_mutation_is_a_usage_error(real_project: Path, cli: Cli) -> None:
    """A misspelt name exits 2 and lists the known mutations."""
    result = cli("mutate", "--root", real_project, "--mutations", "promo-lines")
    assert result.code == 2
    assert "promo-lines" in result.err
    assert "promo-line," in result.err or result.err.endswith("promo-line\n")


def test_corpus_findings_on_the_unmutated_pages_are_false_alarms(
    tiny_project: Path, cli: Cli
) -> None:
    """A footer on every page of the run fails each unmutated page: a false alarm."""
    folder = tiny_project / "seeds" / "tiny"
    for old in folder.iterdir():
        old.unlink()
    footer = "Copyright Tiny Media Group, all rights reserved, write to the newsroom"
    for index in range(3):
        text = f"Story number {index} of the day\nviews: 1\nIts own text {index}.\n"
        (folder / f"p{index}.txt").write_text(text + footer + "\n", encoding="utf-8")
    result, report = mutate(
        cli, tiny_project, "--mutations", "promo-line", "--mode", "new-page"
    )
    assert result.code == 1
    assert report["summary"]["new-page"]["false_alarms"] == 3
    for page in report["pages"]:
        rules = {(f["check"], f["rule"]) for f in page["alarms"]["new-page"]}
        assert ("corpus", "recurring_block") in rules
    assert result.out.count("FALSE ALARM seeds/tiny/p") == 3
