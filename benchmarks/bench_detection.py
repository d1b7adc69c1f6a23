"""How many injected layout changes the checks catch on real pages, and how
many real pages they fail: ``harness mutate`` in new-page mode over the HTML
pages of the shared corpora, with the generic ``article`` parser.

For each corpus (``../shared/corpora/scrapinghub-aeb``,
``../shared/corpora/trafilatura-eval``) one ``harness mutate`` run parses every
page as itself and once per mutation, then this script adds the runs up and
prints, per mutation kind: mutants, leaks (injected text in the article fields),
leaks caught, leaks missed; and the unmutated pages a check failed.

A failed unmutated page is a false alarm unless the corpus' ground truth shows
every text the checks flagged to be boilerplate (absent from the annotated body
of scrapinghub-aeb, or holding one of the page's ``without`` snippets in
trafilatura-eval), or it failed only because the quality check found keys or
tokens in the page source (a finding about the page, not its record). The
pages it cannot judge count as false alarms, though most of them flag real
furniture ("Newsletter abonnieren"): trafilatura-eval annotates a few snippets
per page, not the whole article. The failing pages are printed split by the
verdict.

Targets: missed leaks at most 2% of all leaks; false alarms at most 2% of the
unmutated pages. Exits 1 when a target is missed.

    python benchmarks/bench_detection.py [--corpora DIR] [--limit N] [--seed N]
        [--show] [--reports DIR [--reuse]]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from harness.cli import main as harness
from harness.corpora import corpus_truth
from harness.truth import Truth

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ("scrapinghub-aeb", "trafilatura-eval")
COLUMNS = ("mutants", "leaks", "caught", "missed")
TARGET = 0.02
# Parsers run in-process: the fork that bounds a parse's time and memory costs a
# third of a mutant's time, and these pages are known to parse.
PYPROJECT = "[tool.harness]\nparse_timeout = 0\n"


def run_corpus(folder: Path, options: argparse.Namespace, scratch: Path) -> Any:
    """One ``harness mutate`` run over a corpus' HTML pages; its JSON report.

    With ``--reports DIR`` the report is kept there, and ``--reuse`` reads it
    back instead of running again (to re-judge a run without repeating it).
    """
    report = (options.reports or scratch) / f"{folder.name}.json"
    if options.reuse and report.is_file():
        return json.loads(report.read_text(encoding="utf-8"))
    argv = [
        "mutate", "--root", str(scratch), "--seeds", str(folder / "html"),
        "--parser", "article", "--mode", "new-page", "--seed", str(options.seed),
        "--report-json", str(report),
    ]  # fmt: skip
    if options.limit is not None:
        argv += ["--limit", str(options.limit)]
    with contextlib.redirect_stdout(io.StringIO()):  # its tables: ours follow
        harness(argv)
    return json.loads(report.read_text(encoding="utf-8"))


def _letters(text: str) -> str:
    return re.sub(r"\W+", "", text).casefold()


def boilerplate(value: Any, truth: Truth | None) -> bool:
    """Whether the ground truth shows a flagged text to be boilerplate."""
    if truth is None or not isinstance(value, str) or not _letters(value.strip("…")):
        return False
    text = _letters(value.strip("…"))
    if truth.body is not None:
        return text not in _letters(truth.body)
    return any(
        _letters(s) and (_letters(s) in text or text in _letters(s))
        for s in truth.without_snippets
    )


def article_text(value: Any, truth: Truth | None) -> bool:
    """Whether the ground truth shows a flagged text to be the article's own."""
    if truth is None or not isinstance(value, str) or not _letters(value.strip("…")):
        return False
    text = _letters(value.strip("…"))
    if truth.body is not None:
        return text in _letters(truth.body)
    return any(
        _letters(s) and (_letters(s) in text or text in _letters(s))
        for s in truth.with_snippets
    )


def verdict(page: dict[str, Any], folder: Path) -> str:
    """``passed``, or why the unmutated page failed: only the scan of its source
    for ``secrets``; every flagged text is ``boilerplate`` by the ground truth;
    one is ``article`` text; or ``unknown``."""
    findings = page["alarms"]["new-page"]
    if not findings:
        return "passed"
    if all(
        f["rule"] == "no_secrets" and f["path"].startswith("line ") for f in findings
    ):
        return "secrets"  # keys in the page source: about the page, not the record
    truth = corpus_truth(folder / "html" / Path(page["page"]).name)
    values = [f.get("value") for f in findings]
    if all(boilerplate(v, truth) for v in values):
        return "boilerplate"
    if any(article_text(v, truth) for v in values):
        return "article"
    return "unknown"


def main() -> int:
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument(
        "--corpora", type=Path, default=ROOT.parent / "shared" / "corpora"
    )
    args.add_argument("--limit", type=int, default=None, help="pages per corpus")
    args.add_argument("--seed", type=int, default=0, help="the mutations' random seed")
    args.add_argument("--show", action="store_true", help="list misses and alarms")
    args.add_argument("--reports", type=Path, help="keep the JSON reports here")
    args.add_argument(
        "--reuse", action="store_true", help="read the kept reports, run nothing"
    )
    options = args.parse_args()
    totals: dict[str, Counter[str]] = {}
    pages = 0
    verdicts: Counter[str] = Counter()
    shown: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench-detection-") as name:
        scratch = Path(name)
        (scratch / "pyproject.toml").write_text(PYPROJECT)
        for corpus in CORPORA:
            folder = options.corpora / corpus
            if not folder.is_dir():
                print(f"no corpus at {folder} (pass --corpora DIR)", file=sys.stderr)
                return 2
            report = run_corpus(folder, options, scratch)
            for kind, counts in report["summary"]["new-page"]["kinds"].items():
                totals.setdefault(kind, Counter()).update(counts)
            for page in report["pages"]:
                pages += 1
                judged = verdict(page, folder)
                verdicts[judged] += 1
                if judged in ("article", "unknown"):
                    first = page["alarms"]["new-page"][0]
                    shown.append(
                        f"false alarm ({judged}) {page['page']}: {first['message']}"
                    )
            shown += [
                f"missed {m['page']}: {m['mutation']} ({m['note']}): {m['leaked'][:2]}"
                for m in report["mutants"]
                if m["leaked"] and not m["caught"]["new-page"]
            ]
    print("| mutation | " + " | ".join(COLUMNS) + " |")
    print("|---|" + "---:|" * len(COLUMNS))
    for kind, counts in totals.items():
        print(f"| {kind} | " + " | ".join(str(counts[c]) for c in COLUMNS) + " |")
    all_counts = sum(totals.values(), Counter[str]())
    print("| **all** | " + " | ".join(f"**{all_counts[c]}**" for c in COLUMNS) + " |")
    leaks, missed = all_counts["leaks"], all_counts["missed"]
    missed_share = missed / leaks if leaks else 0.0
    alarms = verdicts["article"] + verdicts["unknown"]
    alarm_share = alarms / pages if pages else 0.0
    failing = pages - verdicts["passed"]
    print(
        f"\nmissed leaks: {missed} of {leaks} ({missed_share:.1%})\n"
        f"unmutated pages: {pages}, failing a check: {failing} "
        f"({failing / pages if pages else 0:.1%}): only for keys in the page source "
        f"on {verdicts['secrets']}; by the ground truth, the flagged text is "
        f"boilerplate on {verdicts['boilerplate']}, article text on "
        f"{verdicts['article']}, cannot tell on {verdicts['unknown']}\n"
        f"false alarms (article text or cannot tell): {alarms} ({alarm_share:.1%})\n"
        f"targets: at most {TARGET:.0%} each"
    )
    if options.show:
        print("\n".join(shown))
    return 0 if missed_share <= TARGET and alarm_share <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
