"""Mutation testing for scrapers: layout changes a site could make, applied to seeds.

A mutation takes one page and returns a mutant: the page's new text and the
texts it injected, which must not reach the record's article fields. It returns
None when it does not apply to the page (a text capture has no classes to
rename; a page without a visible date has no date to move). Register your own
with the decorator, or from another package through the ``harness.mutations``
entry-point group::

    from harness.mutate import Mutant, mutation

    @mutation("cookie-banner")
    def cookie_banner(page, *, rng, others):
        if page.kind != "html":
            return None
        line = rng.choice(["We use cookies.", "Wir verwenden Cookies."])
        return Mutant(page.text.replace("</body>", f"<p>{line}</p></body>"), (line,))

``rng`` is seeded per page and mutation, so a run is reproducible; ``others``
holds the titles and opening lines of the run's other pages, the texts a real
aggregator would list under an article.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from harness.model import Page
from harness.registry import Registry


@dataclass(frozen=True)
class Neighbour:
    """Another page of the run, as an aggregator would list it."""

    title: str
    snippet: str


@dataclass(frozen=True)
class Mutant:
    """A mutated page."""

    text: str
    injected: tuple[str, ...] = ()
    """The texts the mutation added, each a line of its own; finding one in an
    article field is a leak."""
    note: str = ""
    """What was done, in a few words: ``4 titles after the article's last paragraph``."""


class Mutation(Protocol):
    def __call__(
        self, page: Page, *, rng: random.Random, others: Sequence[Neighbour]
    ) -> Mutant | None: ...


registry: Registry[Mutation] = Registry("harness.mutations")
mutation = registry.register


def get_mutation(name: str) -> Mutation:
    """The mutation registered as ``name``; the built-in ones are always there."""
    from harness.mutate import kinds  # noqa: F401  (they register themselves)

    return registry.get(name)


def mutation_names() -> list[str]:
    """Every registered mutation, built-in ones first, in their order."""
    from harness.mutate import kinds

    extra = [name for name in registry.names() if name not in kinds.BUILT_IN]
    return [*kinds.BUILT_IN, *extra]
