"""``harness review``: walk the seeds whose record differs from its snapshot.

For each one the findings and the diff are shown, and the reviewer answers:
accept (write the new snapshot, atomically), reject (keep the snapshot: the
record is wrong and the parser needs fixing), skip (decide later) or quit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from harness.engine import Parsed, Project, accept, parse_seed, run_check
from harness.model import CheckResult

ANSWERS = {"a": "accept", "r": "reject", "s": "skip", "q": "quit"}
PROMPT = "accept [a], reject [r], skip [s], quit [q]? "


def review(
    project: Project,
    pages: Sequence[Path],
    *,
    stale: bool,
    ask: Callable[[str], str] = input,
    say: Callable[[str], None] = print,
) -> int:
    """Review every changed seed among ``pages``; 1 when any was rejected."""
    changed: list[tuple[Parsed, CheckResult]] = []
    for page in pages:
        parsed = parse_seed(project, page)
        if parsed.result.failed:
            say(f"cannot review {parsed.name}: {parsed.result.findings[0].message}")
            continue
        result = run_check(project, parsed, "snapshot")
        if result.failed:
            changed.append((parsed, result))
    if stale:
        for file in project.layout.stale():
            say(
                f"unused snapshot {project.name(file)}: its seed is gone "
                "(harness update --prune deletes it)"
            )
    new = [p.name for p, r in changed if r.findings[0].rule == "missing"]
    if new:
        say(f"seeds without a snapshot: {', '.join(new)}")
    if not changed:
        say("nothing to review: every record matches its snapshot")
        return 0

    decisions: Counter[str] = Counter()
    for number, (parsed, result) in enumerate(changed, 1):
        say("")
        say(f"[{number}/{len(changed)}] {parsed.name}")
        for finding in result.findings:
            where = f"{finding.path}: " if finding.path else ""
            say(f"  {where}{finding.message}")
        decision = ask_until_answered(ask, say)
        if decision == "quit":
            break
        decisions[decision] += 1
        if decision == "accept":
            update = accept(project, parsed)
            say(f"  accepted: {update.action} {update.snapshot}")
        elif decision == "reject":
            say(
                "  rejected: the snapshot is kept; the seed fails until the parser is fixed"
            )
    undecided = len(changed) - sum(decisions.values())
    say("")
    say(
        f"reviewed {sum(decisions.values())} of {len(changed)}: "
        f"{decisions['accept']} accepted, {decisions['reject']} rejected, "
        f"{decisions['skip']} skipped, {undecided} left"
    )
    return 1 if decisions["reject"] else 0


def ask_until_answered(ask: Callable[[str], str], say: Callable[[str], None]) -> str:
    while True:
        try:
            answer = ask(PROMPT).strip().lower()
        except EOFError:
            return "quit"
        if answer[:1] in ANSWERS and ANSWERS[answer[:1]].startswith(answer):
            return ANSWERS[answer[:1]]
        say("  please answer a, r, s or q")
