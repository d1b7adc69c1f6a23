"""``harness recapture [PATH ...]``: fetch seeds again and check the live pages.

Each seed with a ``url`` in its meta.json is fetched into a pending capture in
``.recapture/`` (beside the seeds folder) and checked against the seed's
snapshot; ``--accept`` replaces the seeds with their pending captures and
updates the snapshots, ``--discard`` drops the pending captures.

Exit status: 0 when every recapture passed (or was skipped), 1 when a stable
field changed, a page could not be fetched, or an accepted seed does not parse;
2 for a usage error.
"""

from __future__ import annotations

import argparse
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from harness.engine import Project
    from harness.recapture import Verdict

HELP = (
    "Fetch seeds again from their URLs and check the live pages against the snapshots."
)

OUTCOMES = ("unchanged", "passed", "changed", "failed", "skipped")
LABELS = {"changed": "CHANGED", "failed": "FAILED"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="seed files or folders (default: all)",
    )
    decision = parser.add_mutually_exclusive_group()
    decision.add_argument(
        "--accept",
        action="store_true",
        help="replace these seeds with their pending recaptures and update the "
        "snapshots (fetches nothing)",
    )
    decision.add_argument(
        "--discard",
        action="store_true",
        help="delete these seeds' pending recaptures (fetches nothing)",
    )


def run(args: argparse.Namespace) -> int:
    from harness.cli import open_project

    project, seeds = open_project(args)
    if args.accept or args.discard:
        return decide(project, seeds if args.paths else None, accept=args.accept)

    from harness.capture import Fetcher
    from harness.recapture import pending_folder, recapture

    verdicts = []
    with Fetcher(project.config.fetch) as fetcher:
        for seed in seeds:
            verdict = recapture(project, seed, fetcher)
            print_verdict(verdict)
            verdicts.append(verdict)
    counts: Counter[str] = Counter(v.outcome for v in verdicts)
    print(
        f"{len(verdicts)} seeds recaptured: "
        + ", ".join(f"{counts[o]} {o}" for o in OUTCOMES)
    )
    pending = sum(1 for v in verdicts if v.pending)
    if pending:
        where = project.name(pending_folder(project))
        print(f"{pending} pending in {where}/ (the seeds and snapshots are untouched):")
        print(
            "  harness recapture --accept [PATH ...]   replace the seeds, update snapshots"
        )
        print("  harness recapture --discard [PATH ...]  drop the pending recaptures")
    return 1 if any(v.alarming for v in verdicts) else 0


def print_verdict(verdict: Verdict) -> None:
    label = LABELS.get(verdict.outcome, verdict.outcome)
    pending = f"; pending {verdict.pending}" if verdict.pending else ""
    print(f"{label} {verdict.seed}: {verdict.message}{pending}")
    for finding in verdict.findings:
        where = f"{finding.path}: " if finding.path else ""
        print(f"  {finding.check:<8} {where}{finding.message}")


def decide(project: Project, seeds: list[Path] | None, *, accept: bool) -> int:
    """Accept or discard the pending captures of ``seeds`` (all when None)."""
    from harness.recapture import accept as accept_one
    from harness.recapture import discard, pending_captures, seed_for
    from harness.report.markdown import plural

    pending = pending_captures(project, seeds)
    if not pending:
        print("nothing pending: run `harness recapture` first")
        return 0
    failed = 0
    for capture in pending:
        seed = project.name(seed_for(project, capture))
        if not accept:
            discard(project, capture)
            print(f"discarded {project.name(capture)}")
            continue
        update = accept_one(project, capture)
        if update.action == "failed":
            failed += 1
            print(f"accepted {seed}, but its snapshot was NOT UPDATED:")
            for finding in update.findings:
                print(f"  {finding.message}")
        else:
            print(f"accepted {seed}: seed replaced, snapshot {update.action}")
    verb = "accepted" if accept else "discarded"
    print(f"{plural(len(pending), 'pending recapture')} {verb}")
    return 1 if failed else 0
