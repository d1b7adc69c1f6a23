"""False alarms of the run-time corpus rules on real, unmutated pages.

Every HTML page of scrapinghub-aeb and trafilatura-eval (../shared/corpora) is
parsed with the generic parser ``article``; each corpus is one run of one site,
as ``harness check --seeds DIR --parser article`` makes it. The corpus rules
that need nothing learned or reviewed (recurring blocks, borrowed titles,
duplicate bodies) run over each, and the pages they flag are counted: on pages
nobody mutated, every finding is a false alarm (or a leak trafilatura already
lets through). The thresholds are the defaults of ``[tool.harness.corpus]``;
``--recurring-pages`` and friends try others.

    python benchmarks/bench_corpus_rules.py [--corpora DIR] [--limit N]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

from harness.corpus import CorpusRecord, CorpusSettings, corpus_findings
from harness.model import Site
from harness.pages import load_page
from harness.parsers import get_parser

ROOT = Path(__file__).resolve().parent.parent
CORPORA = {"scrapinghub-aeb": "html/*.html.gz", "trafilatura-eval": "html/*.gz"}


def records(folder: Path, pattern: str, limit: int | None) -> list[CorpusRecord]:
    parse, site = get_parser("article"), Site(name=folder.name, parser="article")
    found = []
    for path in sorted(folder.glob(pattern))[:limit]:
        name = f"{folder.name}/{path.name}"
        record = parse(load_page(path, name=name), site=site)
        found.append(CorpusRecord(name, folder.name, record))
    return found


def main() -> int:
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument(
        "--corpora", type=Path, default=ROOT.parent / "shared" / "corpora"
    )
    args.add_argument("--limit", type=int, default=None, help="pages per corpus")
    defaults = CorpusSettings()
    for key in ("recurring_pages", "recurring_letters", "title_letters"):
        args.add_argument(
            f"--{key.replace('_', '-')}", type=int, default=getattr(defaults, key)
        )
    options = args.parse_args()
    if not options.corpora.is_dir():
        print(f"no corpora at {options.corpora} (pass --corpora DIR)", file=sys.stderr)
        return 2
    settings = replace(
        defaults,
        recurring_pages=options.recurring_pages,
        recurring_letters=options.recurring_letters,
        title_letters=options.title_letters,
    )
    print(f"recurring_pages={settings.recurring_pages} "
          f"recurring_letters={settings.recurring_letters} "
          f"title_letters={settings.title_letters}")  # fmt: skip
    print("| corpus | pages | pages flagged | share | findings by rule |")
    print("|---|---:|---:|---:|---|")
    for name, pattern in CORPORA.items():
        pages = records(options.corpora / name, pattern, options.limit)
        findings = corpus_findings(pages, settings=settings)
        flagged = {f.page for f in findings}
        rules = ", ".join(
            f"{r} {n}" for r, n in sorted(Counter(f.rule for f in findings).items())
        )
        print(f"| {name} | {len(pages)} | {len(flagged)} | "
              f"{len(flagged) / max(len(pages), 1):.1%} | {rules or '-'} |", flush=True)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
