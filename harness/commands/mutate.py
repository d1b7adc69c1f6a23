"""``harness mutate [PATH ...]``: mutation testing for the parsers and the checks.

Applies layout mutations (:mod:`harness.mutate`) to the seeds, runs the parser
and every check on each mutant, in new-page mode (no snapshot) and recapture
mode (against the unmutated page's snapshot), and prints per mutation kind how
often the record changed, how often injected text leaked into the article
fields, and how many leaks a check caught; then each missed leak by page and
mutation, and each unmutated page a check fails (a false alarm). Nothing in
the project is written, except the ``--report-json`` file.

Exit status: 0 when every leak was caught and no unmutated page failed, 1
otherwise, 2 for a usage error.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from harness.mutate.run import Mode, MutateRun

HELP = "Apply layout mutations to the seeds and report which ones the checks catch."
MODES: dict[str, tuple[Mode, ...]] = {
    "new-page": ("new-page",),
    "recapture": ("recapture",),
    "both": ("new-page", "recapture"),
}
COLUMNS = ("mutants", "changed", "leaks", "caught", "missed", "flagged")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="seed files or folders (default: all)"
    )
    from harness.cli import folder_options

    folder_options(parser, "--seeds")
    parser.add_argument(
        "--mutations",
        metavar="NAMES",
        help="comma-separated mutation names (default: every registered one)",
    )
    parser.add_argument(
        "--mode",
        choices=sorted(MODES),
        default="both",
        help="new-page: no snapshots; recapture: against the unmutated page's "
        "snapshot (default: both)",
    )
    parser.add_argument(
        "--seed", type=int, default=0, help="the random seed of the mutations"
    )
    parser.add_argument(
        "--limit", type=int, metavar="N", help="mutate only the first N pages"
    )
    parser.add_argument(
        "--report-json",
        type=Path,
        metavar="FILE",
        help="write every mutant's result (docs/mutate-format.md)",
    )


def run(args: argparse.Namespace) -> int:
    from harness.atomic import write_atomic
    from harness.cli import EXIT_FAILED, EXIT_OK, consoles, open_project
    from harness.errors import ConfigError
    from harness.mutate import mutation_names
    from harness.mutate.report import false_alarms, missed, to_json
    from harness.mutate.run import run_mutations

    project, pages = open_project(args)
    known = mutation_names()
    names = args.mutations.split(",") if args.mutations else known
    if unknown := [n for n in names if n not in known]:
        raise ConfigError(
            f"--mutations: unknown {', '.join(unknown)}; known: {', '.join(known)}"
        )
    if args.limit is not None:
        pages = pages[: max(args.limit, 0)]
    result = run_mutations(
        project, pages, mutations=names, modes=MODES[args.mode], seed=args.seed
    )
    out, _ = consoles()
    print_run(out, result)
    if args.report_json is not None:
        write_atomic(args.report_json, to_json(result).encode("utf-8"))
    failed = any(missed(result, m) or false_alarms(result, m) for m in result.modes)
    return EXIT_FAILED if failed else EXIT_OK


def print_run(out: Console, result: MutateRun) -> None:
    from rich.markup import escape
    from rich.table import Table

    from harness.mutate.report import false_alarms, kind_counts, missed
    from harness.report.markdown import plural

    for mode in result.modes:
        counts = kind_counts(result, mode)
        table = Table(
            title=f"{mode} mode: {plural(len(result.pages), 'page')}",
            title_justify="left",
            collapse_padding=True,  # so the whole table fits 80 columns
        )
        table.add_column("mutation", no_wrap=True, overflow="ellipsis")
        for column in (*COLUMNS, "n/a"):
            table.add_column(column, justify="right", min_width=len(column))
        for name, row in counts.items():
            table.add_row(
                name, *(str(row[c]) for c in COLUMNS), str(row["not_applicable"])
            )
        out.print(table)
        for item in missed(result, mode):
            shown = "; ".join(repr(text) for text in item.leaked[:3])
            out.print(
                "[bold red]MISSED[/] "
                + escape(f"{item.page}: {item.mutation} ({item.note}): leaked {shown}"),
                highlight=False,
            )
        alarms = false_alarms(result, mode)
        for page in result.pages:
            if page.page in alarms:
                first = page.alarms[mode][0]
                where = f"{first.check} {first.path}: {first.message}"
                out.print(
                    "[bold yellow]FALSE ALARM[/] " + escape(f"{page.page}: {where}"),
                    highlight=False,
                )
        out.print(
            f"{mode}: {plural(sum(r['leaks'] for r in counts.values()), 'leak')}, "
            f"{len(missed(result, mode))} missed; {len(alarms)} of "
            f"{plural(len(result.pages), 'unmutated page')} failed a check",
            highlight=False,
        )
    for page in result.pages:
        if not page.parsed:
            out.print(
                f"not mutated: {page.page}: {page.error}", highlight=False, markup=False
            )
