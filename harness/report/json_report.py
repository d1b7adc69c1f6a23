"""The JSON report: every verdict of a run, for programs.

The format is described in ``docs/report-format.md`` and by the JSON Schema
``report.schema.json`` beside this module. ``version`` is bumped only by a change
that is not additive (a field removed, renamed or retyped, a meaning changed);
readers should ignore fields they do not know.

    text = render(RunReport(root, results, stale))
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

from harness.corpus import SiteVerdict
from harness.model import CheckResult, Finding, SeedResult
from harness.report import STATUSES, RunReport

FORMAT = "scrape-harness-report"
VERSION = 1


def render(report: RunReport) -> str:
    """The report as JSON text: sorted keys, seeds in run order, a final newline."""
    data = to_data(report)
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=repr)
    return text + "\n"


def to_data(report: RunReport) -> dict[str, Any]:
    """The report as plain JSON data (dicts, lists, strings, numbers, None)."""
    counts = report.counts()
    failed_seeds = sum(1 for seed in report.results if seed.failed)
    return {
        "format": FORMAT,
        "version": VERSION,
        "root": str(report.root),
        "summary": {
            "status": "passed" if report.passed else "failed",
            "seeds": len(report.results),
            "failed_seeds": failed_seeds,
            "checks": {
                check: {status: counter[status] for status in STATUSES}
                for check, counter in counts.items()
            },
            "unused_snapshots": len(report.stale),
            "corpus": {
                status: sum(1 for v in report.corpus if v.status == status)
                for status in ("passed", "failed")
            },
        },
        "seeds": [seed_data(seed) for seed in report.results],
        "unused_snapshots": list(report.stale),
        "corpus": [corpus_data(verdict) for verdict in report.corpus],
        "accept_commands": report.accept_commands(),
    }


def seed_data(seed: SeedResult) -> dict[str, Any]:
    return {
        "page": seed.page,
        "site": seed.site,
        "status": "failed" if seed.failed else "passed",
        "checks": [check_data(result) for result in seed.results],
    }


def corpus_data(verdict: SiteVerdict) -> dict[str, Any]:
    return {
        "site": verdict.site,
        "pages": verdict.pages,
        "status": verdict.status,
        "findings": [finding_data(f) for f in verdict.findings],
    }


def check_data(result: CheckResult) -> dict[str, Any]:
    return {
        "check": result.check,
        "status": result.status,
        "reason": result.reason or None,
        "findings": [finding_data(f) for f in result.findings],
    }


def finding_data(finding: Finding) -> dict[str, Any]:
    return {
        "check": finding.check,
        "page": finding.page,
        "path": finding.path,
        "rule": finding.rule,
        "message": finding.message,
        "value": finding.value,
        "expected": finding.expected,
        "hint": finding.hint,
        "severity": finding.severity,
    }


def schema() -> dict[str, Any]:
    """The JSON Schema of this format (``report.schema.json``)."""
    text = files("harness.report").joinpath("report.schema.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data
