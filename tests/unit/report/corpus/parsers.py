"""The parser of the report corpus: a title line, ``key: value`` lines, paragraphs.

    A title
    views: 3
    First paragraph.

A page without a ``views:`` line makes the parser raise KeyError, as a real parser
does when the layout it expects is gone.
"""

from __future__ import annotations

from typing import Any

from harness.model import Page, Site
from harness.parsers import parser


@parser("report-test-lines")
def parse_lines(page: Page, *, site: Site) -> dict[str, Any]:
    title, *lines = page.text.splitlines()
    fields = dict(line.split(": ", 1) for line in lines if ": " in line)
    body = [line for line in lines if line.strip() and ": " not in line]
    return {"title": title, "views": int(fields["views"]), "body": body}
