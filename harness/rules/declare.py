"""Rules declared in the config, turned into rule objects.

``[tool.harness] rules`` apply to every site, a site's ``rules`` to that site,
and a ``rules_file`` (TOML, relative to the project root) holds more of both::

    rules = [ { field = "title", length = { min = 10, max = 300 } } ]
    [sites.aggregator]
    rules = [ { field = "body[*].text", not_matches = "(?i)app", severity = "warn" } ]

Every mistake is a ConfigError naming the file, the site and the entry's position.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from harness.checks.quality import Rule
from harness.errors import ConfigError, NotRegistered
from harness.paths import inside
from harness.rules import bounds, compose, fields
from harness.rules.custom import Registered


def _flag(factory: Callable[..., Rule]) -> Callable[..., Rule]:
    def build(field: str, value: Any, severity: str, **_: Any) -> Rule:
        if value is not True:
            raise ValueError(f"`{factory.__name__}` takes true, got {value!r}")
        return factory(field, severity=severity)

    return build


def _one(factory: Callable[..., Rule]) -> Callable[..., Rule]:
    def build(field: str, value: Any, severity: str, **_: Any) -> Rule:
        return factory(field, value, severity=severity)

    return build


def _table(factory: Callable[..., Rule], keys: tuple[str, str]) -> Callable[..., Rule]:
    def build(field: str, value: Any, severity: str, **_: Any) -> Rule:
        name = factory.__name__
        if not isinstance(value, dict) or not value or set(value) - set(keys):
            raise ValueError(
                f"`{name}` takes a table of {' and/or '.join(keys)}, got {value!r}"
            )
        return factory(field, **value, severity=severity)

    return build


def _texts(factory: Callable[..., Rule]) -> Callable[..., Rule]:
    def build(field: str, value: Any, severity: str, ignore_case: Any = False) -> Rule:
        return factory(field, value, ignore_case=ignore_case, severity=severity)

    return build


KINDS: dict[str, Callable[..., Rule]] = {
    "required": _flag(fields.required),
    "non_empty": _flag(fields.non_empty),
    "matches": _one(fields.matches),
    "not_matches": _one(fields.not_matches),
    "length": _table(bounds.length, ("min", "max")),
    "in_range": _table(bounds.in_range, ("min", "max")),
    "date_window": _table(bounds.date_window, ("earliest", "latest")),
    "one_of": _one(bounds.one_of),
    "language": _one(bounds.language),
    "must_contain": _texts(fields.must_contain),
    "must_not_contain": _texts(fields.must_not_contain),
}
"""Each key a field entry may hold, and how it builds its rule."""

COMPOSITES = ("all_of", "any_of", "not_", "not")
OPTIONS = ("field", "severity", "ignore_case")
ENTRY_KEYS = {*KINDS, *COMPOSITES, *OPTIONS, "rule"}


def build_rule(
    entry: Any, where: str, *, field: str | None = None, plugins: Callable[[], None]
) -> Rule:
    """One rule from one config entry; ``field`` is inherited from a composite."""
    if not isinstance(entry, dict):
        raise ConfigError(
            f'{where}: must be a table such as {{ field = "title", non_empty = true }}'
            f", got {entry!r}"
        )
    try:
        if "rule" in entry:
            plugins()  # registered in a plugin file, perhaps
            arguments = {
                k: v for k, v in entry.items() if k not in ("rule", "severity")
            }
            return Registered(
                entry["rule"], arguments, severity=entry.get("severity", "error")
            )
        if unknown := sorted(set(entry) - ENTRY_KEYS):
            raise ValueError(f"unknown keys {unknown}; known: {sorted(ENTRY_KEYS)}")
        field = entry.get("field", field)
        severity = entry.get("severity", "error")
        composite = [key for key in COMPOSITES if key in entry]
        if composite:
            return _composite(entry, composite, where, field, severity, plugins)
        return _field_rules(entry, field, severity)
    except ConfigError:
        raise  # from an inner entry, which names its own place
    except (ValueError, TypeError, NotRegistered) as e:
        raise ConfigError(f"{where}: {e}") from None


def _composite(
    entry: Mapping[str, Any],
    keys: list[str],
    where: str,
    field: str | None,
    severity: str,
    plugins: Callable[[], None],
) -> Rule:
    if len(keys) > 1 or set(entry) & set(KINDS):
        raise ValueError(
            f"give one of all_of, any_of, not_ alone, found {sorted(entry)}"
        )
    key = keys[0]
    value = entry[key]
    if key in ("not_", "not"):
        inner = build_rule(value, f"{where}.{key}", field=field, plugins=plugins)
        return compose.not_(inner, severity=severity)
    if not isinstance(value, list) or not value:
        raise ValueError(f"`{key}` takes a non-empty array of rule tables")
    rules = tuple(
        build_rule(item, f"{where}.{key}[{i}]", field=field, plugins=plugins)
        for i, item in enumerate(value)
    )
    combine = compose.all_of if key == "all_of" else compose.any_of
    return combine(*rules, severity=severity)


def _field_rules(entry: Mapping[str, Any], field: str | None, severity: str) -> Rule:
    kinds = [key for key in entry if key in KINDS]
    if not kinds:
        raise ValueError(f"names nothing to check; give one of {sorted(KINDS)}")
    if not isinstance(field, str) or not field:
        raise ValueError('needs `field`, a JSON path such as "title" or "body[*].text"')
    if "ignore_case" in entry and not {"must_contain", "must_not_contain"} & set(kinds):
        raise ValueError("`ignore_case` applies to must_contain and must_not_contain")
    options = {"ignore_case": entry["ignore_case"]} if "ignore_case" in entry else {}
    rules = [KINDS[kind](field, entry[kind], severity, **options) for kind in kinds]
    return rules[0] if len(rules) == 1 else compose.all_of(*rules)


def build_rules(
    entries: Any, where: str, *, plugins: Callable[[], None]
) -> tuple[Rule, ...]:
    """The rules of a ``rules`` array; ``where`` is where the array is."""
    if entries is None:
        return ()
    if not isinstance(entries, list):
        raise ConfigError(f"{where}: must be an array of rule tables")
    return tuple(
        build_rule(entry, f"{where}[{i}]", plugins=plugins)
        for i, entry in enumerate(entries)
    )


def declared_rules(
    table: Mapping[str, Any],
    site_tables: Sequence[Mapping[str, Any]],
    *,
    root: Path,
    pyproject: Path,
    plugins: Sequence[Path],
) -> dict[str, tuple[Rule, ...]]:
    """Each site's declared rules: the common ones, its own, then the rules file's."""
    loaded: list[bool] = []

    def load_plugins() -> None:
        if not loaded:
            from harness.engine import load_plugin  # the config loads before the engine

            for plugin in plugins:
                load_plugin(plugin)
            loaded.append(True)

    where = f"{pyproject} [tool.harness]"
    common = build_rules(table.get("rules"), f"{where} rules", plugins=load_plugins)
    by_site = {
        site["name"]: common
        + build_rules(
            site.get("rules"), f"{where} sites[{i}] ({site['name']}) rules",
            plugins=load_plugins,
        )
        for i, site in enumerate(site_tables)
    }  # fmt: skip
    if "rules_file" in table:
        file = rules_file(table["rules_file"], root=root, where=where)
        data = read_rules_file(file, sites=list(by_site))
        common = build_rules(data.get("rules"), f"{file} rules", plugins=load_plugins)
        for name in by_site:
            site = data.get("sites", {}).get(name, {})
            by_site[name] += common + build_rules(
                site.get("rules"), f"{file} [sites.{name}] rules", plugins=load_plugins
            )
    return by_site


def rules_file(value: Any, *, root: Path, where: str) -> Path:
    """The rules file a config names, refused when it lies outside the project."""
    file = inside(root, value, key="rules_file", where=where)
    if not file.is_file():
        raise ConfigError(f"{where}: `rules_file` {value!r}: {file} not found")
    return file


def read_rules_file(file: Path, *, sites: Sequence[str]) -> dict[str, Any]:
    """The rules file's tables, checked for shape: ``rules`` and ``[sites.NAME]``."""
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"{file}: cannot read: {e}") from e
    if unknown := sorted(set(data) - {"rules", "sites"}):
        raise ConfigError(f"{file}: unknown keys {unknown}; known: ['rules', 'sites']")
    site_tables = data.get("sites", {})
    if not isinstance(site_tables, dict):
        raise ConfigError(f"{file}: `sites` must be a table of [sites.NAME] tables")
    for name, site in site_tables.items():
        if name not in sites:
            known = ", ".join(sites) or "none"
            raise ConfigError(
                f"{file}: [sites.{name}] names no configured site (configured: {known})"
            )
        if not isinstance(site, dict) or set(site) - {"rules"}:
            raise ConfigError(f"{file}: [sites.{name}] may hold only `rules`")
    return data
