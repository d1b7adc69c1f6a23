"""Rules made of rules: all_of, any_of, not_.

all_of(length("title", min=10), not_matches("body[*].text", "(?i)app"))
any_of(non_empty("author"), non_empty("credits"))
not_(one_of("section", ["promo"]))
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from harness.checks.quality import Rule
from harness.jsonpath import MISSING, resolve
from harness.model import Finding, Site
from harness.rules.base import DeclaredRule, checked_severity


class AllOf(DeclaredRule):
    """Every rule holds. Each keeps its own findings; a ``warn`` here makes them all
    warnings (a composite can lower its parts' severity, never raise it)."""

    name = "all_of"

    def __init__(self, rules: tuple[Rule, ...], *, severity: str = "error") -> None:
        if not rules:
            raise ValueError(f"{self.name} needs at least one rule")
        self.rules = rules
        self.severity = checked_severity(severity)

    def _args(self) -> list[str]:
        return [repr(rule) for rule in self.rules]

    def __call__(
        self, record: dict[str, Any], *, page: str, site: Site
    ) -> Iterator[Finding]:
        for rule in self.rules:
            for finding in rule(record, page=page, site=site):
                if self.severity == "warn":
                    finding = replace(finding, severity="warn")
                yield finding


class AnyOf(AllOf):
    """At least one rule holds; when none does, one finding lists why each failed."""

    name = "any_of"

    def __call__(
        self, record: dict[str, Any], *, page: str, site: Site
    ) -> Iterator[Finding]:
        firsts: list[Finding] = []
        for rule in self.rules:
            found = next(iter(rule(record, page=page, site=site)), None)
            if found is None:
                return
            firsts.append(found)
        paths = {f.path for f in firsts}
        reasons = "; ".join(
            f"{f.rule}: {f.path + ': ' if f.path else ''}{f.message}" for f in firsts
        )
        message = f"expected one of {len(firsts)} rules to hold, none does ({reasons})"
        path = paths.pop() if len(paths) == 1 else ""
        yield self.finding(page, path, message, firsts[0].value, expected=repr(self))


class Not(DeclaredRule):
    """The rule does not hold: it finds something."""

    name = "not_"

    def __init__(self, rule: Rule, *, severity: str = "error") -> None:
        self.rule = rule
        self.severity = checked_severity(severity)

    def _args(self) -> list[str]:
        return [repr(self.rule)]

    def __call__(
        self, record: dict[str, Any], *, page: str, site: Site
    ) -> Iterator[Finding]:
        if next(iter(self.rule(record, page=page, site=site)), None) is not None:
            return
        # Point at the inner rule's field, when it has one, and show its value.
        field = getattr(self.rule, "field", "")
        steps = getattr(self.rule, "steps", None)
        value = next(resolve(record, steps), ("", MISSING))[1] if steps else MISSING
        message = f"expected {self.rule!r} not to hold, but it does"
        yield self.finding(page, field, message, value, expected=repr(self))


def all_of(*rules: Rule, severity: str = "error") -> Rule:
    """Every rule holds; their findings, in order."""
    return AllOf(rules, severity=severity)


def any_of(*rules: Rule, severity: str = "error") -> Rule:
    """At least one of the rules holds."""
    return AnyOf(rules, severity=severity)


def not_(rule: Rule, *, severity: str = "error") -> Rule:
    """``rule`` finds something; silent when it does, one finding when it does not."""
    return Not(rule, severity=severity)
