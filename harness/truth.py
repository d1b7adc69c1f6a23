"""Ground truth for a seed: what its body must say, must contain, must not contain.

Expectations are read, first found wins, from

1. the seed's meta.json: ``"truth": {"body": "...", "with": [...], "without": [...]}``;
2. a ``truth.json`` in the seed's folder: ``{"<seed file name>": {same keys}}``;
3. a shared corpus' own ground-truth files (:mod:`harness.corpora`).

Text is compared the same way everywhere: NFKC, and whitespace ignored for
snippets (annotators copy text with other line breaks than the page's); token
F1 over words, with each Chinese, Japanese or Korean character a token.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from harness.errors import PageError
from harness.model import Page
from harness.pages import meta_name

TRUTH_FILE = "truth.json"
KEYS = {"body", "with", "without", "min_f1"}

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_TOKEN = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+")
_WHITESPACE = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?。！？；;])\s+|(?<=[。！？；])|\n+")


@dataclass(frozen=True)
class Truth:
    """What is known to be right about one seed's record."""

    source: str
    """Where the expectations were read, for messages: a meta.json, truth.json."""
    body: str | None = None
    """The whole expected article text."""
    with_snippets: tuple[str, ...] = ()
    """Text that must appear in the body."""
    without_snippets: tuple[str, ...] = ()
    """Text that must not appear in the body (boilerplate, comments, teasers)."""
    min_f1: float | None = None
    """The body's token F1 below which the check fails; None: the site's or default."""

    @classmethod
    def from_json(cls, data: Any, *, source: str) -> Truth:
        """Expectations from their JSON form; PageError names the source and key."""
        if not isinstance(data, dict):
            raise PageError(f"{source}: truth must be an object with {sorted(KEYS)}")
        if unknown := sorted(set(data) - KEYS):
            raise PageError(
                f"{source}: unknown truth keys {unknown}; known: {sorted(KEYS)}"
            )
        body = data.get("body")
        if body is not None and not isinstance(body, str):
            raise PageError(f"{source}: truth `body` must be a string")
        min_f1 = data.get("min_f1")
        if min_f1 is not None and not (
            isinstance(min_f1, int | float) and 0 <= min_f1 <= 1
        ):
            raise PageError(f"{source}: truth `min_f1` must be a number from 0 to 1")
        return cls(
            source=source,
            body=body,
            with_snippets=_snippets(data, "with", source),
            without_snippets=_snippets(data, "without", source),
            min_f1=min_f1,
        )

    @property
    def empty(self) -> bool:
        return (
            self.body is None and not self.with_snippets and not self.without_snippets
        )


def truth_for(
    page: Page, *, is_file: Callable[[str], bool] = os.path.isfile
) -> Truth | None:
    """The seed's expectations, or None when nothing is known about it.

    ``is_file`` as for :func:`truth_for_seed`.
    """
    return truth_for_seed(page.path, page.meta, name=page.name, is_file=is_file)


def truth_for_seed(
    path: Path,
    meta: Mapping[str, Any],
    *,
    name: str,
    is_file: Callable[[str], bool] = os.path.isfile,
) -> Truth | None:
    """:func:`truth_for` from the seed's location and sidecar meta alone.

    ``is_file`` answers whether a file exists: a run that asks for every seed
    passes a KnownFiles, which lists each folder once.
    """
    from harness.corpora import corpus_truth

    if "truth" in meta:
        found: Truth | None = Truth.from_json(meta["truth"], source=meta_name(name))
    elif is_file(os.path.join(path.parent, TRUTH_FILE)):
        file = path.parent / TRUTH_FILE
        entries = read_json_object(file)
        entry = entries.get(path.name)
        found = None if entry is None else Truth.from_json(entry, source=str(file))
    else:
        found = corpus_truth(path, is_file=is_file)
    return None if found is None or found.empty else found


def read_json_object(file: Path) -> Mapping[str, Any]:
    """A JSON object from a file, read once per version of the file."""
    stat = file.stat()
    return _read_json_object(file, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=16)
def _read_json_object(file: Path, mtime: int, size: int) -> Mapping[str, Any]:
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise PageError(f"{file}: cannot read the expectations: {e}") from e
    if not isinstance(data, dict):
        raise PageError(f"{file}: must hold one JSON object, keyed by seed file name")
    return data


def _snippets(data: Mapping[str, Any], key: str, source: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
        raise PageError(f"{source}: truth `{key}` must be a list of strings")
    return tuple(s for s in value if s.strip())


# -- comparing text --------------------------------------------------------------


def squeeze(text: str) -> str:
    """Text as snippets are matched: NFKC, no whitespace at all."""
    return _WHITESPACE.sub("", unicodedata.normalize("NFKC", text))


def tokens(text: str) -> list[str]:
    """Words, case-folded; each CJK character is a word of its own."""
    return _TOKEN.findall(unicodedata.normalize("NFKC", text).casefold())


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def token_score(found: str, expected: str) -> Score:
    """Bag-of-tokens precision and recall of ``found`` against ``expected``."""
    got, want = Counter(tokens(found)), Counter(tokens(expected))
    if not got and not want:
        return Score(1.0, 1.0)
    common = sum((got & want).values())
    return Score(
        common / sum(got.values()) if got else 0.0,
        common / sum(want.values()) if want else 0.0,
    )


def sentences(text: str) -> list[str]:
    """Sentences and lines of ``text``, stripped, at least two tokens long."""
    parts = (part.strip() for part in _SENTENCE_END.split(text))
    return [part for part in parts if len(tokens(part)) >= 2]


def first_not_in(text: str, other: str) -> str | None:
    """The first sentence of ``text`` that ``other`` does not contain."""
    squeezed = squeeze(other)
    return next((s for s in sentences(text) if squeeze(s) not in squeezed), None)


def truth_score(text: str, truth: Truth) -> float:
    """One number for how well ``text`` meets ``truth``, for benchmarks: token F1
    against the whole body when it is known, else the share of snippets met
    (``with`` present, ``without`` absent)."""
    if truth.body is not None:
        return token_score(text, truth.body).f1
    found = squeeze(text)
    met = sum(squeeze(s) in found for s in truth.with_snippets)
    met += sum(squeeze(s) not in found for s in truth.without_snippets)
    return met / max(1, len(truth.with_snippets) + len(truth.without_snippets))
