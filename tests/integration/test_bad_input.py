"""Bad input through the ``harness`` command: clear errors, and no file written.

Where the run can go on, the bad seed fails alone (exit 1) and the others pass;
where it cannot (a broken schema), the command stops with exit 2. Every command
here is run through ``untouched``, which compares the bytes of every file under
seeds/ and snapshots/ before and after: checking never writes, and ``update``
never writes for a seed that does not parse.
"""

from __future__ import annotations

import codecs
import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Cli = Callable[..., Any]
Run = Callable[..., Any]

GOOD = "seeds/tiny/a.txt"
WITH_META = "seeds/tiny/b.txt"
BAD = "seeds/tiny/bad.txt"


@pytest.fixture
def project(tiny_project: Path, cli: Cli) -> Path:
    """The tiny project (seeds a.txt and b.txt with b.meta.json), snapshots accepted."""
    result = cli("update", "--root", tiny_project)
    assert result.code == 0, result.out
    assert cli("check", "--root", tiny_project).code == 0
    return tiny_project


@pytest.fixture
def untouched(cli: Cli, file_hashes: Callable[[Path], dict[str, str]]) -> Run:
    """Run ``harness COMMAND --root ROOT ARGS`` and assert that no seed or snapshot changed."""

    def run(command: str, root: Path, *args: str | Path) -> Any:
        before = file_hashes(root)
        result = cli(command, "--root", root, *args)
        assert file_hashes(root) == before, f"`harness {command}` changed files"
        return result

    return run


def junk() -> bytes:
    """Random bytes, NUL among them, as a capture of an image or an archive would be."""
    return b"\x00\x01\x02" + random.Random(2024).randbytes(4096)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        pytest.param(b"", "page is empty", id="empty"),
        pytest.param(b" \r\n\t\n", "page is empty", id="only-whitespace"),
        pytest.param(junk(), "binary data, not a text or HTML page", id="binary"),
    ],
)
def test_unreadable_page_fails_alone(
    project: Path, untouched: Run, raw: bytes, message: str
) -> None:
    """An empty or binary page fails its own parse, named; the others pass."""
    (project / BAD).write_bytes(raw)

    check = untouched("check", project)
    assert check.code == 1
    assert check.failed_seeds() == [BAD]
    assert f"  parse    {BAD}: {message}" in check.out
    assert check.table()["parse"] == (2, 1, 0)
    assert check.table()["snapshot"] == (2, 0, 1)

    update = untouched("update", project)
    assert update.code == 1
    assert update.failed_seeds() == [BAD]

    show = untouched("show", project, project / BAD)
    assert show.code == 1
    assert f"harness: {BAD}: {message}" in show.err


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(
            codecs.BOM_UTF8 + b"A title\nviews: 1\nBad bytes \xff\xfe here.\n",
            id="utf8-bom",
        ),
        pytest.param(
            codecs.BOM_UTF16_LE
            + "A title\nviews: 1\nText.\n".encode("utf-16-le")
            + b"!",
            id="utf16-bom-odd-length",
        ),
    ],
)
def test_page_contradicting_its_byte_order_mark_fails_alone(
    project: Path, untouched: Run, raw: bytes
) -> None:
    """Bytes that are not in the encoding the page's BOM names fail that seed, not the run."""
    (project / BAD).write_bytes(raw)
    check = untouched("check", project)
    assert check.code == 1
    assert check.failed_seeds() == [BAD]


@pytest.mark.parametrize(
    ("meta", "message"),
    [
        pytest.param('{"url": "https://exa', "not valid JSON", id="invalid-json"),
        pytest.param(
            '{"status": "ok"}', "status: 'ok' is not of type 'integer'", id="wrong-type"
        ),
    ],
)
def test_malformed_meta_json_fails_that_seed_alone(
    project: Path, untouched: Run, meta: str, message: str
) -> None:
    """A broken sidecar fails its seed's parse, naming the meta.json; update keeps the snapshot."""
    (project / "seeds/tiny/b.meta.json").write_text(meta, encoding="utf-8")

    check = untouched("check", project)
    assert check.code == 1
    assert check.failed_seeds() == [WITH_META]
    assert f"seeds/tiny/b.meta.json: {message}" in check.out
    assert check.table()["parse"] == (1, 1, 0)

    update = untouched("update", project)
    assert update.code == 1
    assert update.failed_seeds() == [WITH_META]
    assert f"seeds/tiny/b.meta.json: {message}" in update.out


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        pytest.param('{"type": "object",', "schema is not valid JSON", id="not-json"),
        pytest.param('{"type": 12}', "not a valid JSON Schema: type", id="bad-type"),
        pytest.param("null", None, id="null"),
    ],
)
def test_invalid_schema_stops_the_check(
    project: Path, untouched: Run, schema: str, message: str | None
) -> None:
    """A schema file that is not JSON, or not a JSON Schema: exit 2, naming the file."""
    file = project / "schemas" / "tiny.schema.json"
    file.write_text(schema, encoding="utf-8")
    check = untouched("check", project)
    assert check.code == 2
    assert f"harness: error: {file}: {message or ''}" in check.err
    assert check.out == ""


@pytest.mark.parametrize(
    "corrupt",
    [
        pytest.param(b'{\n  "body": [\n    "The only', id="invalid-json"),
        pytest.param(b'\xff\xfe{"title": "\x80\x81"}\n', id="invalid-utf8"),
    ],
)
def test_corrupt_snapshot_fails_that_seed_and_only_update_rewrites_it(
    project: Path, untouched: Run, cli: Cli, corrupt: bytes
) -> None:
    """A corrupt snapshot fails its seed's snapshot check, named, and stays as it is."""
    file = project / "snapshots/tiny/b.txt.json"
    file.write_bytes(corrupt)

    check = untouched("check", project)
    assert check.code == 1
    assert check.failed_seeds() == [WITH_META]
    assert "  snapshot snapshots/tiny/b.txt.json " in check.out
    assert "it is left as it is" in check.out
    assert check.table()["snapshot"] == (1, 1, 0)

    update = cli("update", "--root", project)
    assert update.code == 0
    assert "updated snapshots/tiny/b.txt.json" in update.out
    assert json.loads(file.read_text(encoding="utf-8"))["title"] == "A second title"
    assert cli("check", "--root", project).code == 0


def test_parser_that_raises_fails_that_seed_alone(
    project: Path, untouched: Run
) -> None:
    """A KeyError in the parser fails that seed's parse, naming page and parser."""
    (project / BAD).write_text("A third title\nNo views line here.\n")
    raised = "parser 'integration-tiny' raised KeyError: 'views'"

    check = untouched("check", project)
    assert check.code == 1
    assert check.failed_seeds() == [BAD]
    assert raised in check.out
    assert check.table() == {
        "parse": (2, 1, 0),
        "schema": (2, 0, 1),
        "snapshot": (2, 0, 1),
        "quality": (2, 0, 1),
    }

    update = untouched("update", project)
    assert update.code == 1
    assert update.failed_seeds() == [BAD]
    assert raised in update.out

    show = untouched("show", project, project / BAD)
    assert show.code == 1
    assert raised in show.err


# A small Chinese page in GBK, with no meta.json and no <meta> to say so.
GBK_PAGE = """小红书迎来新用户
views: 8
本周，大量美国用户涌入小红书，他们在评论区与中国网友热情互动。
许多中国用户主动帮助新来的朋友理解应用的功能，还有人借机练习英语。
"""


def test_undeclared_gbk_page_is_decoded(project: Path, untouched: Run) -> None:
    """A GBK page that declares nothing is read as Chinese text, not mojibake."""
    raw = GBK_PAGE.encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    page = project / "seeds/tiny/gbk.txt"
    page.write_bytes(raw)

    show = untouched("show", project, page, "--json")
    assert show.code == 0, show.err
    title, _, *body = GBK_PAGE.splitlines()
    assert json.loads(show.out) == {"title": title, "views": 8, "body": body}

    check = untouched("check", project)
    assert check.failed_seeds() == ["seeds/tiny/gbk.txt"]
    assert "no snapshot yet" in check.out  # its only failure: it is new
    assert check.table()["parse"] == (3, 0, 0)
    assert check.table()["quality"] == (3, 0, 0)


# -- the reference seed, cut short -----------------------------------------------

SEED = "seeds/aggregator/000_2481e01f35ff6df4.txt"
# The paragraph before the one the seed is cut in.
BEFORE_CUT = (
    "The newcomers, who refer to the app as the Chinese version of Instagram, are "
    "relying on translation tools to navigate Xiaohongshu’s mostly Chinese ecosystem."
)


def cut_mid_sentence(raw: bytes) -> bytes:
    """The seed up to the middle of a sentence, cut between two characters."""
    text = raw.decode("utf-8")
    return text[: text.index("to undermine the US government")].encode("utf-8")


def cut_mid_character(raw: bytes) -> bytes:
    """The seed up to the middle of a sentence, cut inside the three bytes of a ’."""
    return raw[: raw.index("’s decision to ban".encode()) + 1]


@pytest.fixture
def real(real_project: Path, cli: Cli) -> Path:
    """The real project with its snapshots accepted."""
    assert cli("update", "--root", real_project).code == 0
    return real_project


@pytest.mark.parametrize("cut", [cut_mid_sentence, cut_mid_character])
def test_truncated_page_fails_its_snapshot(
    real: Path, untouched: Run, cut: Callable[[bytes], bytes]
) -> None:
    """The seed cut in the middle of its article fails (the body differs), never passes."""
    seed = real / SEED
    seed.write_bytes(cut(seed.read_bytes()))

    check = untouched("check", real)
    assert check.code == 1
    assert check.failed_seeds() == [SEED]
    assert "  snapshot body[" in check.out


def test_page_cut_inside_a_character_is_still_read_as_utf8(
    real: Path, untouched: Run
) -> None:
    """A UTF-8 page cut inside its last character keeps the text before the cut intact."""
    seed = real / SEED
    seed.write_bytes(cut_mid_character(seed.read_bytes()))

    show = untouched("show", real, seed, "--json")
    assert show.code == 0, show.err
    body = [block["text"] for block in json.loads(show.out)["body"]]
    assert BEFORE_CUT in body
