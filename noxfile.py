"""Chores that change the repository or measure it. Tests run through tox."""

from __future__ import annotations

import os

import nox

nox.options.default_venv_backend = "venv"
nox.options.sessions = []  # chores run only when named: nox -s update


def install(session: nox.Session, *extra: str) -> None:
    """The project, editable, with a current pip: the machine's pip 23.2 resolves
    trafilatura's lxml[html-clean] extra without lxml_html_clean."""
    session.install("--upgrade", "pip")
    session.install("-e", ".", *extra)


@nox.session
def update(session: nox.Session) -> None:
    """Accept the current records as snapshots: nox -s update [-- PATH ...]."""
    install(session)
    session.run("harness", "update", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Speed and scale against the targets: nox -s bench [-- --sizes 1000 10000].

    Per-stage cost per seed, snapshot checks beside syrupy's stock extension,
    cold, cached and parallel runs, peak memory; medians of several runs.
    """
    install(session)
    session.run("python", "benchmarks/bench_scale.py", *session.posargs)


@nox.session(name="bench-corpora")
def bench_corpora(session: nox.Session) -> None:
    """The article parser against the shared corpora' ground truth, beside trafilatura."""
    install(session)
    session.run("python", "benchmarks/bench_corpora.py", *session.posargs)


@nox.session
def fuzz(session: nox.Session) -> None:
    """The property tests with many examples: nox -s fuzz [-- PYTEST ARGS].

    FUZZ_EXAMPLES (default 12,000) is the count per test; the 28 property
    tests run 336,000 in all (3,600 each give 100,800, in about 30 minutes on
    two cores). Prints how many ran and crashed; a crash fails the session.
    """
    install(session, "hypothesis>=6.100")
    session.run(
        "pytest",
        "tests/property",
        "-p",
        "no:cacheprovider",
        "--hypothesis-profile=fuzz",
        *session.posargs,
        env={"FUZZ_EXAMPLES": os.environ.get("FUZZ_EXAMPLES", "12000")},
    )


@nox.session(name="bench-detection")
def bench_detection(session: nox.Session) -> None:
    """harness mutate over the shared corpora: leaks caught and missed, false alarms.

    Pass --limit N to mutate N pages per corpus while iterating on the rules.
    """
    install(session)
    session.run("python", "benchmarks/bench_detection.py", *session.posargs)
