"""The blind review of the detection benchmark's unverified alarms.

On trafilatura-eval the ground truth annotates a few snippets per page, so it
cannot tell whether most flagged texts on unmutated pages are furniture or the
article's own. People (or independent reviewers) can, from the page. This
script builds what they read, and records what they answered:

    python benchmarks/review_kit.py kit REPORTS OUT
    python benchmarks/review_kit.py record OUT/key.json ANSWERS... --who "..." \
        > benchmarks/reviewed_alarms.json

``kit`` takes the JSON reports of ``bench_detection.py --reports REPORTS`` and
writes ``OUT/kit.md`` and ``OUT/key.json``. The kit holds, in a shuffled order,
each flagged text of an ``unknown`` page (a finding that neither the ground truth
nor the page's markup shows right) and as many control texts of other
trafilatura-eval pages, drawn from their annotated ``with`` (article) and
``without`` (boilerplate) snippets; for each, the page, where the text sits in
its markup and the page's text around every place it appears. ``OUT/instructions.md`` is what the
reviewers are told (INSTRUCTIONS). The key says which item is which:
keep it from the reviewers. A text that cannot be found in its page is left out
(its page stays ``unknown``).

Each reviewer answers every item with a JSON line, ``{"item": N, "verdict":
"article" | "furniture" | "unsure", "reason": "..."}``. ``record`` scores each
reviewer on the controls and writes the review file bench_detection.py reads: a
flagged text clears its finding only when every reviewer called it furniture.
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import sys
from pathlib import Path
from typing import Any

from bench_detection import CORPORA, ROOT, evidence, page_html, verdict
from lxml.html import HtmlElement

from harness.corpora import corpus_truth
from harness.furniture import page_body, places
from harness.report.markdown import plural

CONTROLS = "trafilatura-eval"
SNIPPET_CHARS = (8, 120)  # controls as long as the flagged lines
SHUFFLE_SEED = 7
BEFORE, AFTER = 900, 700  # characters of page text shown around the text
MAX_PLACES = 12  # places shown of a text that appears more often
BLOCKS = frozenset(
    {
        "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section",
        "article", "aside", "nav", "footer", "header", "table", "tr", "td", "th",
        "br", "dd", "dt", "dl", "blockquote", "pre", "figure", "figcaption", "form",
        "main",
    }
)  # fmt: skip
"""Elements that start a line of the page text the reviewers read."""


INSTRUCTIONS = """\
You are annotating web pages for a main-content extraction benchmark, the way
the annotators of a gold standard do. Read ONLY the file KIT; do not open any
other file under /work/notes, do not run any project code, and do not look at
/work/main or /work/shared. You need nothing but the kit.

The kit has numbered items. Each gives a page's file name and URL, a QUOTED
TEXT from that page, where the text sits in the page's HTML (the chain of
elements around it, innermost first, with their ids and classes), and the
page's visible text around it, the quoted text marked >>> <<<.

For each item decide whether the quoted text belongs to the page's MAIN
CONTENT or to PAGE FURNITURE:

- main content ("article"): the article, post, document or product text a
  reader came to the page for, including its own headings, lists, tables,
  captions, footnotes, the author's own closing notes, and an author's or
  publisher's line that is part of that text;
- page furniture ("furniture"): anything the site puts around or after the
  content on many pages: navigation, menus, breadcrumbs, lists of related,
  recommended, popular or recent articles and their headings ("See also",
  "Lesen Sie auch" when it heads such a list), tag and category lists,
  sharing, follow-us, newsletter and subscription prompts, app promos,
  comment sections, sidebars, footers, ads, cookie notices, rating widgets.

Judge from the context the kit gives: what is around the text, and the
element it sits in. A text can be furniture even inside the article's
container (a newsletter box a theme puts inside the post), and main content
even in an oddly named element. A heading is main content when it heads a part
of the article's own text; it is furniture when it heads a widget's list of
links. Say "unsure" when the kit does not let you decide; do not guess.

A text may appear in several places of a page; the kit shows each (up to 12).
It is "furniture" only when every place is furniture: when one place is main
content, answer "article", since it may be that copy the item is about.

Write your answers to OUT as JSON lines, one per item, in item order:
{"item": 1, "verdict": "article" | "furniture" | "unsure", "reason": "<one short sentence>"}
"""
"""What each reviewer was told, with KIT and OUT the files' paths (the review
of 2026-11-26 ran in helper sessions of this workplace, hence the paths), and
that another reviewer works apart on the same kit."""


def alarm_items(reports: Path, corpora: Path) -> list[dict[str, Any]]:
    """Each flagged text of an ``unknown`` page that nothing else shows right."""
    items = []
    for corpus in CORPORA:
        folder = corpora / corpus
        report = json.loads((reports / f"{corpus}.json").read_text(encoding="utf-8"))
        for page in report["pages"]:
            if verdict(page, folder) != "unknown":
                continue
            path = folder / "html" / Path(page["page"]).name
            truth = corpus_truth(path)
            html = functools.cache(lambda path=path: page_html(path))
            for finding in page["alarms"]["new-page"]:
                if finding["rule"] == "no_secrets" and finding["path"].startswith(
                    "line "
                ):
                    continue  # keys in the page source: about the page
                value = finding.get("value")
                if isinstance(value, str) and evidence(finding, truth, html) is None:
                    items.append(
                        {"kind": "alarm", "corpus": corpus, "page": path.name,
                         "rule": finding["rule"], "text": value}
                    )  # fmt: skip
    return items


def control_items(
    corpora: Path, count: int, avoid: set[str], rng: random.Random
) -> list[dict[str, Any]]:
    """A few more than ``count`` annotated snippets of pages not in ``avoid``,
    half of each label, one per page."""
    folder = corpora / CONTROLS
    names = sorted(path.name for path in (folder / "html").glob("*.gz"))
    rng.shuffle(names)
    wanted = {"article": count // 2 + 3, "furniture": count // 2 + 3}
    controls = []
    for name in names:
        if name in avoid or not any(wanted.values()):
            continue
        truth = corpus_truth(folder / "html" / name)
        if truth is None:
            continue
        for label, snippets in (
            ("article", truth.with_snippets),
            ("furniture", truth.without_snippets),
        ):
            fitting = [
                s for s in snippets if SNIPPET_CHARS[0] <= len(s) <= SNIPPET_CHARS[1]
            ]
            if wanted[label] and fitting:
                controls.append(
                    {"kind": "control", "label": label, "corpus": CONTROLS,
                     "page": name, "rule": None, "text": rng.choice(fitting)}
                )  # fmt: skip
                wanted[label] -= 1
                break
    return controls


def element_chain(element: HtmlElement | None) -> str:
    """``tag#id.class`` of the element and up to nine ancestors."""
    chain: list[str] = []
    while element is not None and len(chain) < 10:
        if isinstance(element.tag, str):
            ident, classes = element.get("id"), element.get("class")
            chain.append(
                element.tag
                + (f"#{ident}" if ident else "")
                + (f".{'.'.join(classes.split())}" if classes else "")
            )
        element = element.getparent()
    return " < ".join(chain)


def page_text(root: HtmlElement) -> str:
    """The body's text, a line per block element (the tree is changed)."""
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag in BLOCKS:
            try:
                element.tail = "\n" + (element.tail or "")
                element.text = "\n" + (element.text or "")
            except ValueError:  # control characters in the page's text
                pass
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


def context(
    path: Path, text: str
) -> tuple[list[str], list[tuple[str, str, str]]] | None:
    """(element chains, each place's (text before, the text as found, text
    after)), every place the text appears in the page; None when it cannot be
    found there."""
    html = page_html(path)
    root = page_body(html) if html is not None else None
    if root is None:
        return None
    found = places(root, text)
    if not found:
        return None
    chains = [element_chain(element) for element in found[:MAX_PLACES]]
    page = page_text(root)
    start = " ".join(text.split())[:40]
    starts = _all(page, start) or _all(page.casefold(), start.casefold())
    if not starts:
        return None
    # Each place less widely when there are several: the kit stays readable.
    before, after = (BEFORE, AFTER) if len(starts) == 1 else (BEFORE // 2, AFTER // 2)
    shown = [
        (page[max(0, at - before) : at], page[at : at + len(start)],
         page[at + len(start) : at + len(start) + after])
        for at in starts[:MAX_PLACES]
    ]  # fmt: skip
    return chains, shown


def _all(text: str, part: str) -> list[int]:
    """Where ``part`` starts in ``text``, each time."""
    found, at = [], text.find(part)
    while at >= 0:
        found.append(at)
        at = text.find(part, at + 1)
    return found


def write_kit(reports: Path, out: Path, corpora: Path) -> None:
    rng = random.Random(SHUFFLE_SEED)
    alarms = alarm_items(reports, corpora)
    controls = control_items(corpora, len(alarms), {a["page"] for a in alarms}, rng)
    urls = json.loads(
        (corpora / CONTROLS / "ground-truth.json").read_text(encoding="utf-8")
    )
    shown = []
    for item in alarms + controls:
        found = context(corpora / item["corpus"] / "html" / item["page"], item["text"])
        if found is None:
            print(f"left out, not found in its page: {item}", file=sys.stderr)
        else:
            shown.append((item, found))
    rng.shuffle(shown)
    lines = []
    for number, (item, (chains, around)) in enumerate(shown, 1):
        item["item"] = number
        url = urls.get(item["page"].removesuffix(".gz"), {}).get("url", "?")
        lines += [
            f"## ITEM {number}",
            f"page: {item['page']}  url: {url}",
            f"QUOTED TEXT: {item['text']}",
            f"it appears in {plural(len(around), 'place')} of the page text",
            "where it sits in the HTML (innermost element first): ",
            *(f"  - {chain}" for chain in chains),
        ]
        for place, (before, hit, after) in enumerate(around, 1):
            lines += [
                f"place {place}: page text around it (>>> marks the quoted text):",
                "```", before, f">>>{hit}<<<", after, "```",
            ]  # fmt: skip
        lines.append("")
    out.mkdir(parents=True, exist_ok=True)
    (out / "kit.md").write_text("\n".join(lines), encoding="utf-8")
    (out / "instructions.md").write_text(INSTRUCTIONS, encoding="utf-8")
    key = [item for item, _ in shown]
    (out / "key.json").write_text(json.dumps(key, ensure_ascii=False, indent=1))
    kinds = [item["kind"] for item in key]
    print(f"{kinds.count('alarm')} flagged texts, {kinds.count('control')} controls")


def record(key_file: Path, answer_files: list[Path], who: str) -> dict[str, Any]:
    """The review file: each reviewer's score on the controls, and the
    verdicts on each flagged text."""
    key = {item["item"]: item for item in json.loads(key_file.read_text())}
    answers = []
    for file in answer_files:
        lines = file.read_text(encoding="utf-8").splitlines()
        answered = {a["item"]: a for a in map(json.loads, filter(str.strip, lines))}
        if set(answered) != set(key):
            raise SystemExit(
                f"{file}: answers items {sorted(answered)}, not {len(key)}"
            )
        answers.append(answered)
    scores = []
    for answered in answers:
        score = {"right": 0, "wrong": 0, "unsure": 0}
        for number, item in key.items():
            if item["kind"] == "control":
                said = answered[number]["verdict"]
                right = said == item["label"]
                score[
                    "unsure" if said == "unsure" else "right" if right else "wrong"
                ] += 1
        scores.append(score)
    texts = [
        {"corpus": item["corpus"], "page": item["page"], "rule": item["rule"],
         "text": item["text"],
         "verdicts": [a[number]["verdict"] for a in answers],
         "reasons": [a[number]["reason"] for a in answers]}
        for number, item in sorted(key.items())
        if item["kind"] == "alarm"
    ]  # fmt: skip
    about = __doc__.split("\n\n")[0]
    return {"about": about, "reviewers": who, "controls": scores, "texts": texts}


def main() -> int:
    args = argparse.ArgumentParser(description=__doc__)
    commands = args.add_subparsers(dest="command", required=True)
    kit = commands.add_parser("kit")
    kit.add_argument("reports", type=Path)
    kit.add_argument("out", type=Path)
    kit.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    recorded = commands.add_parser("record")
    recorded.add_argument("key", type=Path)
    recorded.add_argument("answers", type=Path, nargs="+")
    recorded.add_argument("--who", required=True, help="who the reviewers were")
    options = args.parse_args()
    if options.command == "kit":
        write_kit(options.reports, options.out, options.corpora)
    else:
        review = record(options.key, options.answers, options.who)
        print(json.dumps(review, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
