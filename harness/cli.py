"""``harness``: check seeds, accept snapshots, show a parsed record.

Exit status: 0 all checks passed, 1 a check failed, 2 usage or configuration error.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from harness.errors import HarnessError

if TYPE_CHECKING:
    from rich.console import Console

    from harness.corpus import SiteVerdict
    from harness.distributed import DaskEngine
    from harness.engine import Project
    from harness.model import SeedResult
    from harness.report import RunReport

T = TypeVar("T")

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

REPORTS = {
    "--report-md": "Markdown for a pull-request comment or the CI step summary",
    "--report-html": "one self-contained HTML file to browse the results",
    "--junit-xml": "JUnit XML, one testcase per (seed, check)",
    "--report-json": "machine-readable results (docs/report-format.md)",
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except HarnessError as e:
        print(f"harness: error: {e}", file=sys.stderr)
        return EXIT_USAGE


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="harness", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(
        name: str, run: Callable[[argparse.Namespace], int], help: str
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        sub.add_argument(
            "--root",
            type=Path,
            default=Path(),
            metavar="DIR",
            help="the project folder, holding pyproject.toml (default: .)",
        )
        sub.set_defaults(run=run)
        return sub

    def seed_paths(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "paths",
            nargs="*",
            type=Path,
            metavar="PATH",
            help="seed files or folders (default: all)",
        )
        folder_options(sub, "--seeds")

    check = command("check", run_check, "Run every check on the seeds.")
    seed_paths(check)
    jobs_option(check)
    engine_options(check)
    check.add_argument(
        "--no-cache",
        action="store_true",
        help="check every seed afresh, neither reading nor writing the result cache",
    )
    check.add_argument(
        "--cache-dir",
        type=Path,
        metavar="DIR",
        help="where cached results live (default: $HARNESS_CACHE_DIR, else "
        "$XDG_CACHE_HOME/scrape-harness, else ~/.cache/scrape-harness); safe to "
        "delete",
    )
    reports = check.add_argument_group("reports (each written atomically)")
    for flag, help in REPORTS.items():
        reports.add_argument(flag, type=Path, metavar="FILE", help=help)
    update = command(
        "update", run_update, "Accept new and changed records as snapshots."
    )
    seed_paths(update)
    jobs_option(update)
    engine_options(update)
    update.add_argument(
        "--prune", action="store_true", help="also delete snapshots whose seed is gone"
    )
    update.add_argument(
        "--allow-regression",
        action="store_true",
        help="let the site baselines loosen: a lower floor, a wider tolerance",
    )
    review = command(
        "review", run_review, "Walk the changed seeds: accept, reject or skip each."
    )
    seed_paths(review)
    show = command("show", run_show, "Print the record a seed parses to.")
    show.add_argument("page", type=Path, metavar="PAGE", help="a seed file")
    show.add_argument("--json", action="store_true", help="print the record as JSON")
    folder_options(show)
    from harness.commands import importing

    importing.add_arguments(command("import", importing.run, importing.HELP))
    from harness.commands import capture

    capture.add_arguments(command("capture", capture.run, capture.HELP))
    from harness.commands import corpus

    seed_paths(command("learn", corpus.run_learn, corpus.LEARN_HELP))
    from harness.commands import recapture

    recapture.add_arguments(command("recapture", recapture.run, recapture.HELP))
    from harness.commands import mutate

    mutate.add_arguments(command("mutate", mutate.run, mutate.HELP))
    return parser


def jobs_option(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "-j",
        "--jobs",
        type=positive_int,
        metavar="N",
        help="worker processes that parse and check seeds side by side (default: 1; "
        "with --engine dask, the local cluster's workers: one per core)",
    )


def engine_options(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="where seeds are parsed: worker processes here (default), or a Dask "
        "cluster (pip install 'scrape-harness[dask]'); reports, cache and "
        "snapshots are written here either way",
    )
    sub.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --engine dask: a running Dask scheduler, tcp://host:8786 "
        "(default: a local cluster); see README, Running on several machines",
    )


@contextmanager
def dask_engine(
    args: argparse.Namespace, project: Project
) -> Iterator[DaskEngine | None]:
    """The Dask cluster to parse on, for ``--engine dask``; None otherwise."""
    from harness.errors import ConfigError

    if args.engine != "dask":
        if args.scheduler:
            raise ConfigError("--scheduler needs --engine dask")
        yield None
        return
    if args.scheduler and args.jobs:
        raise ConfigError(
            "--jobs sizes a local Dask cluster; with --scheduler, the cluster's "
            "own workers run the seeds"
        )
    from harness.distributed import DaskEngine

    with DaskEngine(
        project,
        scheduler=args.scheduler,
        workers=args.jobs,
        seeds=args.seeds,
        parser=args.parser,
    ) as engine:
        yield engine


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(
            f"expected a whole number of 1 or more: {text!r}"
        )
    return value


def folder_options(sub: argparse.ArgumentParser, *flags: str) -> None:
    """--seeds and --parser: check pages where they lie (harness/folders.py)."""
    if "--seeds" in flags:
        sub.add_argument(
            "--seeds",
            type=Path,
            metavar="DIR",
            help="the folder of pages, inside the project or not; snapshots stay "
            "in the project's snapshots folder",
        )
    sub.add_argument(
        "--parser",
        metavar="NAME",
        help="parse every page with this parser; no pyproject.toml needed",
    )


def open_project(args: argparse.Namespace) -> tuple[Project, list[Path]]:
    from harness.engine import Project
    from harness.errors import ConfigError
    from harness.folders import run_config

    seeds, parser = getattr(args, "seeds", None), getattr(args, "parser", None)
    project = Project(args.root, run_config(args.root, seeds=seeds, parser=parser))
    paths = [Path(p) for p in getattr(args, "paths", ())]
    if not paths and seeds:
        paths = [seeds]
    for path in paths:
        if not path.exists():
            raise ConfigError(f"{path}: no such file or folder")
        if not path.resolve().is_relative_to(project.config.seeds.resolve()):
            raise ConfigError(
                f"{path}: not inside the seeds folder {project.config.seeds}"
            )
    return project, inside_seeds(project.pages(paths), project)


def inside_seeds(pages: Sequence[Path], project: Project) -> list[Path]:
    """The pages whose real file lies inside the seeds folder; the others are
    skipped with a message on stderr (harness.pages.escapes)."""
    from harness.pages import escapes

    root = Path(os.path.abspath(project.root))
    kept = []
    for page in pages:
        real = escapes(page, project.config)
        if real is None:
            kept.append(page)
            continue
        shown = Path(os.path.abspath(page))
        name = shown.relative_to(root) if shown.is_relative_to(root) else shown
        print(
            f"harness: {name.as_posix()}: skipped: a symlink that points outside "
            f"the seeds folder (to {real})",
            file=sys.stderr,
        )
    return kept


def run_check(args: argparse.Namespace) -> int:
    from harness.cache import ResultCache, cacheable
    from harness.commands.corpus import print_corpus
    from harness.corpus.stage import corpus_view, run_corpus_stage
    from harness.engine import check_all
    from harness.report import RunReport

    project, pages = open_project(args)
    project.load_schemas()
    out, err = consoles()
    cache = None if args.no_cache else ResultCache(project, args.cache_dir)
    # The HTML report is the one that shows whole records; the rest of a run
    # keeps only what the corpus rules read.
    view = None
    if args.report_html is None:
        view = functools.partial(corpus_view, settings=project.config.corpus)
    whole = not args.paths
    corpus_key = cache.corpus_key(pages, whole=whole) if cache else None
    corpus = cache.get_corpus(corpus_key) if cache and corpus_key else None
    with dask_engine(args, project) as dask:
        checked = check_all(
            project,
            pages,
            jobs=args.jobs or 1,
            cache=cache,
            elsewhere=dask.check if dask else None,
            view=view,
            records=corpus is None or args.report_html is not None,
        )
        results = list(progress(checked, err, "checking", len(pages)))
    if cache and corpus is not None and not all(map(cacheable, results)):
        # A seed checked afresh got a verdict of the clock or of a limit: the
        # corpus stage may differ, and it reads the records left unread.
        corpus = None
        keep = view or (lambda result: result)
        results = [
            keep(cache.with_record(path, result))
            for path, result in zip(pages, results, strict=True)
        ]
    stale = [] if args.paths else project.layout.stale()
    for result in results:
        if result.failed:
            print_failure(out, result)
    for file in stale:
        out.print(
            f"[bold red]UNUSED[/] {project.name(file)}: its seed is gone; "
            "run `harness update --prune` to delete it",
            highlight=False,
        )
    if corpus is None:
        corpus = run_corpus_stage(project, results, whole=whole)
        if cache and corpus_key and all(map(cacheable, results)):
            cache.put_corpus(corpus_key, corpus)
    print_corpus(out, corpus)
    print_summary(out, results, stale, corpus)
    report = RunReport(
        project.root, tuple(results), tuple(map(project.name, stale)), tuple(corpus)
    )
    write_reports(args, report)
    return EXIT_OK if report.passed else EXIT_FAILED


def write_reports(args: argparse.Namespace, report: RunReport) -> None:
    from importlib import import_module

    from harness.atomic import write_atomic

    modules = {
        "report_md": "markdown",
        "report_html": "html",
        "junit_xml": "junit",
        "report_json": "json_report",
    }
    for option, module in modules.items():
        if (file := getattr(args, option)) is not None:
            render = import_module(f"harness.report.{module}").render
            write_atomic(file, render(report).encode("utf-8", errors="replace"))


def run_review(args: argparse.Namespace) -> int:
    from harness.review import review

    project, pages = open_project(args)
    return review(project, pages, stale=not args.paths)


def run_update(args: argparse.Namespace) -> int:
    from harness.commands.corpus import refresh_baselines
    from harness.engine import accept, parse_all
    from harness.report.markdown import plural

    project, pages = open_project(args)
    out, err = consoles()
    parsed, updates = [], []
    with dask_engine(args, project) as dask:
        seeds = (
            dask.parse(pages)
            if dask
            else parse_all(project, pages, jobs=args.jobs or 1)
        )
        for seed in progress(seeds, err, "updating", len(pages)):
            parsed.append(seed)  # kept for the baselines
            updates.append(accept(project, seed))  # written as each parse comes back
    for update in updates:
        if update.action == "failed":
            out.print(f"[bold red]NOT UPDATED[/] {update.page}", highlight=False)
            for finding in update.findings:
                out.print(f"  {finding.message}", highlight=False, markup=False)
        elif update.action != "unchanged":
            out.print(f"{update.action} {update.snapshot}", highlight=False)
    pruned = project.layout.stale() if args.prune and not args.paths else []
    for file in pruned:
        file.unlink()
        out.print(f"deleted {project.name(file)} (its seed is gone)", highlight=False)
    counts = Counter(u.action for u in updates)
    summary = ", ".join(
        f"{counts[a]} {a}" for a in ("created", "updated", "unchanged", "failed")
    )
    out.print(
        f"{plural(len(updates), 'seed')}: {summary}, {len(pruned)} pruned",
        highlight=False,
    )
    refused = refresh_baselines(out, project, parsed, args)
    return EXIT_FAILED if counts["failed"] or refused else EXIT_OK


def run_show(args: argparse.Namespace) -> int:
    from harness.engine import Project, parse_seed
    from harness.errors import ConfigError
    from harness.folders import run_config

    if not args.page.is_file():
        raise ConfigError(f"{args.page}: no such file")
    # A page outside the seeds folder is read as if its own folder were it.
    config = run_config(args.root, seeds=args.page.parent, parser=args.parser)
    parsed = parse_seed(Project(args.root, config), args.page)
    if parsed.result.failed:
        for finding in parsed.result.findings:
            print(f"harness: {finding.message}", file=sys.stderr)
        return EXIT_FAILED
    if args.json:
        print(json.dumps(parsed.record, ensure_ascii=False, indent=2))
    else:
        out, _ = consoles()
        for key, value in parsed.record.items():
            shown = (
                value
                if isinstance(value, str)
                else json.dumps(value, ensure_ascii=False)
            )
            out.print(f"[bold]{key}[/]: {shown}", highlight=False, soft_wrap=True)
    return EXIT_OK


def consoles() -> tuple[Console, Console]:
    """Results go to stdout; progress goes to stderr, and only on a terminal."""
    from rich.console import Console

    return Console(soft_wrap=True), Console(stderr=True)


def progress(
    items: Iterable[T], console: Console, verb: str, total: int
) -> Iterator[T]:
    if not console.is_terminal:
        yield from items
        return
    from rich.progress import Progress

    with Progress(console=console, transient=True) as bar:
        task = bar.add_task(verb, total=total)
        for item in items:
            yield item
            bar.advance(task)


def print_failure(out: Console, result: SeedResult) -> None:
    out.print(f"[bold red]FAILED[/] {result.page}", highlight=False)
    hints = []
    for check in result.results:
        for finding in check.findings:
            where = f"{finding.path}: " if finding.path else ""
            text = f"  {check.check:<8} {where}{finding.message}"
            out.print(text, highlight=False, markup=False)
            hints.append(finding.hint)
    for hint in dict.fromkeys(h for h in hints if h):
        out.print(f"  {hint}", highlight=False, markup=False)


def print_summary(
    out: Console,
    results: Sequence[SeedResult],
    stale: Sequence[Path],
    corpus: Sequence[SiteVerdict] = (),
) -> None:
    from rich.table import Table

    from harness.model import CHECKS
    from harness.report.markdown import plural

    counts = Counter((r.check, r.status) for seed in results for r in seed.results)
    table = Table(title=plural(len(results), "seed"), title_justify="left")
    table.add_column("check")
    for status in ("passed", "failed", "skipped"):
        table.add_column(status, justify="right")
    for check in CHECKS:
        table.add_row(
            check, *(str(counts[check, s]) for s in ("passed", "failed", "skipped"))
        )
    if stale:
        table.add_row("unused snapshots", "", str(len(stale)), "")
    if corpus:
        failed = sum(v.failed for v in corpus)
        table.add_row("corpus", str(len(corpus) - failed), str(failed), "0")
    out.print(table)


if __name__ == "__main__":
    sys.exit(main())
