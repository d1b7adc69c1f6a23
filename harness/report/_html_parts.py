"""Pieces of the HTML report: a record as a page, the snapshot diff side by side,
and the captured page as source text.

Every string that came from a page, a parser or a file name goes through
:func:`esc` (or ``render_inline``, which escapes too); nothing here builds script.
"""

from __future__ import annotations

import difflib
import html
import json
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness import snapshots
from harness.config import load_config
from harness.errors import HarnessError
from harness.inline import Segment, inline, render_inline, tokenize
from harness.pages import load_page

SOURCE_LIMIT = 200_000
"""Characters of a captured page shown in its source view."""

CONTEXT = 3
"""Unchanged lines shown around each change of the snapshot diff."""

VALUE_CHARS = 300
VALUE_ITEMS = 10
"""How much of a finding's value its table cell shows; the record has it all."""

INLINE_TOKENS = 600
"""Longest differing stretch (tokens of both sides) given a word-level diff."""
MAX_PAIRING = 40_000
"""Largest changed block (old lines × new lines) whose lines are paired by shape."""
MARGIN = 64
"""Characters of common text re-read before a change, so its first word is whole."""

ARTICLE_META = ("series", "uploader", "published", "views", "language")


_SHAPE = re.compile(r'\s*(?:"(?:[^"\\]|\\.)*":|")?')


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def note(text: str) -> str:
    return f'<p class="note">{text}</p>'


# -- where snapshots live ---------------------------------------------------------


@dataclass(frozen=True)
class Snapshots:
    """The project's snapshot layout and each site's volatile paths, re-read from
    its pyproject.toml; ``problem`` says why there is no layout."""

    layout: snapshots.SnapshotLayout | None
    volatile: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    problem: str = ""

    @classmethod
    def of(cls, root: Path) -> Snapshots:
        try:
            config = load_config(root)
        except HarnessError as e:
            return cls(None, problem=str(e))
        volatile = {rule.site.name: rule.site.volatile for rule in config.sites}
        return cls(snapshots.SnapshotLayout(config.seeds, config.snapshots), volatile)

    def diff(self, root: Path, page: str, site: str | None, record: Any) -> str:
        """The seed's snapshot diff, or a note on why there is none."""
        if record is None:
            return note("The parse failed: there is no record to compare.")
        if self.layout is None:
            return note(f"No snapshot to compare with: {esc(self.problem)}")
        volatile = self.volatile.get(site or "", ())
        masked = f"volatile fields masked: {esc(', '.join(volatile) or 'none')}"
        new = snapshots.serialize(record, volatile)
        try:
            file = self.layout.file_for(root / page)
            old = snapshots.read(file)
        except ValueError:
            return note("The page is outside the seeds folder: it has no snapshot.")
        except (OSError, UnicodeDecodeError) as e:
            return note(f"The snapshot cannot be read: {esc(e)}")
        shown = f"<code>{esc(file.relative_to(root) if file.is_relative_to(root) else file)}</code>"
        if old == new:
            return note(f"The record matches its snapshot {shown}; {masked}.")
        if old is None:
            return note(f"No snapshot yet: {shown} does not exist; {masked}.") + (
                side_by_side("", new)
            )
        return note(f"Left {shown}, right this run; {masked}.") + side_by_side(old, new)


# -- the diff ---------------------------------------------------------------------


def side_by_side(old: str | None, new: str) -> str:
    """The snapshot's JSON beside the new record's, changes only, with context."""
    a, b = (old or "").splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    rows: list[str] = []
    i, j = 0, 0  # the first lines not shown yet
    for group in matcher.get_grouped_opcodes(CONTEXT):
        rows += unchanged(a, b, i, group[0][1], j)
        for tag, i1, i2, j1, j2 in group:
            rows += diff_rows(tag, a, b, i1, i2, j1, j2)
        i, j = group[-1][2], group[-1][4]
    rows += unchanged(a, b, i, len(a), j)
    return (
        '<table class="diff"><colgroup><col class="ln"><col class="code">'
        '<col class="ln"><col class="code"></colgroup>'
        '<thead><tr><th colspan="2">snapshot (old)</th><th colspan="2">this run (new)</th>'
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def unchanged(a: list[str], b: list[str], i1: int, i2: int, j1: int) -> list[str]:
    """Equal lines between two changes: folded into one row, unless only a few."""
    lines = i2 - i1
    if lines <= 0:
        return []
    if lines <= 2:
        return diff_rows("equal", a, b, i1, i2, j1, j1 + lines)
    return [f'<tr class="gap"><td colspan="4">⋯ {lines} unchanged lines</td></tr>']


def diff_rows(
    tag: str, a: list[str], b: list[str], i1: int, i2: int, j1: int, j2: int
) -> list[str]:
    if tag == "equal":
        return [
            line_row(i, esc(a[i]), j, esc(b[j]), "same")
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
        ]
    # Pair a changed line with the new line of the same shape (indent and key), so
    # a value edited in place reads word by word and moved structure does not.
    if (i2 - i1) * (j2 - j1) <= MAX_PAIRING:
        shapes = difflib.SequenceMatcher(
            a=[shape(line) for line in a[i1:i2]],
            b=[shape(line) for line in b[j1:j2]],
            autojunk=False,
        ).get_opcodes()
    else:
        shapes = [("replace", 0, i2 - i1, 0, j2 - j1)]
    rows = []
    for op, p1, p2, q1, q2 in shapes:
        if op == "equal":
            rows += [changed_row(a, b, i1 + k, j1 + q1 + k - p1) for k in range(p1, p2)]
            continue
        rows += [
            line_row(i, esc(a[i]), None, "", "deleted") for i in range(i1 + p1, i1 + p2)
        ]
        rows += [
            line_row(None, "", j, esc(b[j]), "inserted")
            for j in range(j1 + q1, j1 + q2)
        ]
    return rows


def shape(line: str) -> str:
    """A JSON line's indent and key (or opening quote): what stays when a value changes."""
    match = _SHAPE.match(line)
    return match[0] if match else ""


def changed_row(a: list[str], b: list[str], i: int, j: int) -> str:
    segments = word_diff(a[i], b[j])
    left = render_inline([s for s in segments if s[0] != "insert"], style="html")
    right = render_inline([s for s in segments if s[0] != "delete"], style="html")
    return line_row(i, left, j, right, "changed")


def word_diff(old: str, new: str, limit: int = INLINE_TOKENS) -> list[Segment]:
    """:func:`harness.inline.inline` on the stretch where two strings differ.

    The common head and tail stay out of the matcher, and a differing stretch
    longer than ``limit`` tokens is marked whole: the matcher slows down
    steeply on long, repetitive text (a 2,000-character line can take seconds).
    """
    same = common_prefix(old, new)
    same_tail = common_prefix(old[same:][::-1], new[same:][::-1])
    if len(old) + len(new) - 2 * (same + same_tail) > 4 * limit:
        start, stop = same, same_tail  # too long to tokenize: cut at characters
        a, b = [old[start : len(old) - stop]], [new[start : len(new) - stop]]
    else:  # from a little before the change, so that words are whole
        start, stop = max(same - MARGIN, 0), max(same_tail - MARGIN, 0)
        a = tokenize(old[start : len(old) - stop])
        b = tokenize(new[start : len(new) - stop])
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    mid_a, mid_b = a[head : len(a) - tail], b[head : len(b) - tail]
    if len(mid_a) + len(mid_b) <= limit and sum(map(len, mid_a + mid_b)) <= 4 * limit:
        middle = inline("".join(mid_a), "".join(mid_b))
    else:
        middle = [("delete", "".join(mid_a)), ("insert", "".join(mid_b))]
    first = old[:start] + "".join(a[:head])
    last = "".join(a[len(a) - tail :]) + old[len(old) - stop :]
    segments = [("equal", first), *middle, ("equal", last)]
    return [(kind, text) for kind, text in segments if text]


def common_prefix(a: str, b: str) -> int:
    """How many leading characters two strings share (binary search on slices)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        mid = (low + high + 1) // 2
        if a[:mid] == b[:mid]:
            low = mid
        else:
            high = mid - 1
    return low


def line_row(i: int | None, left: str, j: int | None, right: str, kind: str) -> str:
    old_no = "" if i is None else str(i + 1)
    new_no = "" if j is None else str(j + 1)
    old_cls = "old" if i is not None else "old none"
    new_cls = "new" if j is not None else "new none"
    return (
        f'<tr class="{kind}"><td class="ln">{old_no}</td><td class="{old_cls}">{left}</td>'
        f'<td class="ln">{new_no}</td><td class="{new_cls}">{right}</td></tr>'
    )


# -- the record -------------------------------------------------------------------


def render_record(record: Any, flagged: Collection[str] = ()) -> str:
    """An article as a reader would see it; any other record as definition lists.

    Parts at or under a ``flagged`` path (``title``, ``body[3]``) are marked.
    """
    if record is None:
        return note("The parse failed: there is no record.")
    if not isinstance(record, dict):
        return f'<div class="record">{render_value(record)}</div>'
    rest = dict(record)
    out = ['<article class="record">']
    if isinstance(rest.get("series"), str):
        out.append(
            f'<p class="series{mark("series", flagged)}">{esc(rest.pop("series"))}</p>'
        )
    if isinstance(rest.get("title"), str):
        out.append(
            f'<h3 class="title{mark("title", flagged)}">{esc(rest.pop("title"))}</h3>'
        )
    byline = [
        (k, rest.pop(k)) for k in ARTICLE_META if k in rest and is_scalar(rest[k])
    ]
    if byline:
        out.append(definitions(byline, "byline", flagged))
    if isinstance(rest.get("body"), list):
        out.append(render_body(rest.pop("body"), flagged))
    if is_credits(rest.get("credits")):
        credits = [(c["role"], ", ".join(c["names"])) for c in rest.pop("credits")]
        out.append('<h4 class="part">Credits</h4>' + definitions(credits, "credits"))
    appended = rest.pop("appended") if isinstance(rest.get("appended"), dict) else None
    if rest:
        out.append('<h4 class="part">Other fields</h4>' + render_value(rest))
    if appended is not None:
        sizes = ", ".join(
            f"{esc(k)} {len(v)}" if isinstance(v, list | dict) else esc(k)
            for k, v in appended.items()
        )
        out.append(
            '<details class="appended"><summary>Appended blocks, kept apart from the '
            f'article <span class="muted">({sizes})</span></summary>'
            f"{render_value(appended)}</details>"
        )
    out.append("</article>")
    return "".join(out)


def render_body(blocks: list[Any], flagged: Collection[str] = ()) -> str:
    out = ['<div class="body">']
    for i, block in enumerate(blocks):
        cls = f' class="{mark(f"body[{i}]", flagged).strip()}"' if flagged else ""
        if isinstance(block, str):
            out.append(f"<p{cls}>{esc(block)}</p>")
        elif isinstance(block, dict) and isinstance(block.get("text"), str):
            tag = "h4" if block.get("kind") == "heading" else "p"
            extra = {k: v for k, v in block.items() if k not in ("kind", "text")}
            out.append(f"<{tag}{cls}>{esc(block['text'])}</{tag}>")
            if extra:
                out.append(render_value(extra))
        else:
            out.append(f"<div{cls}>{render_value(block)}</div>")
    if not blocks:
        out.append(note("The body is empty."))
    out.append("</div>")
    return "".join(out)


def is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def is_credits(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(c, dict)
        and set(c) == {"role", "names"}
        and isinstance(c["role"], str)
        and isinstance(c["names"], list)
        and all(isinstance(n, str) for n in c["names"])
        for c in value
    )


def mark(path: str, flagged: Collection[str]) -> str:
    """`` flagged`` when a finding points at ``path`` or inside it."""
    inside = (path + ".", path + "[")
    return " flagged" if any(f == path or f.startswith(inside) for f in flagged) else ""


def definitions(
    items: Iterable[tuple[Any, Any]], cls: str, flagged: Collection[str] = ()
) -> str:
    rows = "".join(
        f'<dt>{esc(k)}</dt><dd class="{mark(str(k), flagged).strip()}">{render_value(v)}</dd>'
        if flagged
        else f"<dt>{esc(k)}</dt><dd>{render_value(v)}</dd>"
        for k, v in items
    )
    return f'<dl class="{cls}">{rows}</dl>'


def render_value(value: Any) -> str:
    """Any JSON value: objects as definition lists, arrays as numbered lists."""
    if isinstance(value, dict):
        if not value:
            return '<span class="lit">{}</span>'
        return definitions(value.items(), "fields")
    if isinstance(value, list):
        if not value:
            return '<span class="lit">[]</span>'
        if columns := table_columns(value):
            return rows_table(value, columns)
        items = "".join(f"<li>{render_value(v)}</li>" for v in value)
        return f'<ol class="items" start="0">{items}</ol>'
    if isinstance(value, str):
        return (
            f'<span class="str">{esc(value)}</span>'
            if value
            else '<span class="lit">""</span>'
        )
    return f'<span class="lit">{esc(json.dumps(value))}</span>'


def clip(value: Any, limit: int = VALUE_CHARS, items: int = VALUE_ITEMS) -> Any:
    """A finding's value cut for its table cell: long strings and long lists."""
    if isinstance(value, str) and len(value) > limit:
        return value[: limit - 1] + "…"
    if isinstance(value, list):
        more = [f"… {len(value) - items} more"] if len(value) > items else []
        return [clip(v, limit, items) for v in value[:items]] + more
    if isinstance(value, dict):
        return {k: clip(v, limit, items) for k, v in value.items()}
    return value


def table_columns(items: list[Any]) -> list[str] | None:
    """The keys of a list of flat objects that share them (tags, related links)."""
    if not all(isinstance(i, dict) and i for i in items):
        return None
    keys = list(items[0])
    if any(list(i) != keys or not all(map(is_scalar, i.values())) for i in items):
        return None
    return keys


def rows_table(items: list[dict[str, Any]], columns: list[str]) -> str:
    head = "".join(f"<th>{esc(c)}</th>" for c in columns)
    rows = "".join(
        f'<tr><td class="ln">{n}</td>'
        + "".join(f"<td>{render_value(item[c])}</td>" for c in columns)
        + "</tr>"
        for n, item in enumerate(items)
    )
    return f'<table class="rows"><thead><tr><th></th>{head}</tr></thead><tbody>{rows}</tbody></table>'


# -- the captured page ------------------------------------------------------------


def source_view(
    root: Path, page: str, limit: int = SOURCE_LIMIT
) -> tuple[str, Mapping[str, Any]]:
    """The captured page as escaped text in a <pre>, and the page's meta."""
    path = root / page
    meta: Mapping[str, Any] = {}
    try:
        loaded = load_page(path, name=page)
        text, meta = loaded.text, loaded.meta
        how = f"decoded as {esc(loaded.encoding)}"
    except (HarnessError, ValueError) as e:  # ValueError: a name with NUL in it
        try:
            text = path.read_bytes().decode("utf-8", errors="replace")
        except (OSError, ValueError) as read_error:
            return note(f"The page cannot be read: {esc(str(read_error))}"), meta
        how = f"shown as UTF-8 with replacement characters, since loading failed: {esc(e)}"
    size = len(text)
    cut = ""
    if size > limit:
        text = text[:limit]
        cut = f" Showing the first {limit:,} of {size:,} characters."
    summary = f"Page source ({size:,} characters, {how})"
    return (
        f'<details class="source"><summary>{summary}</summary>'
        f'<p class="note">The page as text, never run as HTML.{cut}</p>'
        f"<pre>{esc(text)}</pre></details>",
        meta,
    )
