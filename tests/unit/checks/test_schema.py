"""The schema check: findings name path, rule and value; bad schema files stop the run."""

from __future__ import annotations

import json

import pytest

from harness.checks.schema import SchemaStore, check_schema
from harness.errors import ConfigError

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["title", "published", "body"],
    "properties": {
        "title": {"type": "string", "minLength": 1},
        "published": {
            "anyOf": [{"type": "string", "format": "date-time"}, {"type": "null"}]
        },
        "body": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"text": {"type": "string", "minLength": 1}},
            },
        },
    },
}


@pytest.fixture
def store(tmp_path):
    (tmp_path / "a.schema.json").write_text(json.dumps(SCHEMA))
    return SchemaStore(tmp_path)


def test_valid_record_has_no_findings(store):
    """A record that fits the schema passes."""
    record = {
        "title": "T",
        "published": "2025-02-04T13:36:00+08:00",
        "body": [{"text": "x"}],
    }
    assert (
        check_schema(record, page="p", validator=store.validator("a.schema.json")) == []
    )


def test_violations_name_path_rule_and_value(store):
    """Each violation is one finding with the JSON path, the failing keyword and the value."""
    record = {
        "title": "",
        "published": "yesterday",
        "body": [{"text": "x"}, {"text": ""}],
        "x": 1,
    }
    findings = check_schema(
        record, page="seeds/a.txt", validator=store.validator("a.schema.json")
    )
    got = {(f.path, f.rule, f.value) for f in findings}
    assert got == {
        ("", "additionalProperties", json.dumps(record)),
        ("body[1].text", "minLength", ""),
        ("published", "format", "yesterday"),
        ("title", "minLength", ""),
    }
    assert all(f.page == "seeds/a.txt" and f.check == "schema" for f in findings)
    assert "'yesterday' is not a 'date-time'" in {f.message for f in findings}


def test_validator_is_built_once_per_schema(store):
    """The store hands out the same validator object for every record."""
    assert store.validator("a.schema.json") is store.validator("a.schema.json")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "{not json",
            r"b\.schema\.json: schema is not valid JSON: Expecting property name "
            r"enclosed in double quotes: line 1 column 2",
        ),
        (
            '{"type": 12}',
            r"b\.schema\.json: not a valid JSON Schema: type: 12 is not valid",
        ),
    ],
)
def test_invalid_schema_file_is_a_config_error(tmp_path, content, message):
    """A broken schema file stops the run with its name in the message."""
    (tmp_path / "b.schema.json").write_text(content)
    with pytest.raises(ConfigError, match=message):
        SchemaStore(tmp_path).validator("b.schema.json")


def test_missing_schema_file(tmp_path):
    """A site naming a schema that does not exist is a configuration error."""
    with pytest.raises(ConfigError, match=r"nope\.json: schema file not found"):
        SchemaStore(tmp_path).validator("nope.json")
