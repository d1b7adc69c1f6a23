"""Declared rules end to end: `harness check` and pytest on a copy of the tiny project."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Cli = Callable[..., Any]

A, B = "seeds/tiny/a.txt", "seeds/tiny/b.txt"

# A rule written in Python, in a plugin file the project names, used from rules.toml.
RULE_PLUGIN = """\
from harness.model import Finding
from harness.rules import rule


@rule("integration-max-paragraphs")
def max_paragraphs(record, *, page, site, limit):
    count = len(record["body"])
    if count > limit:
        message = f"expected at most {limit} paragraphs, found {count}"
        yield Finding("quality", page, "body", "", message)
"""


def declare(root: Path, common: str = "", site: str = "") -> None:
    """Add ``common`` lines to [tool.harness] and ``site`` lines to the tiny site."""
    pyproject = root / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    text = text.replace("[[tool.harness.sites]]", f"{common}\n\n[[tool.harness.sites]]")
    pyproject.write_text(f"{text}{site}\n", encoding="utf-8")


def declare_rules(root: Path) -> None:
    """An error rule on views (b has 12), a warning on "second" (both seeds), and
    a registered rule from rules.toml (a has two paragraphs)."""
    (root / "rules.py").write_text(RULE_PLUGIN, encoding="utf-8")
    (root / "rules.toml").write_text(
        '[sites.tiny]\nrules = [{ rule = "integration-max-paragraphs", limit = 1 }]\n',
        encoding="utf-8",
    )
    text = (root / "pyproject.toml").read_text(encoding="utf-8")
    text = text.replace(
        'plugins = ["parsers.py"]', 'plugins = ["parsers.py", "rules.py"]'
    )
    (root / "pyproject.toml").write_text(text, encoding="utf-8")
    declare(
        root,
        common='rules = [{ field = "body[*]", must_not_contain = "SECOND", '
        'ignore_case = true, severity = "warn" }]\nrules_file = "rules.toml"',
        site='rules = [{ field = "views", in_range = { min = 0, max = 10 } }]',
    )


def test_check_runs_the_declared_rules(tiny_project: Path, cli: Cli) -> None:
    """`harness check` fails each seed on its error rule and reports warnings in JSON."""
    declare_rules(tiny_project)
    assert cli("update", "--root", tiny_project).code == 0
    report = tiny_project / "report.json"

    result = cli("check", "--root", tiny_project, "--report-json", report)
    assert result.code == 1, result.out + result.err
    assert result.failed_checks() == {(A, "quality"), (B, "quality")}
    assert "body: expected at most 1 paragraphs, found 2" in result.out
    assert "views: expected a number 0 to 10, found 12" in result.out

    data = json.loads(report.read_text(encoding="utf-8"))
    findings = {
        (f["page"], f["rule"], f["path"], f["severity"]): f
        for seed in data["seeds"]
        for check in seed["checks"]
        for f in check["findings"]
    }
    assert set(findings) == {
        (A, "integration-max-paragraphs(limit=1)", "body", "error"),
        (A, "must_not_contain('body[*]', 'SECOND', ignore_case=True, severity='warn')",
         "body[1]", "warn"),
        (B, "in_range('views', min=0, max=10)", "views", "error"),
        (B, "must_not_contain('body[*]', 'SECOND', ignore_case=True, severity='warn')",
         "body[0]", "warn"),
    }  # fmt: skip
    warning = findings[
        (B, "must_not_contain('body[*]', 'SECOND', ignore_case=True, severity='warn')",
         "body[0]", "warn")
    ]  # fmt: skip
    assert warning["value"] == "The only paragraph of the second page."
    assert warning["expected"] == "no 'SECOND' (ignoring case)"


def test_a_warning_alone_does_not_fail_the_check(tiny_project: Path, cli: Cli) -> None:
    """A seed whose only findings are warnings passes, and the report keeps them."""
    declare(
        tiny_project,
        common='rules = [{ field = "title", length = { max = 5 }, severity = "warn" }]',
    )
    assert cli("update", "--root", tiny_project).code == 0
    report = tiny_project / "report.json"
    result = cli("check", "--root", tiny_project, "--report-json", report)
    assert result.code == 0, result.out
    assert result.table()["quality"] == (2, 0, 0)
    data = json.loads(report.read_text(encoding="utf-8"))
    messages = [
        f["message"]
        for seed in data["seeds"]
        for check in seed["checks"]
        for f in check["findings"]
        if f["severity"] == "warn"
    ]
    assert messages == [
        "expected a length of at most 5 (characters or items), found 13 characters",
        "expected a length of at most 5 (characters or items), found 14 characters",
    ]


def test_a_bad_rule_stops_check_with_a_clear_error(
    tiny_project: Path, cli: Cli
) -> None:
    """A bad regular expression exits 2 naming pyproject.toml, the site and the entry."""
    declare(tiny_project, site='rules = [{ field = "title", matches = "[a-" }]')
    result = cli("check", "--root", tiny_project)
    assert result.code == 2
    assert re.search(
        r"pyproject\.toml \[tool\.harness\] sites\[0\] \(tiny\) rules\[0\]: "
        r"bad regular expression '\[a-'",
        result.err,
    ), result.err


def test_pytest_fails_the_quality_item_a_rule_catches(tiny: pytest.Pytester) -> None:
    """Through pytest, a declared rule fails ::quality and names itself and the value."""
    declare_rules(tiny.path)
    accepted = tiny.runpytest("-p", "no:cacheprovider", "--snapshot-update")
    assert accepted.ret == pytest.ExitCode.TESTS_FAILED  # the rules still fail
    result = tiny.runpytest("-p", "no:cacheprovider", "-rf")
    result.assert_outcomes(passed=7, failed=2, skipped=2)  # the corpus item too
    failed = set(re.findall(r"^FAILED (\S+)::(\w+)", result.stdout.str(), re.M))
    assert failed == {(A, "quality"), (B, "quality")}
    result.stdout.fnmatch_lines(
        [
            "quality in_range('views', min=0, max=10): views: expected a number "
            "0 to 10, found 12",
            "    value: 12",
        ]
    )
