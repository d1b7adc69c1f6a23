"""Hypothesis profiles for the property tests, and the fuzz summary.

``ci`` (the default) keeps the normal suite fast; ``fuzz`` is what ``nox -s fuzz``
runs: ``FUZZ_EXAMPLES`` examples per test (default 12,000; the 28 tests run
336,000 in all). Choose with ``--hypothesis-profile=fuzz``.
"""

from __future__ import annotations

import os
import re

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.database import DirectoryBasedExampleDatabase

settings.register_profile(
    "ci",
    max_examples=50,
    deadline=None,
    database=None,  # nothing written into the work tree by the normal suite
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "12000")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
    print_blob=True,
    database=DirectoryBasedExampleDatabase(".nox/hypothesis"),
)
settings.load_profile("ci")

_COUNTS = re.compile(r"(\d+) passing, (\d+) failing, and (\d+) invalid")
_tally = {"tests": 0, "examples": 0, "failing": 0, "crashed": 0}


def pytest_runtest_teardown(item: pytest.Item) -> None:
    """Adds up the examples hypothesis ran (with --hypothesis-show-statistics)."""
    stats = getattr(item, "hypothesis_statistics", "")
    if not stats:
        return
    _tally["tests"] += 1
    for passing, failing, _invalid in _COUNTS.findall(stats):
        _tally["examples"] += int(passing) + int(failing)
        _tally["failing"] += int(failing)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """A test that failed (not an expected xfail) is a crash the fuzzer found."""
    if report.when == "call" and report.failed:
        _tally["crashed"] += 1


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    """With --hypothesis-profile (nox -s fuzz), how many examples ran, how many crashed."""
    if not _tally["tests"] or not config.getoption("hypothesis_profile", None):
        return
    terminalreporter.write_sep("=", "fuzz summary")
    terminalreporter.write_line(
        f"{_tally['examples']:,} examples run over {_tally['tests']} property tests; "
        f"{_tally['crashed']} crashed (tests that failed), "
        f"{_tally['failing']} failing examples while shrinking"
    )
