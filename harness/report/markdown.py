"""The Markdown report: a pull-request comment or a GitHub step summary.

Counts come first, then one collapsed section per failing seed, one per site
with corpus findings, then the commands that accept the snapshot changes. The document stays readable and
under GitHub's 1 MiB step-summary limit however many seeds fail: at most
``MAX_SEEDS`` sections of at most ``MAX_FINDINGS`` findings each, and a size
budget on top, with a line counting what was left out.

Text that comes from pages (messages, values, paths) is escaped, so it cannot
open HTML, code spans, tables or emphasis. Paths under the project root are
written relative to it.
"""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Iterator, Sequence
from typing import Any

from harness.inline import Segment, inline, render_inline
from harness.model import CHECKS, CheckResult, Finding, SeedResult
from harness.report import STATUSES, RunReport

MAX_SEEDS = 50
"""Failing seeds shown in detail; the rest are counted."""
MAX_FINDINGS = 20
"""Findings shown per seed; the rest are counted."""
MAX_SITES = 20
"""Sites with corpus findings shown in detail (20 × 20 findings stay far under
the size limit); the rest are counted."""
MAX_INLINE_DIFFS = 5
"""Changed strings shown as an inline diff per seed (the diff takes time); the
messages of the others quote both versions already."""
MAX_UNUSED = 50
"""Unused snapshot files listed; the rest are counted."""
SIZE_LIMIT = 1024 * 1024
"""GitHub's step-summary limit, in bytes of UTF-8."""
COMMANDS_LIMIT = 256 * 1024
"""Past this, the accept commands give way to one ``harness update``."""
MAX_MESSAGE = 500
"""Characters of a finding's message shown."""
DIFF_LINES = 10
"""Values shown per side of a snapshot diff block."""
DIFF_LINE_CHARS = 200
"""Characters of one value's JSON in a snapshot diff block."""
INLINE_CHARS = 400
"""About how long the inline diff of a changed string is."""
CONTEXT = 40
"""Unchanged characters kept on each side of a change in an inline diff."""
DIFF_INPUT = 300
"""Characters a side of the changed middle of two strings handed to the word diff."""

PRUNE = "harness update --prune"

_MARKDOWN_SPECIAL = re.compile(r"[\\`*_\[\]|~$]")
_NEWLINES = re.compile(r"\r\n|[\r\n\t\f\v\u2028\u2029]")


def render(report: RunReport) -> str:
    """The report as GitHub-flavoured Markdown."""
    root = report.root.as_posix().rstrip("/") + "/", str(report.root) + os.sep
    head = title(report) + counts_table(report)
    tail = unused_section(report) + accept_section(report)
    corpus = corpus_section(report, root)
    failed = report.failed
    budget = SIZE_LIMIT - size(head) - size(tail) - size(corpus) - 4096  # margins
    sections: list[str] = []
    for seed in failed[:MAX_SEEDS]:
        section = seed_section(seed, root)
        if size(section) > budget:
            break
        budget -= size(section)
        sections.append(section)
    body = ""
    if failed:
        body = "### Failing seeds\n\n" + "".join(sections)
        if len(sections) < len(failed):
            more = len(failed) - len(sections)
            body += (
                f"… and {more} more failing seed{'s' if more != 1 else ''}: "
                "run `harness check` locally or open the HTML report.\n\n"
            )
    body += corpus
    return (head + body + tail).rstrip("\n") + "\n"


def title(report: RunReport) -> str:
    seeds, failed, unused = len(report.results), len(report.failed), len(report.stale)
    sites = len(report.corpus_failed)
    if report.passed:
        verdict = (
            f"all {plural(seeds, 'seed')} passed" if seeds else "no seeds were checked"
        )
        return f"## ✅ Scrape Harness: {verdict}\n\n"
    parts = [f"{failed} of {plural(seeds, 'seed')} failed"] if failed else []
    if unused:
        parts.append(plural(unused, "unused snapshot"))
    if sites:
        parts.append(f"{plural(sites, 'site')} failed the corpus rules")
    return f"## ❌ Scrape Harness: {', '.join(parts)}\n\n"


def counts_table(report: RunReport) -> str:
    counts = report.counts()
    lines = ["| check | " + " | ".join(STATUSES) + " |", "| :-- | --: | --: | --: |"]
    for check in CHECKS:
        lines.append(
            f"| {check} | " + " | ".join(str(counts[check][s]) for s in STATUSES) + " |"
        )
    if report.stale:
        lines.append(f"| unused snapshots | | {len(report.stale)} | |")
    if report.corpus:
        failed = len(report.corpus_failed)
        lines.append(f"| corpus | {len(report.corpus) - failed} | {failed} | 0 |")
    return "\n".join(lines) + "\n\n"


def corpus_section(report: RunReport, root: tuple[str, ...]) -> str:
    """One collapsed block per site with corpus findings; each names its page."""
    sections = []
    flagged = [v for v in report.corpus if v.findings]
    for verdict in flagged[:MAX_SITES]:
        status = "failed" if verdict.failed else "warnings"
        lines = [
            "<details>",
            f"<summary>site <code>{html.escape(one_line(verdict.site))}</code>: "
            f"corpus rules {status}</summary>",
            "",
        ]
        for finding in verdict.findings[:MAX_FINDINGS]:
            item = finding_lines(finding, root)[0]
            lines.append(item.replace("- ", f"- {code(finding.page)} ", 1))
        if len(verdict.findings) > MAX_FINDINGS:
            more = len(verdict.findings) - MAX_FINDINGS
            lines.append(f"- … and {plural(more, 'more finding')}")
        hints = dict.fromkeys(f.hint for f in verdict.findings if f.hint)
        lines += [line for hint in hints for line in ("", hint_text(hint))]
        sections.append("\n".join([*lines, "", "</details>", "", ""]))
    if len(flagged) > MAX_SITES:
        sections.append(f"… and {plural(len(flagged) - MAX_SITES, 'more site')}\n\n")
    return "### Corpus rules\n\n" + "".join(sections) if sections else ""


def seed_section(seed: SeedResult, root: tuple[str, ...]) -> str:
    """A collapsed ``<details>`` block: the seed's findings, and diffs of its snapshot."""
    failed = [r.check for r in seed.results if r.failed]
    site = (
        f" (site <code>{html.escape(one_line(seed.site))}</code>)" if seed.site else ""
    )
    lines = [
        "<details>",
        f"<summary><code>{html.escape(one_line(seed.page))}</code>{site}: "
        f"{html.escape(', '.join(failed))} failed</summary>",
        "",
    ]
    findings = [f for r in seed.results for f in r.findings]
    inline_diffs = MAX_INLINE_DIFFS
    for finding in findings[:MAX_FINDINGS]:
        lines += finding_lines(finding, root, inline_diff=inline_diffs > 0)
        inline_diffs -= is_string_change(finding)
    if len(findings) > MAX_FINDINGS:
        more = len(findings) - MAX_FINDINGS
        lines.append(
            f"- … and {plural(more, 'more finding')}: "
            f"run {code('harness check ' + seed.page)} locally"
        )
    lines += skipped_lines(seed.results)
    hints = dict.fromkeys(f.hint for f in findings if f.hint)
    for hint in hints:
        lines += ["", hint_text(relative(hint, root))]
    return "\n".join([*lines, "", "</details>", "", ""])


def finding_lines(
    finding: Finding, root: tuple[str, ...], *, inline_diff: bool = True
) -> list[str]:
    """One list item; a changed string reads as its inline diff, another snapshot
    change is followed by a diff block of its old and new values."""
    where = f" {code(finding.path)}" if finding.path else ""
    warning = " *(warning)*" if finding.severity == "warn" else ""
    item = f"- **{finding.check}**{where}: "
    if is_string_change(finding) and inline_diff:
        segments = string_diff(finding.expected, finding.value)
        shown = one_line(render_inline(segments, style="markdown"))
        return [f"{item}{text(finding.rule)}: {shown}{warning}"]
    message = relative(finding.message, root)
    if len(message) > MAX_MESSAGE:
        message = message[: MAX_MESSAGE - 1] + "…"
    lines = [f"{item}{text(message)}{warning}"]
    old, new = finding.expected, finding.value
    if is_string_change(finding) or finding.check != "snapshot":
        return lines  # a message quotes both strings; other checks have no diff
    if old is not None or new is not None:
        lines += ["", *(indent(line) for line in diff_block(old, new)), ""]
    return lines


def is_string_change(finding: Finding) -> bool:
    """A snapshot change from one string to another: shown as an inline diff."""
    return (
        finding.check == "snapshot"
        and isinstance(finding.expected, str)
        and isinstance(finding.value, str)
    )


def skipped_lines(results: Sequence[CheckResult]) -> list[str]:
    """``- not run: schema, snapshot (the parse failed)``, when the parse failed."""
    if not any(r.check == "parse" and r.failed for r in results):
        return []
    skipped = [r for r in results if r.status == "skipped"]
    reasons = dict.fromkeys(r.reason for r in skipped if r.reason)
    why = f" ({text('; '.join(reasons))})" if reasons else ""
    return [f"- not run: {', '.join(r.check for r in skipped)}{why}"] if skipped else []


def diff_block(old: Any, new: Any) -> list[str]:
    """A fenced ``diff`` block: the snapshot's values as ``-``, the new ones as ``+``."""
    lines = [*diff_side("-", old), *diff_side("+", new)]
    fence = "`" * max(3, longest_backticks("\n".join(lines)) + 1)
    return [f"{fence}diff", *lines, fence]


def diff_side(sign: str, value: Any) -> Iterator[str]:
    if value is None:
        return
    items = value if isinstance(value, list) else [value]
    for item in items[:DIFF_LINES]:
        line = json.dumps(cut(item), ensure_ascii=False, default=repr)
        if len(line) > DIFF_LINE_CHARS:
            line = line[: DIFF_LINE_CHARS - 1] + "…"
        yield f"{sign} {one_line(line)}"
    if len(items) > DIFF_LINES:
        yield f"{sign} … {len(items) - DIFF_LINES} more"


def string_diff(old: str, new: str) -> list[Segment]:
    """The inline diff of two strings, cut to the changes and some context around.

    The common start and end are set aside first, so the word diff only ever
    sees the changed middle (at most ``DIFF_INPUT`` characters a side): a long
    paragraph with one word changed costs as little as a short one.
    """
    old, new = one_line(old), one_line(new)
    start = common_start(old, new)
    end = common_start(old[start:][::-1], new[start:][::-1])
    start = word_start(old, new, start)
    end = word_start(old[::-1], new[::-1], end)
    middle_old, middle_new = old[start : len(old) - end], new[start : len(new) - end]
    if len(middle_old) > DIFF_INPUT or len(middle_new) > DIFF_INPUT:
        middle_old, middle_new = middle_old[:DIFF_INPUT], middle_new[:DIFF_INPUT]
        end = 0
    segments: list[Segment] = [("equal", old[:start])] if start else []
    segments += inline(middle_old, middle_new)
    if end:
        segments.append(("equal", old[len(old) - end :]))
    return trim(segments)


def trim(segments: list[Segment]) -> list[Segment]:
    """Long unchanged stretches cut to ``CONTEXT`` characters around each change,
    long changes cut, and the whole cut after about ``INLINE_CHARS``."""
    trimmed: list[Segment] = []
    total = 0
    last = len(segments) - 1
    for index, (kind, part) in enumerate(segments):
        if total > INLINE_CHARS:
            trimmed.append(("equal", " …"))
            break
        if kind != "equal":
            part = (
                part
                if len(part) <= INLINE_CHARS // 2
                else part[: INLINE_CHARS // 2] + "…"
            )
        elif index == 0 and len(part) > CONTEXT:
            part = "…" + part[-CONTEXT:]
        elif index == last and len(part) > CONTEXT:
            part = part[:CONTEXT] + "…"
        elif len(part) > 2 * CONTEXT + 3:
            part = part[:CONTEXT] + " … " + part[-CONTEXT:]
        total += len(part)
        trimmed.append((kind, part))
    return trimmed


def common_start(a: str, b: str) -> int:
    """How many characters ``a`` and ``b`` share at their start."""
    return next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y),
        min(len(a), len(b)),
    )


def word_start(old: str, new: str, index: int) -> int:
    """``index`` moved back to the start of a word it falls in, in either string.

    Only letters of space-separated scripts count as a word: CJK text is diffed
    character by character, so any character boundary will do.
    """
    while index > 0 and (in_word(old, index) or in_word(new, index)):
        index -= 1
    return index


def in_word(text: str, index: int) -> bool:
    return index < len(text) and all(
        c.isalnum() and ord(c) < 0x2E80 for c in text[index - 1 : index + 1]
    )


def cut(value: Any) -> Any:
    """``value`` with enough of each string and container left for one diff line."""
    if isinstance(value, str):
        return value[:DIFF_LINE_CHARS]
    if isinstance(value, list):
        return [cut(item) for item in value[: DIFF_LINE_CHARS // 2]]
    if isinstance(value, dict):
        return {k: cut(v) for k, v in list(value.items())[: DIFF_LINE_CHARS // 2]}
    return value


def unused_section(report: RunReport) -> str:
    if not report.stale:
        return ""
    lines = ["### Unused snapshots", ""]
    lines += [f"- {code(file)}: its seed is gone" for file in report.stale[:MAX_UNUSED]]
    if len(report.stale) > MAX_UNUSED:
        lines.append(f"- … and {len(report.stale) - MAX_UNUSED} more")
    return "\n".join(lines) + "\n\n"


def accept_section(report: RunReport) -> str:
    commands = report.accept_commands()
    if not commands:
        return ""
    changed = sum(
        1
        for seed in report.results
        for r in seed.results
        if r.check == "snapshot" and r.failed
    )
    intro = "If the snapshot changes are intended, accept them and commit the snapshot files:"
    if sum(map(len, commands)) > COMMANDS_LIMIT:
        commands = ["harness update" if c != PRUNE else c for c in commands]
        intro = (
            f"The {plural(changed, 'changed seed')} are too many to list here: "
            "`harness update` accepts the current record of every seed, those of "
            "this run among them. If the changes are intended, run it and commit "
            "the snapshot files:"
        )
    block = "\n".join(commands)
    fence = "`" * max(3, longest_backticks(block) + 1)
    lines = ["### Accept the changes", "", intro, "", f"{fence}sh", block, fence, ""]
    if changed:
        lines += [
            "Or run `harness review` locally: it walks the changed seeds one by one, "
            "shows each diff, and lets you accept, reject or skip each change.",
            "",
        ]
    return "\n".join(lines) + "\n"


def text(value: str) -> str:
    """Page-provided text as Markdown that shows exactly that text, on one line."""
    value = html.escape(one_line(value), quote=False)
    return _MARKDOWN_SPECIAL.sub(lambda m: "\\" + m[0], value)


def code(value: str) -> str:
    """A code span showing ``value`` literally, whatever backticks it holds."""
    value = one_line(value)
    if not value:
        return "` `"
    fence = "`" * (longest_backticks(value) + 1)
    pad = " " if value[0] in "` " or value[-1] in "` " else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def hint_text(hint: str) -> str:
    """A hint, capitalised; one `backticked` command in it becomes a code span.

    With more backticks (a page name can hold some) the pairs cannot be told
    apart, and the whole hint is shown as text.
    """
    hint = hint[:1].upper() + hint[1:]
    if hint.count("`") != 2:
        return text(hint)
    before, command, after = hint.split("`")
    return text(before) + code(command) + text(after)


def relative(value: str, root: tuple[str, ...]) -> str:
    for prefix in root:
        value = value.replace(prefix, "")
    return value


def one_line(value: str) -> str:
    """Line breaks as ``↵`` (a break would end a list item or a table row)."""
    return _NEWLINES.sub(lambda m: "↵" if m[0][0] in "\r\n" else " ", value)


def longest_backticks(value: str) -> int:
    return max((len(run) for run in re.findall(r"`+", value)), default=0)


def indent(line: str) -> str:
    return "  " + line if line else line


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def size(value: str) -> int:
    return len(value.encode("utf-8", errors="replace"))  # names may hold surrogates
