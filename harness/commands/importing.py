"""``harness import FILE ... --site NAME``: the HTML pages of WARC and HAR files as seeds.

Each HTML response becomes ``seeds/NAME/<name>.html`` with its meta.json; every
other entry is counted under the reason it was skipped, and ``-v`` lists them.
Exit status: 0 when every file was read (even if nothing was new), 2 when a file
is not a readable WARC or HAR file.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from harness.commands import add_seed_target
from harness.pages import relative_name

if TYPE_CHECKING:
    from harness.importers import Entry
    from harness.seedstore import SeedWriter

HELP = "Save the HTML pages of WARC and HAR files as seeds."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="WARC (.warc, .warc.gz) or HAR (.har) files",
    )
    add_seed_target(parser)
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="say what each skipped entry was"
    )


def run(args: argparse.Namespace) -> int:
    from harness.config import is_project, load_config
    from harness.importers import (
        SKIP_REASONS,
        ArchiveError,
        check_file,
        read_archive,
        site_folder,
    )
    from harness.seedstore import SeedWriter

    site: str = args.site
    root: Path = args.root
    config = load_config(root) if is_project(root) else None
    folder = site_folder(config.seeds if config else root / "seeds", site)
    for file in args.files:  # a typo in the last file must not leave half an import
        check_file(file)

    writer = SeedWriter(folder, site=site, overwrite=args.overwrite)
    outcomes: Counter[str] = Counter()
    shown_folder = relative_name(folder, root)
    try:
        for file in args.files:
            for entry in read_archive(file):
                outcome, detail = save(entry, writer, root)
                outcomes[outcome] += 1
                if outcome not in SKIP_REASONS:
                    print(f"{outcome} {detail}")
                elif args.verbose:
                    reason = SKIP_REASONS[outcome]
                    print(f"skipped {entry.where} {entry.url}: {reason} ({detail})")
    except ArchiveError:
        if outcomes:  # say what was done before the damaged file
            print(summary(outcomes, files=len(args.files), folder=shown_folder))
        raise
    print(summary(outcomes, files=len(args.files), folder=shown_folder))
    if config and site not in {rule.site.name for rule in config.sites}:
        print(
            f"note: site {site!r} is not in [[tool.harness.sites]] of "
            f"{root / 'pyproject.toml'}; add it with a parser so `harness check` "
            "can check these seeds"
        )
    return 0


def save(entry: Entry, writer: SeedWriter, root: Path) -> tuple[str, str]:
    """What became of an entry: ``(written|overwritten, path)`` or ``(skip reason, detail)``."""
    from harness.importers import skip_reason

    if entry.capture is None:
        return entry.skipped or "not-response", entry.detail
    if reason := skip_reason(entry.capture):
        return reason
    written = writer.write(entry.capture)
    if written.action == "duplicate":
        return "duplicate", f"same body as {relative_name(written.path, root)}"
    return written.action, relative_name(written.path, root)


def summary(outcomes: Counter[str], *, files: int, folder: str) -> str:
    """``1 file: 2 seeds written, 0 overwritten, 3 skipped (not HTML: 3), in seeds/x/``."""
    from harness.importers import SKIP_REASONS

    skipped = sum(outcomes[key] for key in SKIP_REASONS)
    reasons = ", ".join(
        f"{label}: {outcomes[key]}"
        for key, label in SKIP_REASONS.items()
        if outcomes[key]
    )
    text = (
        f"{files} {'file' if files == 1 else 'files'}: "
        f"{outcomes['written']} seeds written, {outcomes['overwritten']} overwritten, "
        f"{skipped} skipped{f' ({reasons})' if reasons else ''}, in {folder}/"
    )
    if outcomes["exists"]:
        text += "; --overwrite replaces existing seeds"
    return text
