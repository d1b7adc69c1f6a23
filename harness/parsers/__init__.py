"""Parsers turn a :class:`~harness.model.Page` into a record of plain JSON data.

A parser is any callable ``parser(page, *, site) -> dict``. Register it with the
decorator, or from another package through the ``harness.parsers`` entry-point
group::

    from harness.parsers import parser

    @parser("my-site")
    def parse_my_site(page, *, site):
        return {"title": ...}
"""

from __future__ import annotations

from typing import Any, Protocol

from harness.model import Page, Site
from harness.registry import Registry


class Parser(Protocol):
    def __call__(self, page: Page, *, site: Site) -> dict[str, Any]: ...


registry: Registry[Parser] = Registry("harness.parsers")
parser = registry.register


def get_parser(name: str) -> Parser:
    """The parser registered as ``name``; the built-in parsers are always there."""
    from harness.parsers import aggregator, article  # noqa: F401  (register themselves)

    return registry.get(name)
