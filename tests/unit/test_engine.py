"""The engine: plugin files, parse failures that stay with their seed, updates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from harness.engine import Project, check_seed, parse_seed, run_check, update_seed
from harness.errors import ConfigError

PARSERS = """
from harness.parsers import parser

@parser("engine-test-lines")
def lines(page, *, site):
    first, *rest = page.text.splitlines()
    if first == "boom":
        raise KeyError("no such block")
    if first == "list":
        return ["not", "a", "dict"]
    if first == "set":
        return {"title": {1, 2}}
    return {"title": first, "body": [{"kind": "paragraph", "text": t} for t in rest]}
"""

PYPROJECT = """
[tool.harness]
plugins = ["parsers.py"]
[[tool.harness.sites]]
name = "s"
match = ["s/*"]
parser = "engine-test-lines"
"""


@pytest.fixture
def project(tmp_path: Path) -> Project:
    (tmp_path / "parsers.py").write_text(PARSERS)
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    (tmp_path / "seeds" / "s").mkdir(parents=True)
    return Project(tmp_path)


def seed(project: Project, name: str, text: str) -> Path:
    path = project.config.seeds / "s" / name
    path.write_text(text)
    return path


def test_plugin_file_registers_its_parser(project):
    """A parser defined in a plugin file parses seeds without any entry point."""
    parsed = parse_seed(project, seed(project, "a.txt", "Title\nText.\n"))
    assert parsed.result.status == "passed"
    assert parsed.record == {
        "title": "Title",
        "body": [{"kind": "paragraph", "text": "Text."}],
    }


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, r"parsers\.py: plugin file not found"),
        (
            "raise RuntimeError('bad plugin')",
            r"parsers\.py: importing the plugin failed: RuntimeError",
        ),
    ],
)
def test_broken_plugin_file_is_a_config_error(tmp_path, content, message):
    """A missing or failing plugin file stops the run, naming the file."""
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    if content is not None:
        (tmp_path / "parsers.py").write_text(content)
    with pytest.raises(ConfigError, match=message):
        Project(tmp_path)


@pytest.mark.parametrize(
    ("first_line", "message"),
    [
        ("boom", r"raised KeyError: 'no such block' at .*parsers\.py:\d+"),
        ("list", "returned list, not a dict"),
        ("set", "returned non-JSON data"),
    ],
)
def test_parser_failure_fails_only_the_parse_check(project, first_line, message):
    """A parser that raises or returns junk fails parse; the other checks are skipped."""
    result = check_seed(project, seed(project, "bad.txt", f"{first_line}\nx\n"))
    parse, *others = result.results
    assert parse.status == "failed"
    assert parse.findings[0].page == "seeds/s/bad.txt"
    assert parse.findings[0].message.startswith("parser 'engine-test-lines' ")
    assert re.search(message, parse.findings[0].message)
    assert [(r.check, r.status, r.reason) for r in others] == [
        ("schema", "skipped", "the parse failed"),
        ("snapshot", "skipped", "the parse failed"),
        ("quality", "skipped", "the parse failed"),
        ("truth", "skipped", "the parse failed"),
    ]


def test_schema_is_skipped_when_the_site_names_none(project):
    """A site without a schema skips the schema check and says why."""
    parsed = parse_seed(project, seed(project, "a.txt", "Title\nText.\n"))
    result = run_check(project, parsed, "schema")
    assert (result.status, result.reason) == ("skipped", "site 's' names no schema")


def test_update_creates_then_leaves_alone_and_never_writes_on_parse_failure(project):
    """update writes a new snapshot, then nothing; a failing seed's snapshot is untouched."""
    path = seed(project, "a.txt", "Title\nText.\n")
    assert update_seed(project, path).action == "created"
    assert update_seed(project, path).action == "unchanged"
    snapshot = project.layout.file_for(path)
    before = snapshot.read_bytes()
    path.write_text("boom\nx\n")
    outcome = update_seed(project, path)
    assert outcome.action == "failed"
    assert snapshot.read_bytes() == before
    path.write_text("Title\nOther text.\n")
    assert update_seed(project, path).action == "updated"
    assert run_check(project, parse_seed(project, path), "snapshot").status == "passed"


def test_check_all_keeps_the_view_of_fresh_and_cached_results(project, tmp_path):
    """What the caller keeps of a result is applied to cached ones as they are
    read, and the cache itself keeps whole results."""
    from dataclasses import replace

    from harness.cache import ResultCache
    from harness.engine import check_all

    paths = [seed(project, f"{n}.txt", f"Title {n}\nText {n}.\n") for n in "ab"]

    def titles_only(result):
        return replace(result, record={"title": result.record["title"]})

    def run(**view):
        cache = ResultCache(project, tmp_path / "cache")
        return [r.record for r in check_all(project, paths, cache=cache, **view)]

    assert run(view=titles_only) == [{"title": "Title a"}, {"title": "Title b"}]
    assert run(view=titles_only) == [{"title": "Title a"}, {"title": "Title b"}]
    assert run()[0]["body"] == [{"kind": "paragraph", "text": "Text a."}]
