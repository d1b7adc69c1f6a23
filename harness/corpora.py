"""Shared corpora read in place: their ground-truth files as ``truth`` expectations.

A corpus is a folder of pages with the annotation beside it, in the corpus' own
format; nothing is copied or converted. For a page, the page's folder and its
parent are searched, and the first format that knows the page answers:

- ``cleaned/<stem>.txt`` beside the page's folder (chinese-wced: ``original/`` and
  ``cleaned/``): the annotated main text, as the expected body;
- ``ground-truth.json`` keyed by the page's file name, with or without ``.gz``, or
  by its stem: an entry with ``with`` / ``without`` (trafilatura-eval) gives
  snippets, an entry with ``articleBody`` (scrapinghub-aeb) the expected body.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from harness.errors import PageError
from harness.pages import page_suffixes
from harness.truth import Truth, read_json_object

GROUND_TRUTH = "ground-truth.json"
CLEANED = "cleaned"


def corpus_truth(
    page: Path, *, is_file: Callable[[str], bool] = os.path.isfile
) -> Truth | None:
    """The corpus' expectations for ``page``, or None when no corpus knows it.

    ``is_file`` answers whether a file exists (a run's KnownFiles); the places
    looked at are strings until one is found, as a run asks for every seed.
    """
    cleaned_name = page_stem(page) + ".txt"
    for folder in (page.parent, page.parent.parent):
        if is_file(cleaned := os.path.join(folder, CLEANED, cleaned_name)):
            return Truth(source=cleaned, body=read_text(Path(cleaned)))
        if is_file(ground := os.path.join(folder, GROUND_TRUTH)):
            file = Path(ground)
            entries = read_json_object(file)
            for key in page_keys(page):
                if key in entries:
                    return from_ground_truth(entries[key], source=f"{file} [{key!r}]")
    return None


def from_ground_truth(entry: Any, *, source: str) -> Truth | None:
    """One entry of a corpus' ground-truth.json, in whichever format it is."""
    if not isinstance(entry, Mapping):
        return None
    if "with" in entry or "without" in entry:
        return Truth.from_json(
            {key: entry.get(key, []) for key in ("with", "without")}, source=source
        )
    body = entry.get("articleBody")
    return Truth(source=source, body=body) if isinstance(body, str) else None


def page_keys(page: Path) -> Iterator[str]:
    """``a.html.gz``, ``a.html``, ``a``: how corpora name a page."""
    yield page.name
    if page.name.endswith(".gz"):
        yield page.name[:-3]
    yield page_stem(page)


def page_stem(page: Path) -> str:
    """The file name without its page suffix and ``.gz``."""
    suffix, gzipped = page_suffixes(page) or ("", False)
    return page.name[: len(page.name) - len(suffix) - (3 if gzipped else 0)]


def read_text(file: Path) -> str:
    try:
        return file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise PageError(f"{file}: cannot read the expected text: {e}") from e
