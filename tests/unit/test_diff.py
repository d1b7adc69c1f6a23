"""Field-level diffs: changed scalars, added and removed keys, list insertions."""

from __future__ import annotations

from harness.diff import Change, diff

BODY = [{"kind": "paragraph", "text": f"Paragraph {i}."} for i in range(5)]


def test_equal_records_have_no_changes():
    """Nothing to report when the records are equal."""
    assert diff({"a": [1, {"b": 2}]}, {"a": [1, {"b": 2}]}) == []


def test_scalar_change_added_and_removed_keys():
    """Changed values, new keys and dropped keys are each named by path."""
    changes = diff({"title": "A", "gone": 1}, {"title": "B", "new": 2})
    assert changes == [
        Change("gone", "removed", old=1),
        Change("new", "added", new=2),
        Change("title", "changed", old="A", new="B"),
    ]
    assert changes[2].describe() == "changed from 'A' to 'B'"


def test_blocks_appended_to_a_list_read_as_an_insertion():
    """Tag lines appended to the body are one insertion, not a change of every block."""
    leaked = [
        {"kind": "paragraph", "text": t} for t in ("mydisktest_v298 (34)", "pts/1 (33)")
    ]
    changes = diff({"body": BODY}, {"body": BODY + leaked})
    assert changes == [Change("body[5]", "inserted", new=leaked)]
    assert (
        changes[0].describe()
        == "2 items inserted: 'mydisktest_v298 (34)', 'pts/1 (33)'"
    )


def test_block_edited_in_place_is_diffed_inside():
    """A paragraph edited in place is reported at its text, not as delete plus insert."""
    edited = [*BODY[:2], {"kind": "paragraph", "text": "Edited."}, *BODY[3:]]
    assert diff(BODY, edited) == [
        Change("[2].text", "changed", old="Paragraph 2.", new="Edited.")
    ]


def test_truncated_list_reads_as_deletion():
    """Lost trailing blocks are one deletion with a count."""
    changes = diff({"body": BODY}, {"body": BODY[:2]})
    assert changes == [Change("body[2]", "deleted", old=BODY[2:])]
    assert changes[0].describe().startswith("3 items deleted: 'Paragraph 2.'")
