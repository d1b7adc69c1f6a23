"""The reduced run judges a mutant exactly as the whole run would."""

from __future__ import annotations

from typing import Any

from harness.corpus import CorpusRecord, CorpusSettings, corpus_findings
from harness.mutate.corpus import CorpusContext

FOOTER = "Copyright the Daily Example, all rights reserved worldwide"
TITLES = [
    "Council extends the opening hours of the public pools",
    "Engineers race to build a better battery for city buses",
    "Five things to know before the markets open on Monday",
    "A quiet mountain town finds sudden fame on social media",
]


def record(index: int, *extra: str) -> dict[str, Any]:
    own = f"Page {index} has its own long paragraph of article text, number {index}."
    texts = [own, *extra]
    return {
        "title": TITLES[index],
        "body": [{"kind": "paragraph", "text": t} for t in texts],
    }


def test_mutant_findings_match_the_whole_run() -> None:
    """Borrowed titles and recurring blocks come out as corpus_findings says."""
    originals = [
        CorpusRecord(f"p{i}.html", "news", record(i, FOOTER if i < 2 else "x"))
        for i in range(4)
    ]
    context = CorpusContext(originals, CorpusSettings())
    mutant = record(3, FOOTER, TITLES[1], "Nothing borrowed in this plain sentence.")
    run = [*originals[:3], CorpusRecord("p3.html", "news", mutant)]
    whole = [
        (f.rule, f.path, f.value)
        for f in corpus_findings(run)
        if f.page == "p3.html" and f.rule in ("borrowed_title", "recurring_block")
    ]
    reduced = [
        (f.rule, f.path, f.value)
        for f in context.mutant_findings("p3.html", "news", mutant)
    ]
    assert sorted(reduced) == sorted(whole)
    assert {rule for rule, _, _ in reduced} == {"borrowed_title", "recurring_block"}
