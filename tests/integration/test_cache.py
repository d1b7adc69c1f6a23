"""The result cache: an unchanged re-run parses nothing, and a change to any one
input re-checks exactly the seeds it touches.

The project has two sites with a parser each, in their own plugin files; each
parser appends the name of every page it parses to ``parsed.log``, which tells,
across worker processes, which seeds a run checked afresh.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from harness import cache

PYPROJECT = """
[tool.harness]
plugins = ["parser_one.py", "parser_two.py"]

[[tool.harness.sites]]
name = "one"
match = ["one/**"]
parser = "logged-one"
schema = "one.schema.json"
volatile = ["views"]

[[tool.harness.sites]]
name = "two"
match = ["two/**"]
parser = "logged-two"
schema = "two.schema.json"
"""

PARSER = """
from pathlib import Path
from typing import Any

from harness.parsers import parser


@parser("logged-{site}")
def parse(page, *, site):
    with open(Path(__file__).with_name("parsed.log"), "a", encoding="utf-8") as log:
        log.write(page.name + "\\n")
    title, *body = page.text.splitlines()
    return {{"title": title, "views": len(body), "body": body}}
"""

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["title", "body"],
}

A, B, C = "seeds/one/a.txt", "seeds/one/b.txt", "seeds/two/c.txt"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "schemas").mkdir(parents=True)
    (root / "pyproject.toml").write_text(PYPROJECT)
    for site in ("one", "two"):
        (root / f"parser_{site}.py").write_text(PARSER.format(site=site))
        (root / "schemas" / f"{site}.schema.json").write_text(json.dumps(SCHEMA))
    for seed in (A, B, C):
        page = root / seed
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"Title of {page.stem}\nA paragraph of {page.stem}.\n")
    return root


@pytest.fixture
def rechecked(
    project: Path, tmp_path: Path, cli: Callable[..., Any]
) -> Callable[..., set[str]]:
    """Run ``harness check``; the seeds it parsed (all others came from the cache)."""
    folder = tmp_path / "cache"

    def run(*args: str) -> set[str]:
        log = project / "parsed.log"
        log.unlink(missing_ok=True)
        result = cli("check", "--root", project, "--cache-dir", folder, *args)
        assert result.code in (0, 1), result.err
        return set(log.read_text().split()) if log.exists() else set()

    cli("update", "--root", project)
    assert run() == {A, B, C}  # cold
    return run


def test_an_unchanged_rerun_parses_nothing(rechecked: Callable[..., set[str]]):
    assert rechecked() == set()


def test_cached_results_are_the_results(
    project: Path, tmp_path: Path, cli: Callable[..., Any]
):
    reports = []
    for run in ("cold", "warm"):
        report = tmp_path / f"{run}.json"
        cli(
            "check",
            "--root",
            project,
            "--cache-dir",
            tmp_path / "c",
            "--report-json",
            report,
        )
        reports.append(json.loads(report.read_text()))
    assert reports[0] == reports[1]
    assert reports[0]["seeds"]


def test_page_bytes(project: Path, rechecked: Callable[..., set[str]]):
    (project / A).write_text("Another title\nAnother paragraph.\n")
    assert rechecked() == {A}


def test_meta(project: Path, rechecked: Callable[..., set[str]]):
    (project / "seeds/one/b.meta.json").write_text('{"url": "https://example.com/b"}')
    assert rechecked() == {B}


def test_truth_expectations(project: Path, rechecked: Callable[..., set[str]]):
    truth = {"a.txt": {"with": ["A paragraph of a."]}}
    (project / "seeds/one/truth.json").write_text(json.dumps(truth))
    assert rechecked() == {A}  # b.txt has no entry: its expectations did not change


def test_snapshot(project: Path, rechecked: Callable[..., set[str]]):
    snapshot = project / "snapshots/two/c.txt.json"
    snapshot.write_text(snapshot.read_text().replace("Title of c", "Old title"))
    assert rechecked() == {C}


def test_site_configuration(project: Path, rechecked: Callable[..., set[str]]):
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('volatile = ["views"]\n', ""))
    assert rechecked() == {A, B}


def test_rules(project: Path, rechecked: Callable[..., set[str]]):
    pyproject = project / "pyproject.toml"
    text = pyproject.read_text() + 'required = ["title", "body", "views"]\n'
    pyproject.write_text(text)  # appended to the last site: two
    assert rechecked() == {C}


def test_schema(project: Path, rechecked: Callable[..., set[str]]):
    schema = {**SCHEMA, "required": ["title"]}
    (project / "schemas/one.schema.json").write_text(json.dumps(schema))
    assert rechecked() == {A, B}


def test_parser_code(project: Path, rechecked: Callable[..., set[str]]):
    parser = project / "parser_two.py"
    parser.write_text(parser.read_text() + "\n# a change to the parser's source\n")
    assert rechecked() == {C}


def test_harness_version(
    rechecked: Callable[..., set[str]], monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(cache, "harness_fingerprint", lambda: "another harness")
    assert rechecked() == {A, B, C}


def test_a_damaged_cache_is_ignored(tmp_path: Path, rechecked: Callable[..., set[str]]):
    entries = sorted((tmp_path / "cache").rglob("*.json"))
    assert len(entries) == 4  # a seed each, and the corpus stage's verdicts
    entries[0].write_text('{"page": "seeds/one/a.txt", "results": [')
    entries[1].write_bytes(b"\xff\xfe not json")
    for entry in entries[2:]:
        entry.write_text(json.dumps({"page": "x"}))
    assert rechecked() == {A, B, C}
    assert rechecked() == set()  # and rewritten whole


def test_no_cache_neither_reads_nor_writes(
    tmp_path: Path, project: Path, rechecked: Callable[..., set[str]]
):
    before = {f: f.read_bytes() for f in (tmp_path / "cache").rglob("*.json")}
    (project / A).write_text("Changed\nChanged paragraph.\n")
    assert rechecked("--no-cache") == {A, B, C}
    after = {f: f.read_bytes() for f in (tmp_path / "cache").rglob("*.json")}
    assert after == before


def test_the_default_cache_lives_outside_the_project(
    project: Path,
    tmp_path: Path,
    cli: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.delenv("HARNESS_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    files_before = sorted(project.rglob("*"))
    assert cli("check", "--root", project).code == 1  # no snapshots yet
    assert len(list((tmp_path / "xdg" / "scrape-harness").rglob("*.json"))) == 4
    new = set(project.rglob("*")) - set(files_before)
    written = {f.name for f in new if "__pycache__" not in f.parts}
    assert written == {"parsed.log"}  # and Python's bytecode of the plugins


def test_learned_boilerplate(project: Path, rechecked: Callable[..., set[str]]):
    learned = {"format": "scrape-harness-boilerplate", "version": 1, "templates": []}
    (project / "boilerplate.json").write_text(json.dumps(learned))
    assert rechecked() == {A, B, C}


def corpus_verdicts(cli: Callable[..., Any], project: Path, tmp_path: Path) -> Any:
    report = tmp_path / "report.json"
    cache_dir = tmp_path / "cache"
    run = cli(
        "check", "--root", project, "--cache-dir", cache_dir, "--report-json", report
    )
    assert run.code in (0, 1), run.err
    return json.loads(report.read_text())["corpus"]


def test_corpus_verdicts_are_cached_and_follow_their_settings(
    project: Path,
    tmp_path: Path,
    rechecked: Callable[..., set[str]],
    cli: Callable[..., Any],
):
    """The corpus stage reads back what it found while nothing changed, and runs
    again when the corpus settings change, though no seed is parsed again."""
    assert rechecked() == set()
    passing = corpus_verdicts(cli, project, tmp_path)
    assert {v["status"] for v in passing} == {"passed"}
    config = project / "pyproject.toml"
    config.write_text(
        config.read_text() + "\n[tool.harness.corpus]\ncoverage = {author = 0.5}\n"
    )
    assert rechecked() == set()
    failing = corpus_verdicts(cli, project, tmp_path)
    assert {v["status"] for v in failing} == {"failed"}
    assert all("author" in f["message"] for v in failing for f in v["findings"])


def test_corpus_verdicts_follow_the_baselines(
    project: Path,
    tmp_path: Path,
    rechecked: Callable[..., set[str]],
    cli: Callable[..., Any],
):
    assert {v["status"] for v in corpus_verdicts(cli, project, tmp_path)} == {"passed"}
    floor = {"floor": 10_000, "median": 10_000, "tolerance": 0.5}
    blocks = {"floor": 1, "median": 1, "tolerance": 0.5}
    sites = {"one": {"pages": 2, "body_chars": floor, "body_blocks": blocks}}
    baselines = {"format": "scrape-harness-baselines", "version": 1, "sites": sites}
    (project / "baselines.json").write_text(json.dumps(baselines))
    verdicts = {v["site"]: v for v in corpus_verdicts(cli, project, tmp_path)}
    assert verdicts["one"]["status"] == "failed"
    assert "baseline_floor" in {f["rule"] for f in verdicts["one"]["findings"]}


def test_corpus_verdicts_follow_any_seed(
    project: Path,
    tmp_path: Path,
    rechecked: Callable[..., set[str]],
    cli: Callable[..., Any],
):
    """A change to one seed runs the corpus stage again over all of them."""
    assert {v["status"] for v in corpus_verdicts(cli, project, tmp_path)} == {"passed"}
    text = "Title of c\nA paragraph of c.\n"
    (project / A).write_text(text)  # now a's body is c's, under another URL
    (project / B).write_text(text)
    verdicts = {v["site"]: v for v in corpus_verdicts(cli, project, tmp_path)}
    assert verdicts["one"]["status"] == "failed"
    assert {f["rule"] for f in verdicts["one"]["findings"]} == {"duplicate_body"}


def test_an_entry_gives_its_record_only_when_asked(
    project: Path, tmp_path: Path, rechecked: Callable[..., set[str]]
):
    """A re-run whose corpus verdicts are cached reads the verdicts alone."""
    from harness.engine import Project

    results = cache.ResultCache(Project(project), tmp_path / "cache")
    path = project / A
    key = results.key(path)
    assert key is not None
    whole, bare = results.get(key), results.get(key, record=False)
    assert whole is not None
    assert bare is not None
    assert whole.record == {
        "title": "Title of a",
        "views": 1,
        "body": ["A paragraph of a."],
    }
    assert bare.record is None
    assert bare.results == whole.results
    assert results.with_record(path, bare) == whole


def test_corpus_verdicts_read_the_records_when_a_fresh_verdict_is_not_cacheable(
    project: Path,
    tmp_path: Path,
    rechecked: Callable[..., set[str]],
    cli: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
):
    """The corpus verdicts are cached, but a seed checked afresh gets a verdict
    of the clock: the corpus stage runs again, on every seed's whole record."""
    before = corpus_verdicts(cli, project, tmp_path)
    assert {v["site"]: v["pages"] for v in before} == {"one": 2, "two": 1}
    entries = {
        json.loads(f.read_text().partition("\n")[0]).get("page"): f
        for f in (tmp_path / "cache").rglob("*.json")
        if "\n" in f.read_text()
    }
    entries[A].unlink()
    monkeypatch.setattr(cache, "cacheable", lambda result: result.page != A)
    assert corpus_verdicts(cli, project, tmp_path) == before
