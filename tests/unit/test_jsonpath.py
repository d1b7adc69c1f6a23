"""JSON paths: parsing ``body[*].text`` and resolving it against a record."""

from __future__ import annotations

import pytest

from harness.jsonpath import (
    MISSING,
    iter_strings,
    parse_path,
    resolve,
    strings_of,
    walked_once,
)

RECORD = {
    "title": "Rain",
    "body": [{"kind": "p", "text": "One."}, {"kind": "figure"}],
    "meta": {"a": 1, "b": 2},
    "tags": [],
}


@pytest.mark.parametrize(
    ("path", "steps"),
    [
        ("title", ("title",)),
        ("body[*].text", ("body", "*", "text")),
        ("body.*.text", ("body", "*", "text")),
        ("body[12].text", ("body", 12, "text")),
        ("credits[3].names[0]", ("credits", 3, "names", 0)),
    ],
)
def test_parse_path_splits_keys_indexes_and_wildcards(
    path: str, steps: tuple[str | int, ...]
) -> None:
    """Keys, [N] and [*] (or a * key) become steps."""
    assert parse_path(path) == steps


@pytest.mark.parametrize("path", ["", ".title", "body[", "body[-1]", "a..b", "a]"])
def test_parse_path_refuses_malformed_paths(path: str) -> None:
    """A path that is not keys and brackets is a ValueError that quotes it."""
    with pytest.raises(ValueError, match="JSON path"):
        parse_path(path)


def test_resolve_expands_wildcards_with_concrete_paths() -> None:
    """Each item a wildcard reaches comes with its own path; a gap is MISSING."""
    found = list(resolve(RECORD, parse_path("body[*].text")))
    assert found == [("body[0].text", "One."), ("body[1].text", MISSING)]
    assert list(resolve(RECORD, parse_path("meta.*"))) == [("meta.a", 1), ("meta.b", 2)]
    assert list(resolve(RECORD, parse_path("tags[*]"))) == []


def test_resolve_reports_where_the_path_breaks() -> None:
    """A missing key, an index past the end or a wildcard on a string yield MISSING."""
    assert list(resolve(RECORD, parse_path("byline"))) == [("byline", MISSING)]
    assert list(resolve(RECORD, parse_path("body[5].text"))) == [("body[5]", MISSING)]
    assert list(resolve(RECORD, parse_path("title[*]"))) == [("title[*]", MISSING)]


class CountedDict(dict):
    """A dict that counts how often its items are walked."""

    walks = 0

    def items(self):  # type: ignore[override]
        CountedDict.walks += 1
        return super().items()


def test_within_walked_once_each_field_of_a_record_is_walked_once() -> None:
    blocks = [CountedDict(text="a"), CountedDict(text="b")]
    record = {"title": "T", "body": blocks, "tags": [CountedDict(name="x")]}
    other = {"body": [CountedDict(text="c")]}
    CountedDict.walks = 0
    with walked_once(record):
        assert strings_of(record, ["title", "body"]).texts == ["T", "a", "b"]
        assert strings_of(record).texts == ["T", "a", "b", "x"]
        assert strings_of(record, ["body", "title"]).texts == ["a", "b", "T"]
        assert strings_of(other).texts == ["c"]
        assert strings_of(other).texts == ["c"]
    assert CountedDict.walks == 2 + 1 + 2  # each block and tag once; the other twice
    assert strings_of(record).texts == ["T", "a", "b", "x"]
    assert CountedDict.walks == 8  # outside the block, walked again


def test_strings_know_their_keys_and_work_out_paths_when_asked() -> None:
    record = {"title": "T", "body": [{"kind": "p", "text": "a"}], "n": 3, "tags": ["x"]}
    strings = strings_of(record, ["body", "tags", "title", "absent"])
    assert strings.texts == ["p", "a", "x", "T"]
    assert strings.keys == ["kind", "text", 0, None]
    assert [strings.path(i) for i in range(4)] == [
        "body[0].kind",
        "body[0].text",
        "tags[0]",
        "title",
    ]
    assert strings.joined == "p\na\nx\nT"
    assert list(iter_strings(record)) == [
        ("title", "T"),
        ("body[0].kind", "p"),
        ("body[0].text", "a"),
        ("tags[0]", "x"),
    ]


def test_strings_of_a_value_that_is_not_an_object() -> None:
    assert strings_of(["a", {"b": "c"}]).texts == ["a", "c"]
    assert [strings_of(["a", {"b": "c"}]).path(i) for i in (0, 1)] == ["[0]", "[1].b"]
    assert strings_of(["a"], ["title"]).texts == []  # no fields in a list
    assert strings_of("just text").texts == ["just text"]
