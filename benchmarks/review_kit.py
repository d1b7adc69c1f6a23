"""The blind review of the detection benchmark's unverified alarms.

On trafilatura-eval the ground truth annotates a few snippets per page, so it
cannot tell whether most flagged texts on unmutated pages are furniture or the
article's own. Reviewers can, from the page. This script builds what they read,
and records what they answered:

    python benchmarks/review_kit.py kit REPORTS OUT
    python benchmarks/review_kit.py record OUT/key.json ANSWERS... --who "..." \
        > benchmarks/reviewed_alarms.json

``kit`` takes the JSON reports of ``bench_detection.py --reports REPORTS`` and
writes ``OUT/kit.md``, ``OUT/instructions.md`` (INSTRUCTIONS, what the
reviewers are told) and ``OUT/key.json`` (which item is which: keep it from
the reviewers). The kit holds, shuffled, one item per distinct flagged text of
a furniture rule on an ``unknown`` page (nothing else shows it right), and
controls whose label the ground truth gives:

- the flagged texts of the pages the ground truth judges: the same rules' kind
  of text, the annotators' verdict on it known;
- annotated ``with`` (article) and ``without`` (boilerplate) snippets of other
  trafilatura-eval pages.

Each item shows its page, how many places of the page hold the text, and for
each place, up to MAX_PLACES, the element chain around it and the page's text
before, in and after that element. A text that cannot be found in its page is
left out (its page stays ``unknown``).

Each reviewer answers every item with a JSON line, ``{"item": N, "verdict":
"article" | "furniture" | "unsure", "reason": "..."}``. ``record`` scores each
reviewer on the controls and writes the review file bench_detection.py reads
(:func:`bench_detection.reviewed_furniture`).
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import sys
from pathlib import Path
from typing import Any

from bench_detection import (
    CORPORA,
    FURNITURE_RULES,
    ROOT,
    about_record,
    article_text,
    boilerplate,
    evidence,
    page_html,
    verdict,
)
from lxml.html import HtmlElement

from harness.corpora import corpus_truth
from harness.furniture import page_body, places
from harness.report.markdown import plural

SNIPPETS = "trafilatura-eval"  # the corpus whose annotated snippets are controls
SNIPPET_CHARS = (8, 120)  # snippet controls as long as the flagged lines
SHUFFLE_SEED = 7
BEFORE, AFTER, INSIDE = 500, 400, 600  # characters of page text shown per place
MAX_PLACES = 12
VERDICTS = ("article", "furniture", "unsure")
BLOCKS = frozenset(
    {
        "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section",
        "article", "aside", "nav", "footer", "header", "table", "tr", "td", "th",
        "br", "dd", "dt", "dl", "blockquote", "pre", "figure", "figcaption", "form",
        "main",
    }
)  # fmt: skip
"""Elements that start a line of the page text the reviewers read."""
START, END = "\ue000", "\ue001"  # private-use marks around the place shown

INSTRUCTIONS = """\
You are annotating web pages for a main-content extraction benchmark, the way
the annotators of a gold standard do. You need nothing but the kit: do not
open other files, and do not run code.

The kit has numbered items. Each gives a page's file name and URL, a QUOTED
TEXT from that page, how many places of the page hold it, and for each place
the chain of HTML elements around it (innermost first, with ids and classes)
and the page's visible text before it, in it (marked >>> <<<) and after it.
A place is an element whose text holds the quoted text's letters; it may hold
more than the quoted text.

For each item decide whether the quoted text belongs to the page's MAIN
CONTENT ("article") or not ("furniture"). Main content is what this page was
published to say: the text its author wrote for it, with its own headings,
lists, tables and notes. Anything else on the page is furniture: what the site
shows around main content, much of it on many of its pages.

Judge from what the kit shows. Where the text sits in the page's markup is a
hint, not proof: sites put their own elements inside the article's container,
and name elements oddly. When the quoted text is at several places and one of
them is main content, answer "article". Say "unsure" when the kit does not let
you decide; do not guess.

Write your answers to OUT as JSON lines, one per item, in item order:
{"item": 1, "verdict": "article" | "furniture" | "unsure", "reason": "<one short sentence>"}
"""
"""What each reviewer is told, with KIT and OUT the files' paths."""


def findings_to_review(reports: Path, corpora: Path) -> list[dict[str, Any]]:
    """One item per distinct flagged text of a furniture rule on each page of
    the reports: unlabelled on an ``unknown`` page when nothing else shows it
    right, labelled (a control) when the ground truth judges it."""
    items: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    for corpus in CORPORA:
        folder = corpora / corpus
        report = json.loads((reports / f"{corpus}.json").read_text(encoding="utf-8"))
        for page in report["pages"]:
            judged = verdict(page, folder)
            if judged not in ("unknown", "article", "boilerplate"):
                continue
            path = folder / "html" / Path(page["page"]).name
            truth = corpus_truth(path)
            html = functools.cache(lambda path=path: page_html(path))
            for finding in about_record(page["alarms"]["new-page"]):
                text, rule = finding.get("value"), finding["rule"]
                if rule not in FURNITURE_RULES or not isinstance(text, str):
                    continue
                item = {"corpus": corpus, "page": path.name, "rule": rule, "text": text}
                if article_text(text, truth):
                    item |= {"kind": "control", "label": "article"}
                elif boilerplate(text, truth):
                    item |= {"kind": "control", "label": "furniture"}
                elif judged == "unknown" and evidence(finding, truth, html) is None:
                    item |= {"kind": "alarm"}
                else:
                    continue
                items.setdefault((corpus, path.name, rule, text), item)
    return list(items.values())


def snippet_controls(
    corpora: Path, count: int, avoid: set[str], rng: random.Random
) -> list[dict[str, Any]]:
    """A few more than ``count`` annotated snippets of pages not in ``avoid``,
    half of each label, one per page."""
    folder = corpora / SNIPPETS
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
                    {"kind": "control", "label": label, "corpus": SNIPPETS,
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
) -> tuple[int, list[tuple[str, str, str, str]]] | None:
    """How many places (innermost elements) of the page hold ``text``, and for
    each of the first MAX_PLACES: its element chain and the page text before,
    in and after it. None when no place holds it."""
    html = page_html(path)
    root = page_body(html) if html is not None else None
    count = len(places(root, text)) if root is not None else 0
    if html is None or not count:
        return None
    shown = []
    for index in range(min(count, MAX_PLACES)):
        root = page_body(html)  # afresh: marking a place changes the tree
        assert root is not None
        element = places(root, text)[index]
        chain = element_chain(element)
        try:
            element.text = START + (element.text or "")
            element.tail = END + (element.tail or "")
        except ValueError:  # control characters in the page's text
            continue
        before, _, rest = page_text(root).partition(START)
        inside, _, after = rest.partition(END)
        shown.append((chain, before[-BEFORE:], inside[:INSIDE], after[:AFTER]))
    return count, shown


def write_kit(reports: Path, out: Path, corpora: Path) -> None:
    rng = random.Random(SHUFFLE_SEED)
    flagged = findings_to_review(reports, corpora)
    alarms = [item for item in flagged if item["kind"] == "alarm"]
    avoid = {item["page"] for item in flagged}
    controls = snippet_controls(corpora, len(alarms), avoid, rng)
    urls = json.loads(
        (corpora / SNIPPETS / "ground-truth.json").read_text(encoding="utf-8")
    )
    shown = []
    for item in flagged + controls:
        found = context(corpora / item["corpus"] / "html" / item["page"], item["text"])
        if found is None:
            print(f"left out, not found in its page: {item}", file=sys.stderr)
        else:
            shown.append((item, found))
    rng.shuffle(shown)
    lines = []
    for number, (item, (count, around)) in enumerate(shown, 1):
        item["item"] = number
        url = urls.get(item["page"].removesuffix(".gz"), {}).get("url", "?")
        lines += [
            f"## ITEM {number}",
            f"page: {item['page']}  url: {url}",
            f"QUOTED TEXT: {item['text']}",
            f"{plural(count, 'place')} of the page "
            + ("holds it" if count == 1 else "hold it")
            + (f"; the first {len(around)} are shown" if count > len(around) else ""),
        ]
        for place, (chain, before, inside, after) in enumerate(around, 1):
            lines += [
                f"place {place}, in: {chain}",
                "```", before, f">>>{inside}<<<", after, "```",
            ]  # fmt: skip
        lines.append("")
    out.mkdir(parents=True, exist_ok=True)
    (out / "kit.md").write_text("\n".join(lines), encoding="utf-8")
    (out / "instructions.md").write_text(INSTRUCTIONS, encoding="utf-8")
    key = json.dumps([item for item, _ in shown], ensure_ascii=False, indent=1)
    (out / "key.json").write_text(key, encoding="utf-8")
    kinds = [item["kind"] for item, _ in shown]
    print(f"{kinds.count('alarm')} flagged texts, {kinds.count('control')} controls")


def read_answers(file: Path, items: set[int]) -> dict[int, dict[str, Any]]:
    """A reviewer's answers, one per item, each a known verdict."""
    lines = file.read_text(encoding="utf-8").splitlines()
    answered = {a["item"]: a for a in map(json.loads, filter(str.strip, lines))}
    if set(answered) != items:
        missing, extra = sorted(items - set(answered)), sorted(set(answered) - items)
        raise SystemExit(f"{file}: no answer to items {missing}; unknown items {extra}")
    if odd := sorted(n for n, a in answered.items() if a["verdict"] not in VERDICTS):
        raise SystemExit(f"{file}: items {odd} answer none of {VERDICTS}")
    return answered


def score(answered: dict[int, dict[str, Any]], key: dict[int, Any]) -> dict[str, int]:
    """A reviewer's answers to the controls, against their labels."""
    counts = dict.fromkeys(("right", "wrong", "unsure", "article_as_furniture"), 0)
    for number, item in key.items():
        if item["kind"] != "control":
            continue
        said = answered[number]["verdict"]
        counts[
            "unsure"
            if said == "unsure"
            else "right"
            if said == item["label"]
            else "wrong"
        ] += 1
        counts["article_as_furniture"] += (
            item["label"] == "article" and said == "furniture"
        )
    return counts


def record(key_file: Path, answer_files: list[Path], who: str) -> dict[str, Any]:
    """The review file: each reviewer's score on the controls, and the
    verdicts on each flagged text."""
    key = {item["item"]: item for item in json.loads(key_file.read_text("utf-8"))}
    answers = [read_answers(file, set(key)) for file in answer_files]
    texts = [
        {"corpus": item["corpus"], "page": item["page"], "rule": item["rule"],
         "text": item["text"],
         "verdicts": [a[number]["verdict"] for a in answers],
         "reasons": [a[number]["reason"] for a in answers]}
        for number, item in sorted(key.items())
        if item["kind"] == "alarm"
    ]  # fmt: skip
    controls = [score(answered, key) for answered in answers]
    about = __doc__.split("\n\n")[0]
    return {"about": about, "reviewers": who, "controls": controls, "texts": texts}


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
