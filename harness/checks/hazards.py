"""Pages built to attack a parser: entity declarations in a document type.

No ordinary web page declares entities. A page that does is an entity-expansion
bomb (billion laughs) or an external-entity read (``SYSTEM "file:///etc/passwd"``).
The parsers never expand or fetch them (lxml with ``resolve_entities=False``,
``no_network=True``); this check says so on the seed, so a reviewer sees the
page for what it is instead of a record that merely looks odd.
"""

from __future__ import annotations

import re

from harness.jsonpath import excerpt
from harness.model import Finding, Page

_ENTITY = re.compile(
    r"<!ENTITY\s+(?P<parameter>%\s+)?(?P<name>[^\s>]+)\s+(?P<external>SYSTEM|PUBLIC)?",
    re.IGNORECASE,
)


def page_hazards(page: Page) -> list[Finding]:
    """One finding for the entity declarations of ``page``, if it has any."""
    declared = list(_ENTITY.finditer(page.text))
    if not declared:
        return []
    external = [m for m in declared if m["external"]]
    first = external[0] if external else declared[0]
    line = page.text.count("\n", 0, first.start()) + 1
    names = ", ".join(dict.fromkeys(m["name"] for m in declared))
    if external:
        message = (
            f"the page declares {len(external)} external entities ({names}); "
            "a hostile page: nothing was read from where they point"
        )
    else:
        message = (
            f"the page declares {len(declared)} entities ({names}), as an "
            "entity-expansion bomb does; they were not expanded"
        )
    end = page.text.find(">", first.start()) + 1 or first.end()
    return [
        Finding(
            check="quality",
            page=page.name,
            path=f"line {line}",
            rule="no_entity_declarations",
            message=message,
            value=excerpt(page.text[first.start() : end]),
        )
    ]
