"""Rules users write in Python and name in the config: ``{ rule = "name", ... }``.

    from harness.model import Finding
    from harness.rules import rule

    @rule("max_blocks")
    def max_blocks(record, *, page, site, limit=50):
        if len(record.get("body", [])) > limit:
            yield Finding("quality", page, "body", "", f"expected at most {limit} blocks")

Other packages register through the ``harness.rules`` entry-point group. The
config entry keeps only the name and the arguments, so the rule pickles and
reads the same wherever it runs; the function is looked up when it runs.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from typing import Any

from harness.model import Finding, Site
from harness.registry import Registry
from harness.rules.base import DeclaredRule, checked_severity

RuleFunction = Callable[..., Iterable[Finding]]
"""``function(record, *, page, site, **arguments)``, yielding one Finding per problem."""

registry: Registry[RuleFunction] = Registry("harness.rules")
rule = registry.register


class Registered(DeclaredRule):
    """A registered rule function with the arguments the config gave it."""

    def __init__(
        self, name: str, arguments: Mapping[str, Any], *, severity: str = "error"
    ) -> None:
        function = registry.get(name)  # NotRegistered lists the known names
        try:
            inspect.signature(function).bind({}, page="", site=None, **arguments)
        except TypeError as e:
            raise ValueError(f"bad arguments for rule {name!r}: {e}") from None
        self.name = name
        self.arguments = tuple(sorted(arguments.items()))
        self.severity = checked_severity(severity)

    def _args(self) -> list[str]:
        return [f"{key}={value!r}" for key, value in self.arguments]

    def __call__(
        self, record: dict[str, Any], *, page: str, site: Site
    ) -> Iterator[Finding]:
        try:
            function = registry.get(self.name)
            found = list(function(record, page=page, site=site, **dict(self.arguments)))
            if wrong := [f for f in found if not isinstance(f, Finding)]:
                raise TypeError(f"yielded {wrong[0]!r}, not a Finding")
        except Exception as e:  # a bug in a user's rule fails this seed, not the run
            message = f"rule {self.name!r} raised {type(e).__name__}: {e}"
            yield self.finding(page, "", message, None)
            return
        for finding in found:
            # Named as configured, so a report says which entry found it.
            yield replace(
                finding,
                check="quality",
                page=page,
                rule=repr(self),
                severity="warn" if self.severity == "warn" else finding.severity,
            )


def registered(name: str, *, severity: str = "error", **arguments: Any) -> DeclaredRule:
    """The rule registered as ``name``, given ``arguments``."""
    return Registered(name, arguments, severity=severity)
