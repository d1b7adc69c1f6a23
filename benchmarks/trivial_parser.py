"""A parser that costs nothing, for measuring the harness's own work on real pages.

The benchmarks name this file in their projects' ``plugins``.
"""

from __future__ import annotations

from typing import Any

from harness.model import Page, Site
from harness.parsers import parser


@parser("bench-trivial")
def trivial(page: Page, *, site: Site) -> dict[str, Any]:
    title = page.text[:80].strip() or "untitled"
    return {"title": title, "body": [{"kind": "paragraph", "text": title}]}
