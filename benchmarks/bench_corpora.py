"""The generic article parser against the shared corpora' ground truth, beside
trafilatura alone, in the same run.

For each corpus in ../shared/corpora, every page goes through

- ``article``: the harness's generic parser (harness decoding, then trafilatura
  with comments kept apart), its body blocks joined by newlines;
- ``trafilatura``: ``trafilatura.extract(page bytes)`` with default options, the
  library alone (its own decoding; comments are part of its text by default).

Scores, per page then averaged over the corpus (``harness.truth.truth_score``,
the truth check's own measures):

- scrapinghub-aeb, chinese-wced: bag-of-tokens F1 of the body against the
  annotated text (``articleBody``; ``cleaned/<uuid>.txt``), each CJK character a
  token;
- trafilatura-eval: the share of its snippets met, ``with`` snippets present
  and ``without`` snippets absent, whitespace ignored.

Pages per second count reading, decompressing, decoding and extracting a page.
Exits 1 when the article parser scores below trafilatura alone on a corpus.

    python benchmarks/bench_corpora.py [--corpora DIR] [--limit N]
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import trafilatura

from harness.corpora import corpus_truth
from harness.model import Site
from harness.pages import load_page
from harness.parsers import get_parser
from harness.truth import Truth, truth_score

ROOT = Path(__file__).resolve().parent.parent
CORPORA = {
    "scrapinghub-aeb": "html/*.html.gz",
    "trafilatura-eval": "html/*.gz",
    "chinese-wced": "original/*.html",
}
SITE = Site(name="bench", parser="article")
COLUMNS = ("corpus", "pages", "score", "article", "trafilatura")
COLUMNS += ("article pages/s", "trafilatura pages/s")


@dataclass(frozen=True)
class Run:
    score: float
    pages_per_second: float


def article_text(path: Path) -> str:
    record = get_parser("article")(load_page(path, name=path.name), site=SITE)
    return "\n".join(block["text"] for block in record["body"])


def library_text(path: Path) -> str:
    raw = path.read_bytes()
    if path.name.endswith(".gz"):
        raw = gzip.decompress(raw)
    return trafilatura.extract(raw) or ""


def measure(extract: Callable[[Path], str], pages: dict[Path, Truth]) -> Run:
    extract(next(iter(pages)))  # warm up: imports, language model
    scores, spent = [], 0.0
    for path, truth in pages.items():
        start = time.perf_counter()
        text = extract(path)
        spent += time.perf_counter() - start
        scores.append(truth_score(text, truth))
    return Run(statistics.fmean(scores), len(pages) / spent)


def annotated_pages(folder: Path, pattern: str, limit: int | None) -> dict[Path, Truth]:
    pages = {}
    for path in sorted(folder.glob(pattern))[:limit]:
        if (truth := corpus_truth(path)) is not None:
            pages[path] = truth
    return pages


def main() -> int:
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument(
        "--corpora", type=Path, default=ROOT.parent / "shared" / "corpora"
    )
    args.add_argument("--limit", type=int, default=None, help="pages per corpus")
    options = args.parse_args()
    if not options.corpora.is_dir():
        print(f"no corpora at {options.corpora} (pass --corpora DIR)", file=sys.stderr)
        return 2
    print("| " + " | ".join(COLUMNS) + " |")
    print("|" + "|".join(["---"] * 3 + ["---:"] * 4) + "|")
    worse = []
    for name, pattern in CORPORA.items():
        pages = annotated_pages(options.corpora / name, pattern, options.limit)
        if not pages:
            print(f"{name}: no annotated pages found, skipped", file=sys.stderr)
            continue
        ours, library = measure(article_text, pages), measure(library_text, pages)
        kind = "snippets met" if name == "trafilatura-eval" else "body token F1"
        print(
            f"| {name} | {len(pages)} | {kind} | {ours.score:.3f} | {library.score:.3f} "
            f"| {ours.pages_per_second:.1f} | {library.pages_per_second:.1f} |",
            flush=True,
        )
        if ours.score < library.score:
            worse.append(name)
    if worse:
        print(f"article scores below trafilatura alone on: {', '.join(worse)}")
    return 1 if worse else 0


if __name__ == "__main__":
    sys.exit(main())
