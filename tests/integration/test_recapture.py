"""``harness recapture``: the live page checked against the seed's snapshot, then accepted or discarded.

The project is a copy of this repository's (the reference ``aggregator`` site,
its seeds and reviewed snapshots). Each seed gets a meta.json whose ``url``
points at :mod:`page_server` on 127.0.0.1, which serves the seed's own text,
or the text with one edit: the "live site" changed.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from page_server import Answer, PageServer, running

from harness.pages import meta_path

TEXT_SEED = "seeds/aggregator/000_2481e01f35ff6df4.txt"
HTML_SEED = "seeds/aggregator/001_cbn_special.html"
TEXT_SNAPSHOT = "snapshots/aggregator/000_2481e01f35ff6df4.txt.json"
PENDING = ".recapture/aggregator/000_2481e01f35ff6df4.txt"
BYLINE = "csdh11 2025-02-04 13:36 17 浏览"
TAGS = "mydisktest_v298 (34)\ndocument.appendchild (35)\n头像打包下载 (61)\n"
CONTENT_TYPES = {
    ".txt": "text/plain; charset=utf-8",
    ".html": "text/html; charset=utf-8",
}


@pytest.fixture
def server() -> Iterator[PageServer]:
    """A page server on 127.0.0.1, stopped after the test."""
    with running() as pages:
        yield pages


@pytest.fixture
def project(real_project: Path, server: PageServer) -> Path:
    """The real project, fetching fast, each seed's meta url pointing at the server."""
    pyproject = real_project / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    assert text.count("[tool.harness]\n") == 1
    quick = "[tool.harness]\nhost_delay = 0\nfetch_timeout = 2\nfetch_retries = 0\n"
    pyproject.write_text(text.replace("[tool.harness]\n", quick), encoding="utf-8")
    for seed in (TEXT_SEED, HTML_SEED):
        path = real_project / seed
        meta = {
            "url": server.url("/" + path.name),
            "status": 200,
            "content_type": CONTENT_TYPES[path.suffix],
            "note": "kept by other tools",
        }
        meta_path(path).write_text(json.dumps(meta), encoding="utf-8")
    return real_project


def serve(
    server: PageServer, root: Path, seed: str, edit: Callable[[str], str]
) -> None:
    """Serve the seed's text, edited, at the seed's URL."""
    path = root / seed
    text = edit(path.read_text(encoding="utf-8"))
    headers = {"Content-Type": CONTENT_TYPES[path.suffix]}
    server.serve("/" + path.name, Answer(text.encode("utf-8"), headers=headers))


def same(text: str) -> str:
    return text


def views_changed(text: str) -> str:
    assert text.count(BYLINE) == 1
    return text.replace(BYLINE, "csdh11 2025-02-04 13:36 1,204 浏览")


def tags_leaked(text: str) -> str:
    """The 标签列表 tags, without their bullets, just above the credits."""
    return text.replace("Executive Editor:", TAGS + "Executive Editor:", 1)


def paragraph_edited(text: str) -> str:
    old = "Why Xiaohongshu?"
    assert text.count(old) == 1
    return text.replace(old, "Why Xiaohongshu, and why now?")


def test_unchanged_page_passes_leaving_nothing_pending(server, project, cli) -> None:
    """The same bytes live: 'unchanged', exit 0, nothing to accept."""
    for seed in (TEXT_SEED, HTML_SEED):
        serve(server, project, seed, same)
    run = cli("recapture", "--root", project)
    assert run.code == 0, run.out
    assert f"unchanged {TEXT_SEED}: the live page has the same bytes" in run.out
    assert f"unchanged {HTML_SEED}: " in run.out
    assert "2 seeds recaptured: 2 unchanged, 0 passed, 0 changed, 0 failed" in run.out
    assert not (project / ".recapture").exists()


def test_view_counter_change_passes(server, project, cli, file_hashes) -> None:
    """Only the volatile view count moved: 'passed', exit 0, seed and snapshot untouched."""
    serve(server, project, TEXT_SEED, views_changed)
    before = file_hashes(project)
    run = cli("recapture", project / TEXT_SEED, "--root", project)
    assert run.code == 0, run.out
    assert f"passed {TEXT_SEED}: the live page parses to the snapshot" in run.out
    assert f"pending {PENDING}" in run.out
    assert (
        "1 pending in .recapture/ (the seeds and snapshots are untouched):" in run.out
    )
    assert file_hashes(project) == before
    assert "1,204 浏览" in (project / PENDING).read_text(encoding="utf-8")


def test_leaked_tag_list_fails_naming_body(server, project, cli, file_hashes) -> None:
    """A tag list leaked into the live article: CHANGED with body findings, exit 1; old files kept."""
    serve(server, project, TEXT_SEED, tags_leaked)
    before = file_hashes(project)
    run = cli("recapture", project / TEXT_SEED, "--root", project)
    assert run.code == 1
    assert f"CHANGED {TEXT_SEED}: the live page parses differently" in run.out
    assert "  snapshot body[37]: " in run.out
    assert "'mydisktest_v298 (34)'" in run.out
    assert (
        '  quality  body[37].text: expected article text, found a tag-list line "mydisktest_v298 (34)"'
        in run.out
    )
    assert "1 changed" in run.out
    assert file_hashes(project) == before
    assert (project / PENDING).is_file()


def test_pending_recaptures_are_not_checked_as_seeds(server, project, cli) -> None:
    """`harness check` still sees the two seeds, not the pending capture beside them."""
    serve(server, project, TEXT_SEED, tags_leaked)
    cli("recapture", project / TEXT_SEED, "--root", project)
    run = cli("check", "--root", project)
    assert run.code == 0, run.out
    assert run.table()["parse"] == (2, 0, 0)


def test_accept_replaces_the_seed_and_updates_its_snapshot(
    server, project, cli
) -> None:
    """--accept: the seed becomes the live page (meta kept other tools' keys), the snapshot follows."""
    serve(server, project, TEXT_SEED, paragraph_edited)
    snapshot_before = (project / TEXT_SNAPSHOT).read_text(encoding="utf-8")
    run = cli("recapture", "--root", project)
    assert run.code == 1
    assert f"CHANGED {TEXT_SEED}" in run.out
    assert (
        f"FAILED {HTML_SEED}: {server.url('/001_cbn_special.html')}: HTTP 404"
        in run.out
    )

    run = cli("recapture", "--accept", "--root", project)
    assert run.code == 0, run.out
    assert f"accepted {TEXT_SEED}: seed replaced, snapshot updated" in run.out
    assert "1 pending recapture accepted" in run.out
    seed = project / TEXT_SEED
    assert "Why Xiaohongshu, and why now?" in seed.read_text(encoding="utf-8")
    meta = json.loads(meta_path(seed).read_text(encoding="utf-8"))
    assert meta["source"] == "recapture"
    assert meta["site"] == "aggregator"
    assert meta["note"] == "kept by other tools"
    snapshot = (project / TEXT_SNAPSHOT).read_text(encoding="utf-8")
    assert snapshot != snapshot_before
    assert "Why Xiaohongshu, and why now?" in snapshot
    assert not (project / ".recapture").exists()
    assert cli("check", "--root", project).code == 0


def test_discard_removes_pending_and_keeps_the_seed(
    server, project, cli, file_hashes
) -> None:
    """--discard deletes the pending capture; the seed and snapshot are as before."""
    serve(server, project, TEXT_SEED, tags_leaked)
    before = file_hashes(project)
    assert cli("recapture", project / TEXT_SEED, "--root", project).code == 1
    run = cli("recapture", "--discard", project / TEXT_SEED, "--root", project)
    assert run.code == 0, run.out
    assert f"discarded {PENDING}" in run.out
    assert not (project / ".recapture").exists()
    assert file_hashes(project) == before
    run = cli("recapture", "--accept", "--root", project)
    assert "nothing pending" in run.out


def test_accept_only_the_named_seeds(server, project, cli) -> None:
    """--accept PATH accepts that seed's pending capture and leaves the others pending."""
    serve(server, project, TEXT_SEED, views_changed)
    serve(server, project, HTML_SEED, lambda t: t.replace("17 浏览", "99 浏览"))
    assert cli("recapture", "--root", project).code == 0
    run = cli("recapture", "--accept", project / HTML_SEED, "--root", project)
    assert run.code == 0, run.out
    assert f"accepted {HTML_SEED}: seed replaced, snapshot unchanged" in run.out
    assert "99 浏览" in (project / HTML_SEED).read_text(encoding="utf-8")
    assert (project / PENDING).is_file()


def test_seed_without_url_is_skipped(server, project, cli) -> None:
    """A seed whose meta has no url cannot be recaptured: 'skipped', not a failure."""
    meta_path(project / TEXT_SEED).unlink()
    serve(server, project, HTML_SEED, same)
    run = cli("recapture", "--root", project)
    assert run.code == 0, run.out
    assert f"skipped {TEXT_SEED}: its meta.json has no url to fetch" in run.out
    assert "0 failed, 1 skipped" in run.out


def test_gzipped_seed_stays_gzipped_on_accept(server, project, cli) -> None:
    """A .txt.gz seed is recaptured into a plain pending page and accepted back gzipped."""
    seed = project / TEXT_SEED
    serve(server, project, TEXT_SEED, paragraph_edited)
    zipped = seed.with_name(seed.name + ".gz")
    zipped.write_bytes(gzip.compress(seed.read_bytes()))
    seed.unlink()
    (project / TEXT_SNAPSHOT).unlink()
    assert cli("update", zipped, "--root", project).code == 0
    run = cli("recapture", zipped, "--root", project)
    assert run.code == 1
    assert f"pending {PENDING}" in run.out
    run = cli("recapture", "--accept", "--root", project)
    assert run.code == 0, run.out
    text = gzip.decompress(zipped.read_bytes()).decode("utf-8")
    assert "Why Xiaohongshu, and why now?" in text
    assert not seed.exists()
    assert cli("check", "--root", project).code == 0


def test_paths_outside_the_seeds_folder_are_usage_errors(project, cli) -> None:
    """Naming the pending file instead of the seed is refused with status 2."""
    (project / ".recapture").mkdir()
    run = cli("recapture", "--accept", project / ".recapture", "--root", project)
    assert run.code == 2
    assert "not inside the seeds folder" in run.err


def meta(root: Path, seed: str) -> dict[str, Any]:
    return dict(json.loads(meta_path(root / seed).read_text(encoding="utf-8")))
