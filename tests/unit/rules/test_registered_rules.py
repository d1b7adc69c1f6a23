"""Rules users register: with the decorator, or through the harness.rules entry points."""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from harness.config import load_config
from harness.errors import ConfigError, NotRegistered
from harness.model import Finding, Site
from harness.registry import Registry
from harness.rules import custom, registered, rule

SITE = Site(name="news", parser="article")


@rule("test-max-blocks")
def max_blocks(
    record: dict[str, Any], *, page: str, site: Site, limit: int = 3
) -> Iterator[Finding]:
    """Too many body blocks: a related list leaked in, perhaps."""
    count = len(record.get("body", []))
    if count > limit:
        yield Finding(
            "quality",
            page,
            "body",
            "",
            f"expected at most {limit} blocks, found {count}",
        )


def test_a_decorated_rule_runs_with_its_arguments() -> None:
    """registered() builds the decorated function's rule; findings carry its repr."""
    made = registered("test-max-blocks", limit=2)
    assert repr(made) == "test-max-blocks(limit=2)"
    [finding] = made({"body": [1, 2, 3]}, page="seeds/news/1.html", site=SITE)
    assert (finding.rule, finding.path, finding.page) == (
        "test-max-blocks(limit=2)", "body", "seeds/news/1.html",
    )  # fmt: skip
    assert finding.message == "expected at most 2 blocks, found 3"
    assert list(made({"body": [1, 2]}, page="p", site=SITE)) == []


@rule("test-broken")
def broken(record: dict[str, Any], *, page: str, site: Site) -> Iterator[Finding]:
    """A rule with a bug."""
    yield from record["missing"]


@rule("test-wrong-yield")
def wrong_yield(record: dict[str, Any], *, page: str, site: Site) -> Iterator[str]:
    """A rule that yields messages instead of findings."""
    yield "expected a Finding"


def test_a_rule_that_raises_fails_the_seed_with_a_finding() -> None:
    """A bug in a registered rule becomes an error finding, not a crashed run."""
    [finding] = registered("test-broken")({}, page="p", site=SITE)
    assert (finding.rule, finding.severity) == ("test-broken()", "error")
    assert finding.message == "rule 'test-broken' raised KeyError: 'missing'"
    [wrong] = registered("test-wrong-yield")({}, page="p", site=SITE)
    assert wrong.message == (
        "rule 'test-wrong-yield' raised TypeError: yielded 'expected a Finding', "
        "not a Finding"
    )


def test_a_registered_rule_pickles_by_name() -> None:
    """The rule keeps only its name and arguments, so it pickles and compares."""
    made = registered("test-max-blocks", limit=2, severity="warn")
    assert pickle.loads(pickle.dumps(made)) == made
    [finding] = made({"body": [1, 2, 3]}, page="p", site=SITE)
    assert finding.severity == "warn"


def test_bad_arguments_and_unknown_names_are_refused() -> None:
    """An argument the function does not take, or an unknown name, fails at once."""
    with pytest.raises(ValueError, match="bad arguments for rule 'test-max-blocks'"):
        registered("test-max-blocks", limt=2)
    with pytest.raises(NotRegistered, match="test-max-blocks"):
        registered("test-no-such-rule")  # the message lists the known ones


def test_a_config_entry_with_bad_arguments_names_its_place(tmp_path: Path) -> None:
    """A ``{ rule = "name", ... }`` entry the function cannot take is a ConfigError."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.harness]\nrules = [{ rule = "test-max-blocks", limit = 5 }]\n'
        '[[tool.harness.sites]]\nname = "news"\nmatch = ["**"]\nparser = "article"\n'
        'rules = [{ rule = "test-max-blocks", limit = "x", lim = 1 }]\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as error:
        load_config(tmp_path)
    assert str(error.value) == (
        f"{tmp_path / 'pyproject.toml'} [tool.harness] sites[0] (news) rules[0]: "
        "bad arguments for rule 'test-max-blocks': got an unexpected keyword "
        "argument 'lim'"
    )


ENTRY_POINTS = """\
[harness.rules]
test-no-byline = test_installed_rules:no_byline
"""
MODULE = """\
from harness.model import Finding


def no_byline(record, *, page, site):
    if "byline" in record:
        yield Finding("quality", page, "byline", "", "expected no byline field")
"""


def test_an_entry_point_rule_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A package declaring a harness.rules entry point provides a rule by name."""
    (tmp_path / "test_installed_rules.py").write_text(MODULE, encoding="utf-8")
    info = tmp_path / "test_installed_rules-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: test-installed-rules\nVersion: 1.0\n",
        encoding="utf-8",
    )
    (info / "entry_points.txt").write_text(ENTRY_POINTS, encoding="utf-8")
    monkeypatch.syspath_prepend(tmp_path)
    # A fresh registry: the module one may have read the entry points already.
    monkeypatch.setattr(custom, "registry", Registry("harness.rules"))
    made = registered("test-no-byline")
    [finding] = made({"byline": "By AP"}, page="p", site=SITE)
    assert (finding.rule, finding.message) == (
        "test-no-byline()",
        "expected no byline field",
    )


def test_a_rule_missing_where_it_runs_fails_the_seed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A rule sent to a process whose registry lacks it fails with a finding, not a crash."""
    made = pickle.loads(pickle.dumps(registered("test-max-blocks", limit=2)))
    monkeypatch.setattr(custom, "registry", Registry("harness.rules"))
    [finding] = made({"body": []}, page="p", site=SITE)
    assert finding.message.startswith(
        "rule 'test-max-blocks' raised NotRegistered: no harness.rules entry named "
        "'test-max-blocks'"
    )
