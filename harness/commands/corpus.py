"""The corpus rules on the command line: ``harness learn``, and what ``harness
check`` and ``harness update`` print about them.

``harness learn [PATH ...]`` parses the seeds, learns the text blocks that
recur across their pages (``harness.corpus.boilerplate``) and writes them to the
project's boilerplate file for review. Exit status: 0 written, 1 no seed parsed.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from harness.corpus import SiteVerdict
    from harness.engine import Parsed, Project

LEARN_HELP = "Learn the text blocks that recur across the seeds' pages (boilerplate)."


def run_learn(args: argparse.Namespace) -> int:
    from harness.cli import EXIT_FAILED, EXIT_OK, consoles, open_project, progress
    from harness.corpus.stage import learn_boilerplate
    from harness.engine import parse_seed, seed_result

    project, pages = open_project(args)
    out, err = consoles()
    parsed = [parse_seed(project, page) for page in progress(pages, err, "parsing")]
    for seed in parsed:
        for finding in seed.result.findings:
            out.print(
                f"{seed.name}: not learned from: {finding.message}",
                highlight=False,
                markup=False,
            )
    learned = learn_boilerplate(project, [seed_result(s, [s.result]) for s in parsed])
    if not learned.pages:
        out.print("harness learn: no seed parsed; nothing learned", highlight=False)
        return EXIT_FAILED
    bounds = project.config.corpus.learn
    out.print(
        f"{project.name(learned.file)}: {len(learned.templates)} templates from "
        f"{learned.pages} pages of {learned.sites} sites (at least "
        f"{bounds.min_letters} letters, on {bounds.min_pages}+ pages and "
        f"{bounds.min_share:.0%} of a site's or {bounds.min_sites}+ sites, at most "
        f"{bounds.max_per_site} a site); review it and commit it",
        highlight=False,
        markup=False,
    )
    return EXIT_OK


def print_corpus(out: Console, corpus: Sequence[SiteVerdict]) -> None:
    """A site's corpus findings, each naming its page or the site."""
    for verdict in corpus:
        if not verdict.findings:
            continue
        label = "[bold red]FAILED[/]" if verdict.failed else "[yellow]WARNED[/]"
        out.print(f"{label} corpus rules of site {verdict.site!r}", highlight=False)
        for finding in verdict.findings:
            where = f"{finding.path}: " if finding.path else ""
            text = f"  {finding.page}: {where}{finding.message}"
            out.print(text, highlight=False, markup=False)
        for hint in dict.fromkeys(f.hint for f in verdict.findings if f.hint):
            out.print(f"  {hint}", highlight=False, markup=False)


def refresh_baselines(
    out: Console, project: Project, parsed: Sequence[Parsed], args: argparse.Namespace
) -> bool:
    """Refresh the site baselines after a whole run; True when a change was refused."""
    from harness.corpus.stage import update_baselines
    from harness.engine import seed_result

    shown = project.name(project.baselines_file)
    if args.paths:
        out.print(
            f"{shown}: not refreshed (only a run over all seeds refreshes it)",
            highlight=False,
            markup=False,
        )
        return False
    outcome = update_baselines(
        project,
        [seed_result(seed, [seed.result]) for seed in parsed],
        allow_regression=args.allow_regression,
    )
    for change in outcome.changes:
        out.print(f"{shown}: {change}", highlight=False, markup=False)
    for refusal in outcome.refused:
        out.print(
            f"REFUSED {shown}: {refusal}; run `harness update --allow-regression` "
            "if this is intended",
            highlight=False,
            markup=False,
        )
    return bool(outcome.refused)
