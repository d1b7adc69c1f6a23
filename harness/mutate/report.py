"""What a mutate run found: counts per mutation kind, and the JSON report.

Per mode and mutation kind:

- ``mutants``: pages the mutation applied to (``not_applicable``: the others);
- ``changed`` / ``unchanged``: whether the record differs from the unmutated one;
- ``leaks``: mutants whose injected text reached the article fields;
- ``caught`` / ``missed``: leaks with / without a new error finding;
- ``flagged``: mutants with a new error finding, leak or not;
- ``errors``: mutants that could not be judged (the mutant did not parse).

``mutants = changed + unchanged`` and ``leaks = caught + missed`` always hold.
The format of :func:`to_json` is in docs/mutate-format.md and
``harness/mutate.schema.json``.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from harness.model import Finding
from harness.mutate.run import MutantResult, MutateRun

FORMAT_VERSION = 1
COUNTS = (
    "mutants", "not_applicable", "changed", "unchanged", "leaks", "caught",
    "missed", "flagged", "errors",
)  # fmt: skip


def kind_counts(run: MutateRun, mode: str) -> dict[str, dict[str, int]]:
    """Per mutation kind, the counts of :data:`COUNTS` in ``mode``."""
    table = {name: Counter[str]() for name in run.mutations}
    for result in run.mutants:
        count = table[result.mutation]
        if not result.applicable:
            count["not_applicable"] += 1
            continue
        count["mutants"] += 1
        count["changed" if result.changed else "unchanged"] += 1
        if result.error:
            count["errors"] += 1
        flagged = result.caught(mode)
        count["flagged"] += flagged
        if result.leaked:
            count["leaks"] += 1
            count["caught" if flagged else "missed"] += 1
    return {name: {key: count[key] for key in COUNTS} for name, count in table.items()}


def false_alarms(run: MutateRun, mode: str) -> list[str]:
    """The unmutated pages with an error finding in ``mode``."""
    return [p.page for p in run.pages if p.alarms.get(mode)]


def missed(run: MutateRun, mode: str) -> list[MutantResult]:
    return [r for r in run.mutants if r.leaked and not r.caught(mode)]


def to_json(run: MutateRun) -> str:
    """The run as the versioned JSON document of docs/mutate-format.md."""
    document: dict[str, Any] = {
        "version": FORMAT_VERSION,
        "seed": run.seed,
        "modes": list(run.modes),
        "mutations": list(run.mutations),
        "summary": {
            mode: {
                "pages": len(run.pages),
                "parsed": sum(p.parsed for p in run.pages),
                "false_alarms": len(false_alarms(run, mode)),
                "kinds": kind_counts(run, mode),
            }
            for mode in run.modes
        },
        "pages": [
            {
                "page": p.page,
                "parsed": p.parsed,
                "error": p.error,
                "alarms": {
                    m: [_finding(f) for f in p.alarms.get(m, ())] for m in run.modes
                },
            }
            for p in run.pages
        ],
        "mutants": [_mutant(r, run.modes) for r in run.mutants],
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def _mutant(result: MutantResult, modes: tuple[str, ...]) -> dict[str, Any]:
    return {
        "page": result.page,
        "mutation": result.mutation,
        "applicable": result.applicable,
        "note": result.note,
        "injected": list(result.injected),
        "changed": result.changed,
        "leaked": list(result.leaked),
        "caught": {mode: result.caught(mode) for mode in modes},
        "new_findings": {
            mode: [_finding(f) for f in result.new_findings.get(mode, ())]
            for mode in modes
        },
        "error": result.error,
    }


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "check": finding.check,
        "rule": finding.rule,
        "path": finding.path,
        "message": finding.message,
        "value": finding.value,
    }
