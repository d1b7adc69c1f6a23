"""A named registry with a decorator and an entry-point group, for parsers and rules.

Installed packages add entries through ``[project.entry-points."harness.parsers"]``
(or ``harness.rules``); they are loaded lazily, the first time a name is missing,
so importing the harness has no side effects.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from harness.errors import NotRegistered

T = TypeVar("T")


class Registry(Generic[T]):
    """Maps names to objects; ``register`` works as a decorator."""

    def __init__(self, group: str) -> None:
        self.group = group
        self._entries: dict[str, T] = {}
        self._entry_points_loaded = False

    def register(self, name: str) -> Callable[[T], T]:
        """Register the decorated object under ``name``; return it unchanged."""

        def decorator(obj: T) -> T:
            self._entries[name] = obj
            return obj

        return decorator

    def get(self, name: str) -> T:
        if name not in self._entries:
            self._load_entry_points()
        try:
            return self._entries[name]
        except KeyError:
            known = ", ".join(sorted(self._entries)) or "none"
            raise NotRegistered(
                f"no {self.group} entry named {name!r} (registered: {known})"
            ) from None

    def names(self) -> list[str]:
        self._load_entry_points()
        return sorted(self._entries)

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())

    def _load_entry_points(self) -> None:
        if self._entry_points_loaded:
            return
        self._entry_points_loaded = True
        from importlib.metadata import entry_points  # slow to import; rarely needed

        for ep in entry_points(group=self.group):
            self._entries.setdefault(ep.name, ep.load())
