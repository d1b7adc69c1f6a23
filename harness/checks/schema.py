"""The schema check: a record against the JSON Schema its site names.

Two validators per schema: jsonschema-rs answers "valid?" in microseconds, and
only a record it rejects goes through the jsonschema package, whose errors (path,
keyword, message) the findings are made of. Valid records are the common case, so
the check costs little; the messages stay those of the reference implementation.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from harness.errors import ConfigError
from harness.jsonpath import format_path, shorten
from harness.model import Finding


class SchemaStore:
    """Builds each schema's validator once, the first time a seed needs it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._validators: dict[str, SchemaValidator] = {}

    def validator(self, name: str) -> SchemaValidator:
        if name not in self._validators:
            self._validators[name] = self._build(name)
        return self._validators[name]

    def _build(self, name: str) -> SchemaValidator:
        from jsonschema import Draft202012Validator, SchemaError
        from jsonschema.validators import validator_for

        path = self.folder / name
        try:
            schema = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{path}: schema file not found") from None
        except (OSError, UnicodeDecodeError) as e:
            raise ConfigError(f"{path}: cannot read schema: {e}") from e
        except json.JSONDecodeError as e:
            raise ConfigError(
                f"{path}: schema is not valid JSON: {e.msg}: line {e.lineno} "
                f"column {e.colno}"
            ) from e
        if not isinstance(schema, dict | bool):
            kind = type(schema).__name__
            raise ConfigError(
                f"{path}: not a valid JSON Schema: a {kind}, not an object"
            )
        cls = validator_for(schema, default=Draft202012Validator)
        try:
            cls.check_schema(schema)
        except SchemaError as e:
            where = format_path(e.absolute_path) or "(top level)"
            message = f"{path}: not a valid JSON Schema: {where}: {e.message}"
            raise ConfigError(message) from None
        return SchemaValidator(
            cls(schema, format_checker=cls.FORMAT_CHECKER), _fast_validator(schema)
        )


def _fast_validator(schema: dict[str, Any] | bool) -> Any:
    """jsonschema-rs's validator for ``schema``, or None where it cannot build one
    (a remote $ref, say): then every record goes through the jsonschema package."""
    import jsonschema_rs

    try:
        return jsonschema_rs.validator_for(
            schema, validate_formats=True, retriever=_never_fetch
        )
    except (jsonschema_rs.ValidationError, ValueError):
        return None


def _never_fetch(uri: str) -> Any:
    # jsonschema-rs would fetch a remote $ref over the network; a check never does.
    raise ValueError(f"{uri}: remote schemas are not fetched")


class SchemaValidator:
    """One schema's two validators: the fast yes/no, then the detailed errors."""

    def __init__(self, detailed: Any, fast: Any) -> None:
        self.detailed = detailed
        self.fast = fast

    def iter_errors(self, record: Any) -> Iterator[Any]:
        """The jsonschema errors of ``record``; none at all when rs finds it valid."""
        if self.fast is not None and _is_valid(self.fast, record):
            return iter(())
        errors: Iterator[Any] = self.detailed.iter_errors(record)
        return errors


def _is_valid(fast: Any, record: Any) -> bool:
    try:
        return bool(fast.is_valid(record))
    except (ValueError, TypeError, OverflowError):  # data rs cannot read (huge ints)
        return False


def check_schema(
    record: Any, *, page: str, validator: SchemaValidator
) -> list[Finding]:
    """One finding per violation, in record order, naming path, rule and value."""
    from jsonschema.exceptions import best_match

    # best_match descends into anyOf/oneOf to the branch that nearly fit, whose
    # message ("'x' is not a 'date-time'") says more than "not valid under any".
    errors = [best_match([e]) for e in validator.iter_errors(record)]
    errors.sort(key=lambda e: list(map(str, e.absolute_path)))
    return [
        Finding(
            check="schema",
            page=page,
            path=format_path(error.absolute_path),
            rule=str(error.validator),
            message=error.message if len(error.message) < 300 else describe(error),
            value=shorten(error.instance),
        )
        for error in errors
    ]


def describe(error: Any) -> str:
    """A short message for errors whose own message quotes a whole large value."""
    return f"fails `{error.validator}: {shorten(error.validator_value)}`"
