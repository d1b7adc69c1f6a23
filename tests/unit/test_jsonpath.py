"""JSON paths: parsing ``body[*].text`` and resolving it against a record."""

from __future__ import annotations

import pytest

from harness.jsonpath import MISSING, iter_strings, parse_path, resolve, walked_once

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
    expected = [("title", "T"), ("body[0].text", "a"), ("body[1].text", "b")]
    CountedDict.walks = 0
    with walked_once(record):
        assert list(iter_strings(record, ["title", "body"])) == expected
        assert list(iter_strings(record))[:3] == expected
        assert list(iter_strings(record, ["body", "title"])) == [
            *expected[1:],
            expected[0],
        ]
        assert list(iter_strings(other)) == [("body[0].text", "c")]
        assert list(iter_strings(other)) == [("body[0].text", "c")]
    assert CountedDict.walks == 2 + 1 + 2  # each block and tag once; the other twice
    assert list(iter_strings(record)) == [*expected, ("tags[0].name", "x")]
    assert CountedDict.walks == 8  # outside the block, walked again
