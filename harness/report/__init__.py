"""Reports of one run: what every renderer (Markdown, HTML, JUnit, JSON) shows.

A renderer is a function ``render(report: RunReport) -> str``; the CLI writes its
output atomically to the file the user named.
"""

from __future__ import annotations

import shlex
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from harness.corpus import SiteVerdict
from harness.model import CHECKS, CheckResult, SeedResult

STATUSES = ("passed", "failed", "skipped")


@dataclass(frozen=True)
class RunReport:
    """The results of one ``harness check`` run over a project."""

    root: Path
    """The project folder; seed and snapshot names are relative to it."""
    results: tuple[SeedResult, ...]
    stale: tuple[str, ...] = ()
    """Snapshot files whose seed is gone."""
    corpus: tuple[SiteVerdict, ...] = ()
    """The corpus rules' verdict on each site, after the per-seed checks."""

    @property
    def failed(self) -> tuple[SeedResult, ...]:
        return tuple(r for r in self.results if r.failed)

    @property
    def corpus_failed(self) -> tuple[SiteVerdict, ...]:
        return tuple(v for v in self.corpus if v.failed)

    @property
    def passed(self) -> bool:
        """No seed failed, no snapshot is unused, no site failed the corpus rules."""
        return not (self.failed or self.stale or self.corpus_failed)

    def counts(self) -> dict[str, Counter[str]]:
        """For each check, how many seeds passed, failed and were skipped."""
        counts: dict[str, Counter[str]] = {check: Counter() for check in CHECKS}
        for seed in self.results:
            for result in seed.results:
                counts[result.check][result.status] += 1
        return counts

    def accept_commands(self) -> list[str]:
        """The commands that accept every snapshot change of this run, if intended."""
        changed = [
            seed.page
            for seed in self.results
            if any(r.check == "snapshot" and r.failed for r in seed.results)
        ]
        commands = []
        if changed:
            commands.append(shlex.join(["harness", "update", *changed]))
        if self.stale:
            commands.append("harness update --prune")
        return commands


def result_of(seed: SeedResult, check: str) -> CheckResult | None:
    return next((r for r in seed.results if r.check == check), None)
