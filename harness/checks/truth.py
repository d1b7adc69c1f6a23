"""The truth check: the record's body against what is known to be right.

One finding per expected snippet missing from the body, one per forbidden
snippet found in it, and one when the body's token F1 against an expected whole
body falls below the threshold, quoting the first sentence missing and the
first one that should not be there.

    findings = check_truth(record, page="seeds/a.html", truth=truth, site=site)
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from harness.jsonpath import excerpt
from harness.model import Finding, Page, Site
from harness.truth import Truth, first_not_in, squeeze, token_score, truth_for

DEFAULT_MIN_F1 = 0.9
"""Token F1 below which a body is wrong. A good extractor scores 0.9 or more on an
annotated article; one paragraph of ten missing or leaked brings F1 just under
0.9, while whitespace, punctuation and a stray caption do not."""

QUOTE_CHARS = 80
"""Snippets and sentences are quoted this short, so a finding stays one line."""

SITE_OPTION = "truth_min_f1"
"""The site option (``options = {truth_min_f1 = 0.8}``) that sets the threshold."""


def truth_findings(
    page: Page,
    record: dict[str, Any],
    *,
    site: Site,
    is_file: Callable[[str], bool] = os.path.isfile,
) -> list[Finding] | None:
    """The truth check on a parsed seed; None when the seed has no expectations.

    ``is_file`` answers whether an expectations file exists (a run's KnownFiles).
    """
    from harness.errors import HarnessError

    try:
        truth = truth_for(page, is_file=is_file)
    except HarnessError as e:
        return [Finding("truth", page.name, "", "expectations", str(e))]
    if truth is None:
        return None
    return check_truth(record, page=page.name, truth=truth, site=site)


def check_truth(
    record: dict[str, Any], *, page: str, truth: Truth, site: Site
) -> list[Finding]:
    """Every way the record's body differs from the expectations."""
    blocks = body_blocks(record)
    text = "\n".join(blocks)
    squeezed = squeeze(text)
    hint = f"if the expectation is out of date, edit {truth.source}"
    findings = [
        Finding(
            "truth",
            page,
            "body",
            "missing",
            f"expected text is not in the body: {quoted(snippet)}",
            expected=snippet,
            hint=hint,
        )
        for snippet in truth.with_snippets
        if squeeze(snippet) not in squeezed
    ]
    for snippet in truth.without_snippets:
        if squeeze(snippet) in squeezed:
            findings.append(
                Finding(
                    "truth",
                    page,
                    where(blocks, snippet),
                    "leaked",
                    f"text that must not be in the body is there: {quoted(snippet)}",
                    value=snippet,
                    hint=hint,
                )
            )
    if truth.body is not None:
        findings += body_f1(text, page=page, truth=truth, site=site, hint=hint)
    return findings


def body_f1(
    text: str, *, page: str, truth: Truth, site: Site, hint: str
) -> list[Finding]:
    assert truth.body is not None
    least = min_f1(truth, site)
    score = token_score(text, truth.body)
    if score.f1 >= least:
        return []
    message = (
        f"body token F1 {score.f1:.2f} is below {least:.2f} "
        f"(precision {score.precision:.2f}, recall {score.recall:.2f})"
    )
    if missing := first_not_in(truth.body, text):
        message += f"; first missing sentence: {quoted(missing)}"
    if extra := first_not_in(text, truth.body):
        message += f"; first extra sentence: {quoted(extra)}"
    value = {
        "f1": round(score.f1, 4),
        "precision": round(score.precision, 4),
        "recall": round(score.recall, 4),
    }
    return [Finding("truth", page, "body", "body-f1", message, value, least, hint)]


def min_f1(truth: Truth, site: Site) -> float:
    """The seed's own threshold, else the site's option, else the default."""
    if truth.min_f1 is not None:
        return truth.min_f1
    option = site.options.get(SITE_OPTION, DEFAULT_MIN_F1)
    return float(option) if isinstance(option, int | float) else DEFAULT_MIN_F1


def body_blocks(record: dict[str, Any]) -> list[str]:
    """The body's texts: a list of ``{"text": ...}`` blocks or strings, or one string."""
    body = record.get("body")
    if isinstance(body, str):
        return [body]
    if not isinstance(body, list):
        return []
    texts = (block.get("text") if isinstance(block, dict) else block for block in body)
    return [text for text in texts if isinstance(text, str)]


def where(blocks: list[str], snippet: str) -> str:
    """``body[3].text`` when one block holds the snippet, else ``body``."""
    wanted = squeeze(snippet)
    for at, block in enumerate(blocks):
        if wanted in squeeze(block):
            return f"body[{at}].text"
    return "body"


def quoted(text: str) -> str:
    """Text for a one-line message: whitespace collapsed, cut, in quotes."""
    return f'"{excerpt(" ".join(text.split()), limit=QUOTE_CHARS)}"'
