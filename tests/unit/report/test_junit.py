"""The JUnit XML report: valid under the common JUnit.xsd, counts that agree with JSON."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from harness.model import CHECKS, CheckResult, Finding, SeedResult
from harness.report import RunReport, json_report, junit

XSD = Path(__file__).with_name("junit.xsd")
WHEN = datetime(2025, 2, 5, 8, 0, 0, tzinfo=UTC)


def parse(text: str) -> etree._Element:
    return etree.fromstring(text.encode("utf-8"))


def assert_valid(document: etree._Element) -> None:
    __tracebackhide__ = True
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    if not schema.validate(document):
        errors = "\n".join(f"line {e.line}: {e.message}" for e in schema.error_log)
        raise AssertionError(f"JUnit XML is not valid under {XSD.name}:\n{errors}")


def test_real_run_validates_against_the_junit_schema(corpus_report):
    """The report of a real run over the corpus is valid under junit.xsd."""
    assert_valid(parse(junit.render(corpus_report)))


def test_failure_count_agrees_with_the_json_report(corpus_report):
    """JUnit failures = failed (seed, check) pairs in the JSON report + unused snapshots."""
    suite = parse(junit.render(corpus_report))
    data = json.loads(json_report.render(corpus_report))
    failed_pairs = sum(
        check["status"] == "failed"
        for seed in data["seeds"]
        for check in seed["checks"]
    )
    expected = failed_pairs + len(data["unused_snapshots"])
    assert (
        int(suite.get("failures")) == expected == len(suite.findall("testcase/failure"))
    )
    skipped = sum(c["skipped"] for c in data["summary"]["checks"].values())
    assert (
        int(suite.get("skipped")) == skipped == len(suite.findall("testcase/skipped"))
    )
    tests = 6 * len(CHECKS) + 1
    assert int(suite.get("tests")) == tests == len(suite.findall("testcase"))
    assert suite.get("errors") == "0"


def test_testcases_name_seed_and_check(corpus_report):
    """One testcase per (seed, check); failures carry the first finding and its rule."""
    suite = parse(junit.render(corpus_report, timestamp=WHEN, hostname="ci"))
    assert (suite.get("name"), suite.get("timestamp"), suite.get("hostname")) == (
        "scrape-harness",
        "2025-02-05T08:00:00",
        "ci",
    )
    cases = {(c.get("classname"), c.get("name")): c for c in suite.iter("testcase")}
    snapshot = cases["seeds.news.c-snapshot.txt", "snapshot"]
    failure = snapshot.find("failure")
    assert failure is not None
    assert failure.get("type") == "inserted"
    assert failure.get("message") == (
        "body[1]: 1 item inserted: 'Farmers welcome the change after a dry month.'"
    )
    findings = next(
        r.findings for r in corpus_report.results[2].results if r.check == "snapshot"
    )
    assert failure.text is not None
    assert failure.text.splitlines() == [
        *(f"{f.path}: {f.message}" for f in findings),
        "if this is intended, run `harness update seeds/news/c-snapshot.txt` "
        "(or pytest --snapshot-update)",
    ]
    skipped = cases["seeds.news.e-parse.txt", "quality"].find("skipped")
    assert skipped is not None
    assert skipped.get("message") == "the parse failed"
    assert len(cases["seeds.news.a-passes.txt", "parse"]) == 0
    unused = cases["snapshots.news.gone.txt.json", "snapshot"].find("failure")
    assert unused is not None
    assert unused.get("type") == "unused"
    out = suite.find("system-out")
    assert out is not None
    assert "harness update --prune" in (out.text or "")


def test_hostile_page_text_stays_text(corpus_report):
    """<script>, <b>, backticks, pipes and ampersands from a page come back the same."""
    text = junit.render(corpus_report)
    assert "<script>" not in text
    assert "<b>" not in text
    suite = parse(text)
    hostile = next(s for s in corpus_report.results if s.page.endswith("f-hostile.txt"))
    for result in hostile.results:
        if not result.failed:
            continue
        case = next(
            c
            for c in suite.iter("testcase")
            if (c.get("classname"), c.get("name"))
            == ("seeds.news.f-hostile.txt", result.check)
        )
        failure = case.find("failure")
        assert failure is not None
        first = result.findings[0]
        assert failure.get("message") == f"{first.path}: {first.message}"
        for finding in result.findings:
            assert f"{finding.path}: {finding.message}" in (failure.text or "")
    messages = [f.message for r in hostile.results for f in r.findings]
    assert any("<script>" in m for m in messages)
    assert any("`rm -rf` | pipes" in m for m in messages)


def test_characters_xml_cannot_hold_are_escaped(tmp_path):
    """Control characters and lone surrogates in a message become visible escapes."""
    page = "seeds/s/a b.txt"
    finding = Finding("quality", page, "title", "clean_text", "bad \x00\x0b\ud800 end")
    seed = SeedResult(
        page,
        (
            CheckResult("parse", page, "passed"),
            CheckResult("quality", page, "failed", (finding,)),
        ),
    )
    suite = parse(junit.render(RunReport(tmp_path, (seed,))))
    assert_valid(suite)
    failure = suite.find("testcase/failure")
    assert failure is not None
    assert failure.get("message") == "title: bad \\x00\\x0b\\ud800 end"


def test_an_empty_run_is_valid(tmp_path):
    """No seeds at all still makes a valid document with zero tests."""
    suite = parse(junit.render(RunReport(tmp_path, ())))
    assert_valid(suite)
    assert suite.get("tests") == "0"
