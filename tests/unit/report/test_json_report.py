"""The JSON report: valid against its shipped schema, complete, deterministic."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from harness.model import CHECKS
from harness.report import RunReport, json_report
from harness.report.json_report import render

SCHEMA_FILE = Path(json_report.__file__).with_name("report.schema.json")
DOCS = Path(__file__).parents[3] / "docs" / "report-format.md"


def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_real_run_validates_against_the_schema(corpus_report):
    """The report of a real run over the corpus is valid under report.schema.json."""
    data = json.loads(render(corpus_report))
    errors = [f"{e.json_path}: {e.message}" for e in validator().iter_errors(data)]
    assert errors == []


def test_real_run_content(corpus_report):
    """Summary counts, seed statuses, findings and the unused snapshot are all there."""
    data = json.loads(render(corpus_report))
    assert (data["format"], data["version"]) == ("scrape-harness-report", 1)
    assert data["root"] == str(corpus_report.root)
    assert data["summary"] == {
        "status": "failed",
        "seeds": 6,
        "failed_seeds": 5,
        "checks": {
            "parse": {"passed": 5, "failed": 1, "skipped": 0},
            "schema": {"passed": 4, "failed": 1, "skipped": 1},
            "snapshot": {"passed": 3, "failed": 2, "skipped": 1},
            "quality": {"passed": 3, "failed": 2, "skipped": 1},
            "truth": {"passed": 0, "failed": 0, "skipped": 6},
        },
        "unused_snapshots": 1,
        "corpus": {"passed": 0, "failed": 0},
    }
    assert [(s["page"], s["status"]) for s in data["seeds"]] == [
        ("seeds/news/a-passes.txt", "passed"),
        ("seeds/news/b-schema.txt", "failed"),
        ("seeds/news/c-snapshot.txt", "failed"),
        ("seeds/news/d-quality.txt", "failed"),
        ("seeds/news/e-parse.txt", "failed"),
        ("seeds/news/f-hostile.txt", "failed"),
    ]
    parse_failure = data["seeds"][4]
    assert parse_failure["site"] is None
    assert [c["reason"] for c in parse_failure["checks"]] == [None] + [
        "the parse failed"
    ] * (len(CHECKS) - 1)
    title = next(
        f
        for c in data["seeds"][2]["checks"]
        for f in c["findings"]
        if f["path"] == "title"
    )
    message = next(
        f.message
        for r in corpus_report.results[2].results
        for f in r.findings
        if f.path == "title"
    )
    assert title == {
        "check": "snapshot",
        "page": "seeds/news/c-snapshot.txt",
        "path": "title",
        "rule": "changed",
        "message": message,
        "value": "Rain expected over the weekend",
        "expected": "Rain expected on Saturday",
        "hint": "if this is intended, run `harness update seeds/news/c-snapshot.txt` "
        "(or pytest --snapshot-update)",
        "severity": "error",
    }
    assert data["unused_snapshots"] == ["snapshots/news/gone.txt.json"]
    assert data["accept_commands"] == [
        "harness update seeds/news/c-snapshot.txt seeds/news/f-hostile.txt",
        "harness update --prune",
    ]


def test_schema_documents_every_field_the_report_writes(corpus_report):
    """Every key the renderer writes is declared in the schema (which allows more)."""
    schema = validator().schema
    written = set(keys(json.loads(render(corpus_report)), "#"))
    declared = set(declared_keys(schema, schema, "#"))
    assert written - declared == set()


def test_schema_names_every_check():
    """The summary's per-check counts in the schema list exactly the checks there are."""
    checks = validator().schema["$defs"]["summary"]["properties"]["checks"]
    assert tuple(checks["properties"]) == CHECKS
    assert tuple(checks["required"]) == CHECKS


def test_documented_example_is_valid():
    """The example in docs/report-format.md validates against the schema."""
    doc = DOCS.read_text(encoding="utf-8")
    example = re.search(r"```json\n(.*?)```", doc, re.DOTALL)
    assert example is not None
    errors = [e.message for e in validator().iter_errors(json.loads(example[1]))]
    assert errors == []


def test_output_is_deterministic_with_sorted_keys(corpus_report):
    """Two renders are equal, keys are sorted, seeds keep run order, a newline ends it."""
    text = render(corpus_report)
    assert text == render(corpus_report)
    assert text.endswith("}\n")
    data = json.loads(text)
    assert text == json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def test_a_passing_run_has_status_passed(tmp_path):
    """No seeds failed and no snapshot unused: the summary says passed."""
    data = json.loads(render(RunReport(tmp_path, ())))
    assert data["summary"]["status"] == "passed"
    assert data["seeds"] == [] == data["accept_commands"]
    assert validator().is_valid(data)


def keys(value: Any, where: str) -> Iterator[str]:
    """``#/summary/checks/*``-style names of every object key in ``value``."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield f"{where}/{key}"
            if key not in ("value", "expected"):  # any JSON: not described
                yield from keys(item, f"{where}/{key}")
    elif isinstance(value, list):
        for item in value:
            yield from keys(item, f"{where}/[]")


def declared_keys(node: Any, root: dict[str, Any], where: str) -> Iterator[str]:
    """The same names for every property the schema declares."""
    if "$ref" in node:
        node = root["$defs"][node["$ref"].removeprefix("#/$defs/")]
    for key, sub in node.get("properties", {}).items():
        yield f"{where}/{key}"
        yield from declared_keys(sub, root, f"{where}/{key}")
    if "items" in node:
        yield from declared_keys(node["items"], root, f"{where}/[]")
