"""Snapshot files: byte-stable text, volatile masking, where each seed's file lives."""

from __future__ import annotations

from pathlib import Path

from harness.snapshots import SnapshotLayout, read, serialize, write

RECORD = {
    "title": "小红书 “RedNote”",
    "views": 17,
    "body": [{"text": "a", "kind": "paragraph"}],
}


def test_serialize_is_sorted_unescaped_and_newline_terminated():
    """Keys sorted, non-ASCII kept as is, two-space indent, one final newline."""
    assert serialize(RECORD) == (
        "{\n"
        '  "body": [\n'
        "    {\n"
        '      "kind": "paragraph",\n'
        '      "text": "a"\n'
        "    }\n"
        "  ],\n"
        '  "title": "小红书 “RedNote”",\n'
        '  "views": 17\n'
        "}\n"
    )


def test_serialize_ignores_key_order():
    """Two records equal as JSON serialize to the same bytes."""
    reordered = dict(reversed(list(RECORD.items())))
    assert serialize(reordered) == serialize(RECORD)


def test_volatile_paths_are_masked_by_type():
    """Volatile values are replaced by their JSON type; wildcards match one level."""
    text = serialize(RECORD, ["views", "body.*.text"])
    assert '"views": "<volatile integer>"' in text
    assert '"text": "<volatile string>"' in text
    assert '"kind": "paragraph"' in text
    assert serialize({**RECORD, "views": 99}, ["views"]) == serialize(RECORD, ["views"])


def test_write_is_byte_exact_and_read_back(tmp_path):
    """Written snapshots use \\n line ends on every platform and read back unchanged."""
    file = tmp_path / "deep" / "a.txt.json"
    write(file, serialize(RECORD))
    assert file.read_bytes() == serialize(RECORD).encode("utf-8")
    assert read(file) == serialize(RECORD)
    assert read(tmp_path / "missing.json") is None
    assert [p.name for p in file.parent.iterdir()] == ["a.txt.json"]  # no temp left


def test_layout_mirrors_seed_paths_and_finds_stale_files(tmp_path):
    """seeds/s/a.txt maps to snapshots/s/a.txt.json; a snapshot without its seed is stale."""
    layout = SnapshotLayout(tmp_path / "seeds", tmp_path / "snapshots")
    seed = tmp_path / "seeds" / "s" / "a.txt"
    seed.parent.mkdir(parents=True)
    seed.write_text("x")
    assert layout.file_for(seed) == tmp_path / "snapshots" / "s" / "a.txt.json"
    assert layout.seed_for(layout.file_for(seed)) == seed
    write(layout.file_for(seed), "{}\n")
    gone = tmp_path / "snapshots" / "old" / "b.html.json"
    write(gone, "{}\n")
    assert layout.stale() == [gone]
    assert SnapshotLayout(Path("nowhere"), Path("nothing")).stale() == []
