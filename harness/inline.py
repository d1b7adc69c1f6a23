"""Word-level differences inside a changed string (character-level for CJK).

:func:`inline` finds the words that changed; :func:`render_inline` shows them as
text (``[-old-]{+new+}``), Markdown or HTML; :func:`clip_inline` shortens them
for a one-line message.
"""

from __future__ import annotations

import html
import re
import string
import unicodedata
from collections import Counter
from collections.abc import Sequence
from difflib import SequenceMatcher
from typing import Literal

SegmentKind = Literal["equal", "delete", "insert"]
Segment = tuple[SegmentKind, str]
InlineStyle = Literal["text", "markdown", "html"]

INLINE_CHARS = 160
"""About how long the inline form of a changed string is in a message."""
CONTEXT_CHARS = 30
"""Unchanged characters kept on each side of a change in that form."""


# -- inside a changed string ----------------------------------------------------

CJK = (
    "\u1100-\u11ff"  # Hangul jamo
    "\u3040-\u30ff"  # hiragana, katakana
    "\u3130-\u318f"  # Hangul compatibility jamo
    "\u31f0-\u31ff"  # katakana extensions
    "\u3400-\u4dbf"  # Han, extension A
    "\u4e00-\u9fff"  # Han
    "\uac00-\ud7af"  # Hangul syllables
    "\uf900-\ufaff"  # Han compatibility ideographs
    "\uff66-\uff9f"  # half-width katakana
    "\U00020000-\U0003134f"  # Han, extensions B to H
)
"""Scripts written without spaces between words: each character is a token."""

# A CJK character, a run of other word characters, a run of whitespace, or any
# other single character (punctuation); together they cover every string.
_TOKEN = re.compile(rf"[{CJK}]|[^\W{CJK}]+|\s+|.", re.DOTALL)


def tokenize(text: str) -> list[str]:
    """Words, whitespace runs and single punctuation marks; CJK one character each."""
    return _TOKEN.findall(text)


def inline(
    old: str, new: str
) -> list[tuple[Literal["equal", "delete", "insert"], str]]:
    """A word-level diff of two strings (character-level for CJK).

    Joining the "equal" and "delete" segments gives ``old``; joining the
    "equal" and "insert" segments gives ``new``.
    """
    segments: list[Segment] = []
    for piece in _fold_spaces(_diff_tokens(tokenize(old), tokenize(new))):
        if isinstance(piece, str):
            segments.append(("equal", piece))
            continue
        deleted, inserted = piece
        if deleted:
            segments.append(("delete", deleted))
        if inserted:
            segments.append(("insert", inserted))
    return segments


Piece = str | tuple[str, str]
"""Unchanged text, or (deleted, inserted)."""

COMPARISON_BUDGET = 20_000
"""difflib is quadratic on repetitive text (a 5,000-character Chinese paragraph
of repeated phrases took minutes). Past about this many token comparisons,
strings are matched sentence by sentence first."""

_SENTENCE_END = frozenset(".!?;。！？；")


def _diff_tokens(
    a: list[str], b: list[str], *, by_sentence: bool = True
) -> list[Piece]:
    # Common ends first: one word edited in a long paragraph is a short diff.
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    middle_a, middle_b = a[start : len(a) - end], b[start : len(b) - end]
    if not (middle_a and middle_b):
        middle: list[Piece] = [("".join(middle_a), "".join(middle_b))]
    elif _comparisons(middle_a, middle_b) <= COMPARISON_BUDGET:
        middle = _matched(middle_a, middle_b)
    elif by_sentence:
        middle = _matched_by_sentence(middle_a, middle_b)
    else:
        middle = [("".join(middle_a), "".join(middle_b))]
    return _merged(["".join(a[:start]), *middle, "".join(a[len(a) - end :])])


def _comparisons(a: Sequence[str], b: Sequence[str]) -> int:
    """Roughly what one longest-match search of difflib costs: pairs of equal tokens."""
    counts = Counter(b)
    return sum(counts[token] for token in a)


def _matched(a: Sequence[str], b: Sequence[str]) -> list[Piece]:
    pieces: list[Piece] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append("".join(a[i1:i2]))
        else:
            pieces.append(("".join(a[i1:i2]), "".join(b[j1:j2])))
    return pieces


def _matched_by_sentence(a: list[str], b: list[str]) -> list[Piece]:
    """Sentences matched first, then the words of sentences changed in place."""
    sa, sb = _sentences(a), _sentences(b)
    keys_a, keys_b = ["".join(s) for s in sa], ["".join(s) for s in sb]
    if _comparisons(keys_a, keys_b) > COMPARISON_BUDGET:
        return [("".join(a), "".join(b))]
    pieces: list[Piece] = []
    matcher = SequenceMatcher(a=keys_a, b=keys_b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append("".join(keys_a[i1:i2]))
        elif i2 - i1 == j2 - j1:
            for k in range(i2 - i1):
                pieces += _diff_tokens(sa[i1 + k], sb[j1 + k], by_sentence=False)
        else:
            run_a = [t for s in sa[i1:i2] for t in s]
            run_b = [t for s in sb[j1:j2] for t in s]
            pieces += _diff_tokens(run_a, run_b, by_sentence=False)
    return _merged(pieces)


def _sentences(tokens: list[str]) -> list[list[str]]:
    """Tokens cut after each sentence-ending mark and each line break."""
    sentences: list[list[str]] = [[]]
    for token in tokens:
        sentences[-1].append(token)
        if token in _SENTENCE_END or "\n" in token:
            sentences.append([])
    return [s for s in sentences if s]


def _merged(pieces: list[Piece]) -> list[Piece]:
    """Neighbouring unchanged texts joined, and neighbouring changes; empties dropped."""
    merged: list[Piece] = []
    for piece in pieces:
        if not piece or piece == ("", ""):
            continue
        last = merged[-1] if merged else None
        if isinstance(piece, str) and isinstance(last, str):
            merged[-1] = last + piece
        elif isinstance(piece, tuple) and isinstance(last, tuple):
            merged[-1] = (last[0] + piece[0], last[1] + piece[1])
        else:
            merged.append(piece)
    return merged


def _fold_spaces(pieces: list[Piece]) -> list[Piece]:
    """Replacements separated by spaces alone (no line break) become one, so a
    reworded phrase reads ``[-the quick brown-]{+a slow red+}``, not word by word."""
    folded: list[Piece] = []
    for piece in pieces:
        if (
            isinstance(piece, tuple)
            and all(piece)
            and len(folded) >= 2
            and isinstance(space := folded[-1], str)
            and space.isspace()
            and "\n" not in space
            and isinstance(before := folded[-2], tuple)
            and all(before)
        ):
            del folded[-2:]
            piece = (before[0] + space + piece[0], before[1] + space + piece[1])
        folded.append(piece)
    return folded


def render_inline(
    segments: Sequence[tuple[Literal["equal", "delete", "insert"], str]],
    *,
    style: InlineStyle,
) -> str:
    """Segments of :func:`inline` as one string.

    ``text``: ``[-old-]{+new+}``, as ``git diff --word-diff`` shows them.
    ``markdown``: ``~~old~~**new**``, Markdown characters escaped, markers
    placed so that GitHub renders them. ``html``: ``<del>old</del><ins>new</ins>``,
    every piece escaped. Newlines are kept as they are.
    """
    if style == "text":
        marks = {"equal": "{}", "delete": "[-{}-]", "insert": "{{+{}+}}"}
        return "".join(marks[kind].format(text) for kind, text in segments)
    if style == "html":
        tags = {"equal": "{}", "delete": "<del>{}</del>", "insert": "<ins>{}</ins>"}
        return "".join(tags[kind].format(html.escape(text)) for kind, text in segments)
    if style == "markdown":
        return _markdown(segments)
    raise ValueError(f"unknown inline style {style!r}; known: text, markdown, html")


def clip_inline(
    segments: Sequence[Segment],
    *,
    limit: int = INLINE_CHARS,
    context: int = CONTEXT_CHARS,
) -> list[Segment]:
    """Segments shortened for a one-line message: from a little before the first
    change, long unchanged stretches cut to "…", about ``limit`` characters."""
    first = next((k for k, (kind, _) in enumerate(segments) if kind != "equal"), None)
    if first is None:
        return [(kind, _head(text, limit)) for kind, text in segments]
    last = len(segments) - 1
    clipped: list[Segment] = []
    used = 0
    for k in range(max(first - 1, 0), len(segments)):
        kind, text = segments[k]
        room = limit - used
        if room < 10 and k > first:
            if not clipped[-1][1].endswith("…"):
                clipped.append(("equal", "…"))
            break
        if kind == "equal":
            if k < first:
                text = _tail(text, context)
            elif k == last:
                text = _head(text, context)
            elif len(text) > 2 * context:
                text = _head(text, context) + _tail(text, context)[1:]
        text = _head(text, max(room, 10))
        clipped.append((kind, text))
        used += len(text) + (0 if kind == "equal" else 4)  # 4: the markers
    return clipped


def _head(text: str, size: int) -> str:
    """The first ``size`` characters or so, cut after a space when there is one."""
    if len(text) <= size:
        return text
    cut = text.rfind(" ", size // 2, size - 1)
    return text[: cut + 1 if cut > 0 else size - 1] + "…"


def _tail(text: str, size: int) -> str:
    """The last ``size`` characters or so, cut before a space when there is one."""
    if len(text) <= size:
        return text
    start = len(text) - size + 1
    space = text.find(" ", start, len(text) - size // 2)
    return "…" + text[space if space >= 0 else start :]


# -- Markdown -------------------------------------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&$#])")
_TRAILING_WORD = re.compile(rf"(?:[^\W{CJK}]+|.)\Z", re.DOTALL)
_LEADING_WORD = re.compile(rf"[^\W{CJK}]+|.", re.DOTALL)


def _markdown(segments: Sequence[Segment]) -> str:
    # Unchanged text, or [deleted, inserted]: a change may borrow a word from
    # its neighbours (see _keep_flanking), so both sides stay mutable.
    pieces: list[str | list[str]] = []
    for kind, text in segments:
        if not text:
            continue
        if kind == "equal":
            if pieces and isinstance(pieces[-1], str):
                pieces[-1] += text
            else:
                pieces.append(text)
        else:
            if text.isspace():  # ~~\n~~ would show nothing
                text = _visible(text)
            if pieces and isinstance(pieces[-1], list):
                pieces[-1][0 if kind == "delete" else 1] += text
            else:
                pieces.append([text, ""] if kind == "delete" else ["", text])
    k = 0
    while k < len(pieces):
        if isinstance(pieces[k], list):
            _keep_flanking(pieces, k)
            # Widening may empty the text between two changes: they become one.
            if k > 1 and pieces[k - 1] == "" and isinstance(pieces[k - 2], list):
                pieces[k - 2] = _joined(pieces[k - 2], pieces[k])
                del pieces[k - 1 : k + 1]
                k -= 2
                continue
            if k + 2 < len(pieces) and pieces[k + 1] == "":
                pieces[k] = _joined(pieces[k], pieces[k + 2])
                del pieces[k + 1 : k + 3]
                continue
        k += 1
    return "".join(
        _md_escape(p) if isinstance(p, str) else _md_change(p[0], p[1]) for p in pieces
    )


def _joined(first: str | list[str], second: str | list[str]) -> list[str]:
    assert isinstance(first, list)
    assert isinstance(second, list)
    return [first[0] + second[0], first[1] + second[1]]


def _visible(space: str) -> str:
    """Whitespace as symbols: ↵ a line break, ⇥ a tab, ␣ any other space."""
    lines = space.replace("\r\n", "\n").replace("\r", "\n")
    return "".join({"\n": "↵", "\t": "⇥"}.get(c, "␣") for c in lines)


def _md_escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _md_change(deleted: str, inserted: str) -> str:
    return _md_mark("~~", deleted) + _md_mark("**", inserted)


def _md_mark(marker: str, text: str) -> str:
    """``~~text~~``, with surrounding whitespace outside the markers, where
    Markdown wants it."""
    if not text:
        return ""
    core = text.strip()
    start = text.index(core)
    lead, trail = text[:start], text[start + len(core) :]
    return f"{lead}{marker}{_md_escape(core)}{marker}{trail}"


def _keep_flanking(pieces: list[str | list[str]], k: int) -> None:
    """Widen change ``k`` by a neighbouring word where Markdown would not see
    its markers: ``a~~,~~**;**`` stays literal text, ``~~a,~~**a;**`` renders.

    CommonMark opens ``~~``/``**`` before punctuation only after whitespace or
    punctuation, and closes them after punctuation likewise.
    """
    change = pieces[k]
    assert isinstance(change, list)
    # A borrowed symbol such as © may itself count as punctuation: borrow again.
    while k > 0 and isinstance(before := pieces[k - 1], str) and before:
        shown = _md_change(*change)
        if not (_word_like(before[-1]) and _punct(shown[2])) or shown[0].isspace():
            break
        word = _TRAILING_WORD.search(before)
        assert word is not None
        pieces[k - 1] = before[: word.start()]
        change[0], change[1] = word[0] + change[0], word[0] + change[1]
    while k + 1 < len(pieces) and isinstance(after := pieces[k + 1], str) and after:
        shown = _md_change(*change)
        if not (_word_like(after[0]) and _punct(shown[-3])) or shown[-1].isspace():
            break
        word = _LEADING_WORD.match(after)
        assert word is not None
        pieces[k + 1] = after[word.end() :]
        change[0], change[1] = change[0] + word[0], change[1] + word[0]


def _punct(char: str) -> bool:
    """Punctuation or a symbol, as CommonMark counts them for emphasis."""
    return char in string.punctuation or unicodedata.category(char)[0] in "PS"


def _word_like(char: str) -> bool:
    """Neither whitespace nor punctuation, by the strictest reading of both."""
    return not (
        char.isspace()
        or char in string.punctuation
        or unicodedata.category(char).startswith("P")
    )
