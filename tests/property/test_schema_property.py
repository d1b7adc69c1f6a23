"""The fast schema validator never passes a record the jsonschema package fails.

The schema check trusts jsonschema-rs's "valid" and asks the jsonschema package
only about the records rs rejects; if rs were ever the more lenient of the two, a
finding would be lost. These tests look for such a record.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harness.checks.schema import SchemaStore

from .strategies import any_text, records

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"
SEED = next((SCHEMAS.parent / "seeds" / "aggregator").glob("*.txt"))

# Strings near the formats and patterns the schemas use: dates, times, subtags.
near_formats = st.from_regex(
    r"\A[0-9٠-٩]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?"
    r"([+-][0-9]{2}:[0-9]{2}|Z|z)?\Z"
) | st.from_regex(r"\A[a-zA-Z]{1,4}(-[A-Za-z0-9]{1,9})*\n?\Z")
texts = any_text | near_formats | st.sampled_from(["\u00a0", "\u200b", " \t", "x"])


@cache
def valid_record() -> dict[str, Any]:
    """The reference parser's record of the bundled seed: it passes the schema."""
    from harness.model import Site
    from harness.pages import load_page
    from harness.parsers import get_parser

    page = load_page(SEED, name=SEED.name)
    record: dict[str, Any] = get_parser("aggregator")(
        page, site=Site("aggregator", "aggregator", timezone="Asia/Shanghai")
    )
    return record


@pytest.mark.parametrize(
    "schema", ["article.schema.json", "generic-article.schema.json"]
)
@given(record=records)
def test_fast_and_detailed_validators_agree(schema: str, record: dict[str, Any]):
    check_agreement(schema, record)


@given(
    field=st.sampled_from(["title", "series", "uploader", "published", "language"]),
    value=texts,
)
def test_agree_on_strings_near_the_formats(field: str, value: str):
    check_agreement("article.schema.json", {**valid_record(), field: value})


def test_the_base_record_is_valid():
    validator = SchemaStore(SCHEMAS).validator("article.schema.json")
    assert list(validator.detailed.iter_errors(valid_record())) == []


def check_agreement(schema: str, record: dict[str, Any]) -> None:
    """What rs passes, jsonschema passes. The converse need not hold: where rs is
    the stricter (ECMA's ``$`` does not match before a final newline, Python's
    does: ``"aa\\n"`` for a language), the jsonschema package decides."""
    validator = SchemaStore(SCHEMAS).validator(schema)
    assert validator.fast is not None
    if validator.fast.is_valid(record):
        assert not list(validator.detailed.iter_errors(record)), record


def test_where_rs_is_stricter_the_jsonschema_package_decides():
    """A language with a final newline: rs rejects it, jsonschema accepts it, and
    the check has no finding."""
    validator = SchemaStore(SCHEMAS).validator("article.schema.json")
    record = {**valid_record(), "language": "aa\n"}
    assert validator.fast is not None
    assert not validator.fast.is_valid(record)
    assert list(validator.iter_errors(record)) == []
