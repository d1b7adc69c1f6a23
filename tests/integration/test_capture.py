"""``harness capture`` and the Fetcher against a real HTTP server on 127.0.0.1.

Nothing here leaves the machine: every URL points at :mod:`page_server`, started
per test on a free port. Waits are made short through the project's settings
(``host_delay``, ``fetch_timeout``) or an injected ``sleep`` that only records.
"""

from __future__ import annotations

import gzip
import hashlib
import itertools
import json
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from page_server import Answer, PageServer, running

from harness.capture import Fetcher, FetchError, default_user_agent
from harness.config import FetchSettings
from harness.pages import load_page, meta_path
from harness.seedstore import REDACTED, seed_name

PAGE = b"<html><head><title>Hello</title></head><body><p>An article.</p></body></html>"
HTML = {"Content-Type": "text/html; charset=utf-8"}

PYPROJECT = """\
[tool.harness]
{settings}

[[tool.harness.sites]]
name = "news"
match = ["news/**"]
parser = "aggregator"
"""
QUICK = {"host_delay": 0, "fetch_timeout": 2, "fetch_retries": 0}
"""Settings that keep the tests fast; a test overrides the one it is about."""


@pytest.fixture
def server() -> Iterator[PageServer]:
    """A page server on 127.0.0.1, stopped after the test."""
    with running() as pages:
        yield pages


@pytest.fixture
def project(tmp_path: Path) -> Callable[..., Path]:
    """A project with one site, ``news``; keyword arguments add [tool.harness] keys."""

    def make(**settings: object) -> Path:
        lines = (f"{k} = {json.dumps(v)}" for k, v in {**QUICK, **settings}.items())
        (tmp_path / "pyproject.toml").write_text(
            PYPROJECT.format(settings="\n".join(lines))
        )
        return tmp_path

    return make


def capture(cli: Callable[..., Any], root: Path, *args: str) -> Any:
    return cli("capture", *args, "--site", "news", "--root", root)


def seeds(root: Path) -> list[str]:
    folder = root / "seeds" / "news"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def meta_of(root: Path, url: str) -> dict[str, object]:
    page = root / "seeds" / "news" / seed_name(url)
    return dict(json.loads(meta_path(page).read_text(encoding="utf-8")))


def recording() -> tuple[list[float], Callable[[float], None]]:
    """A ``sleep`` that waits for nothing and notes what it was asked to wait."""
    waits: list[float] = []
    return waits, waits.append


def test_page_is_saved_with_its_meta(server, project, cli) -> None:
    """A page becomes seeds/<site>/<name>.html with status, sha256, URL and site."""
    url = server.serve("/news/1", Answer(PAGE, headers={**HTML, "X-Id": "7"}))
    root = project()
    run = capture(cli, root, url)
    assert run.code == 0, run.out
    assert f"written seeds/news/{seed_name(url)} (HTTP 200" in run.out
    assert (root / "seeds/news" / seed_name(url)).read_bytes() == PAGE
    meta = meta_of(root, url)
    assert meta["url"] == url
    assert "requested_url" not in meta
    assert meta["status"] == 200
    assert meta["site"] == "news"
    assert meta["source"] == "capture"
    assert meta["sha256"] == hashlib.sha256(PAGE).hexdigest()
    assert meta["headers"]["x-id"] == "7"  # type: ignore[index]
    assert str(meta["captured_at"]).endswith("+00:00")


def test_redirect_chain_records_the_final_url(server, project, cli) -> None:
    """301 then 302: the seed is named after, and its meta holds, the final URL."""
    final = server.serve("/final", Answer(PAGE))
    server.serve("/mid", Answer(b"", 302, {"Location": "/final"}))
    start = server.serve("/start", Answer(b"", 301, {"Location": server.url("/mid")}))
    root = project()
    run = capture(cli, root, start)
    assert run.code == 0, run.out
    assert f"via 2 redirects to {final}" in run.out
    assert seeds(root) == sorted(
        [seed_name(final), meta_path(Path(seed_name(final))).name]
    )
    meta = meta_of(root, final)
    assert (meta["url"], meta["requested_url"]) == (final, start)


def test_endless_redirects_fail(server) -> None:
    """A redirect loop stops at the redirect limit with a message, not a hang."""
    url = server.serve("/loop", Answer(b"", 302, {"Location": "/loop"}))
    with (
        Fetcher(FetchSettings(host_delay=0)) as fetcher,
        pytest.raises(FetchError) as e,
    ):
        fetcher.fetch(url)
    assert "more than 10 redirects" in str(e.value)
    assert len(server.hits("/loop")) == 11


@pytest.mark.parametrize(
    ("status", "reason"), [(404, "Not Found"), (500, "Internal Server Error")]
)
def test_error_page_is_not_saved(server, project, cli, status, reason) -> None:
    """A 404 or a 500 is reported with its status and how to keep it; nothing is written."""
    url = server.serve("/gone", Answer(b"<html>error</html>", status, HTML))
    root = project()
    run = capture(cli, root, url)
    assert run.code == 1
    assert (
        f"FAILED {url}: HTTP {status} {reason}; not saved (--keep-errors saves"
        in run.out
    )
    assert seeds(root) == []


def test_keep_errors_saves_the_error_page_with_its_status(server, project, cli) -> None:
    """--keep-errors saves a 404 page; its meta records the status."""
    url = server.serve("/gone", Answer(b"<html>Not here</html>", 404, HTML))
    root = project()
    run = capture(cli, root, url, "--keep-errors")
    assert run.code == 0, run.out
    assert meta_of(root, url)["status"] == 404


def test_server_error_is_retried_then_fails(server) -> None:
    """A 500 is asked again ``fetch_retries`` times, backing off 2x, then fails."""
    url = server.serve("/broken", Answer(b"oops", 500, HTML))
    waits, sleep = recording()
    settings = FetchSettings(host_delay=0, fetch_retries=3)
    with (
        Fetcher(settings, backoff=0.01, sleep=sleep) as fetcher,
        pytest.raises(FetchError) as e,
    ):
        fetcher.fetch(url)
    assert str(e.value) == "HTTP 500 Internal Server Error after 4 attempts; not saved"
    assert e.value.status == 500
    assert len(server.hits("/broken")) == 4
    assert waits == [0.01, 0.02, 0.04]


def test_unavailable_then_ok_succeeds_after_honouring_retry_after(server) -> None:
    """A 503 with Retry-After: 2 waits 2 s (not the shorter back-off), then saves the 200."""
    url = server.serve(
        "/busy",
        Answer(b"busy", 503, {**HTML, "Retry-After": "2"}),
        Answer(PAGE, 200, HTML),
    )
    waits, sleep = recording()
    with Fetcher(FetchSettings(host_delay=0), backoff=0.01, sleep=sleep) as fetcher:
        fetched = fetcher.fetch(url)
    assert (fetched.capture.status, fetched.capture.body) == (200, PAGE)
    assert fetched.attempts == 2
    assert waits == [2.0]


def test_too_many_requests_asking_too_long_a_wait_fails(server) -> None:
    """A 429 asking for an hour fails at once, saying so, rather than blocking the run."""
    url = server.serve("/limited", Answer(b"", 429, {**HTML, "Retry-After": "3600"}))
    waits, sleep = recording()
    with (
        Fetcher(FetchSettings(host_delay=0), sleep=sleep) as fetcher,
        pytest.raises(FetchError) as e,
    ):
        fetcher.fetch(url)
    assert "asks to wait 3600 s, more than the 60 s" in str(e.value)
    assert waits == []


def test_slow_server_times_out_in_bounded_time(server) -> None:
    """A server slower than fetch_timeout fails with 'timed out' after each retry's timeout."""
    url = server.serve("/slow", Answer(PAGE, delay=3.0))
    settings = FetchSettings(host_delay=0, fetch_timeout=0.2, fetch_retries=1)
    started = time.monotonic()
    with Fetcher(settings, backoff=0.01) as fetcher, pytest.raises(FetchError) as e:
        fetcher.fetch(url)
    elapsed = time.monotonic() - started
    assert str(e.value) == "timed out: no data for 0.2 s (fetch_timeout) (2 attempts)"
    assert 0.4 <= elapsed < 1.5


def test_refused_connection_fails_with_a_message(project, cli) -> None:
    """Nothing listening: the URL fails saying the connection was refused."""
    with running() as gone:
        url = gone.url("/x")
    run = capture(cli, project(), url)
    assert run.code == 1
    assert "cannot connect" in run.out
    assert "Connection refused" in run.out


def test_gbk_page_named_only_in_the_header_decodes(server, project, cli) -> None:
    """A GBK page whose charset is in Content-Type alone loads back as Chinese text."""
    body = "<html><body><p>标签列表：夜市直播带货</p></body></html>".encode("gbk")
    url = server.serve(
        "/gbk", Answer(body, headers={"Content-Type": "text/html; charset=GBK"})
    )
    root = project()
    assert capture(cli, root, url).code == 0
    page = load_page(root / "seeds/news" / seed_name(url), name="gbk")
    assert "标签列表：夜市直播带货" in page.text
    assert meta_of(root, url)["charset"] == "GBK"


@pytest.mark.parametrize(
    ("encoding", "encode"),
    [("gzip", gzip.compress), ("deflate", zlib.compress)],
)
def test_content_encoding_is_undone(server, project, cli, encoding, encode) -> None:
    """A gzip or deflate body is stored decoded, with the sha256 of the decoded bytes."""
    url = server.serve(
        "/zipped", Answer(encode(PAGE), headers={**HTML, "Content-Encoding": encoding})
    )
    root = project()
    assert capture(cli, root, url).code == 0
    assert (root / "seeds/news" / seed_name(url)).read_bytes() == PAGE
    assert meta_of(root, url)["sha256"] == hashlib.sha256(PAGE).hexdigest()
    assert server.requests[0].headers["Accept-Encoding"] == "gzip, deflate"


@pytest.mark.parametrize(
    ("name", "answer", "said"),
    [
        (
            "declared",
            Answer(b"<html>" + b"x" * 5000, headers=HTML),
            "is 4.9 KiB (Content-Length), over",
        ),
        (
            "inflated",  # 40 KiB of page from a few hundred gzipped bytes
            Answer(
                gzip.compress(b"<html>" + b"x" * 40_000),
                headers={**HTML, "Content-Encoding": "gzip"},
            ),
            "the body is over",
        ),
    ],
    ids=["content-length", "gzip-inflating"],
)
def test_body_over_the_size_cap_is_refused(
    server, project, cli, name, answer, said
) -> None:
    """A body over max_page_bytes is refused with the cap named; nothing is written."""
    url = server.serve(f"/{name}", answer)
    root = project(max_page_bytes=4000)
    run = capture(cli, root, url)
    assert run.code == 1
    assert said in run.out
    assert (
        "the 3.9 KiB cap (max_page_bytes in [tool.harness]); refused, nothing saved"
        in run.out
    )
    assert seeds(root) == []


@pytest.mark.parametrize("content_type", ["application/pdf", "application/json"])
def test_non_html_is_not_saved(server, project, cli, content_type) -> None:
    """A PDF or JSON response is not a page: a message names its type, nothing is saved."""
    url = server.serve(
        "/file", Answer(b"%PDF-1.4 or {}", headers={"Content-Type": content_type})
    )
    root = project()
    run = capture(cli, root, url)
    assert run.code == 1
    assert (
        f"FAILED {url}: the response is {content_type}, not a page to keep" in run.out
    )
    assert seeds(root) == []


def test_requests_to_one_host_are_spaced_by_host_delay(server, project, cli) -> None:
    """With host_delay = 0.2, the server sees each request at least 0.2 s after the last."""
    urls = [server.serve(f"/p{i}", Answer(PAGE + str(i).encode())) for i in range(3)]
    run = capture(cli, project(host_delay=0.2), *urls)
    assert run.code == 0, run.out
    arrivals = [r.arrived for r in server.requests]
    assert len(arrivals) == 3
    assert all(b - a >= 0.2 for a, b in itertools.pairwise(arrivals))


def test_retries_wait_their_turn_at_the_rate_limit(server) -> None:
    """A retry to the same host is spaced by host_delay even when the back-off is shorter."""
    url = server.serve("/flaky", Answer(b"", 503, HTML), Answer(PAGE))
    with Fetcher(FetchSettings(host_delay=0.2, fetch_retries=1), backoff=0) as fetcher:
        fetcher.fetch(url)
    first, second = server.hits("/flaky")
    assert second.arrived - first.arrived >= 0.2


def test_user_agent_names_the_tool_or_the_configured_one(server, project, cli) -> None:
    """The default User-Agent is scrape-harness/<version> (+page); user_agent replaces it."""
    url = server.serve("/ua", Answer(PAGE))
    assert capture(cli, project(), url).code == 0
    agent = server.requests[0].headers["User-Agent"]
    assert agent == default_user_agent()
    assert agent.startswith("scrape-harness/")
    assert "(+https://" in agent
    other = server.serve("/ua2", Answer(PAGE + b" "))
    assert (
        capture(cli, project(user_agent="team-bot/2 (+mailto:a@b.c)"), other).code == 0
    )
    assert server.requests[1].headers["User-Agent"] == "team-bot/2 (+mailto:a@b.c)"


def test_set_cookie_is_redacted_in_the_meta(server, project, cli) -> None:
    """Set-Cookie values never reach the meta.json; other headers do."""
    headers = {**HTML, "Set-Cookie": "session=s3cret; Path=/\nother=t0ken"}
    url = server.serve("/cookie", Answer(PAGE, headers=headers))
    root = project()
    assert capture(cli, root, url).code == 0
    meta = meta_of(root, url)
    assert meta["headers"]["set-cookie"] == REDACTED  # type: ignore[index]
    text = meta_path(root / "seeds/news" / seed_name(url)).read_text()
    assert "s3cret" not in text
    assert "t0ken" not in text


def test_existing_seed_is_kept_unless_overwrite(server, project, cli) -> None:
    """A second capture leaves the seed's bytes alone (not even fetched); --overwrite replaces."""
    url = server.serve("/page", Answer(PAGE), Answer(PAGE + b"<!-- v2 -->"))
    root = project()
    assert capture(cli, root, url).code == 0
    seed = root / "seeds/news" / seed_name(url)
    before = seed.read_bytes(), meta_path(seed).read_bytes()
    run = capture(cli, root, url)
    assert run.code == 0
    assert "exists seeds/news/" in run.out
    assert "--overwrite replaces" in run.out
    assert (seed.read_bytes(), meta_path(seed).read_bytes()) == before
    assert len(server.hits("/page")) == 1
    run = capture(cli, root, url, "--overwrite")
    assert run.code == 0, run.out
    assert f"overwritten seeds/news/{seed.name}" in run.out
    assert seed.read_bytes() == PAGE + b"<!-- v2 -->"


def test_some_failed_exits_1_after_saving_the_rest(server, project, cli) -> None:
    """One bad URL among good ones: the good are saved, the summary counts, exit 1."""
    good = server.serve("/good", Answer(PAGE))
    bad = server.url("/missing")
    root = project()
    run = capture(cli, root, good, bad)
    assert run.code == 1
    assert "2 URLs: 1 saved, 0 already there, 1 failed, in seeds/news/" in run.out
    assert (root / "seeds/news" / seed_name(good)).exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ftp://example.com/a"], "ftp://example.com/a: not an http or https URL"),
        (["http:///path"], "http:///path: no host in the URL"),
        (
            ["http://127.0.0.1:1/", "--site", "../up"],
            "site '../up': must be a folder name",
        ),
    ],
)
def test_usage_errors_exit_2_before_fetching(project, cli, args, message) -> None:
    """A malformed URL or site name stops the command with status 2, fetching nothing."""
    root = project()
    run = cli(
        "capture",
        *args,
        *(["--site", "news"] if "--site" not in args else []),
        "--root",
        root,
    )
    assert run.code == 2
    assert message in run.err
    assert not (root / "seeds").exists()


def test_bad_setting_is_a_usage_error(server, project, cli) -> None:
    """A negative host_delay in pyproject.toml is named, with status 2."""
    run = capture(cli, project(host_delay=-1), server.url("/x"))
    assert run.code == 2
    assert "`host_delay` must be a number >= 0, got -1" in run.err


def test_broken_pyproject_is_a_usage_error(server, tmp_path, cli) -> None:
    """An unreadable pyproject.toml is reported, not silently replaced by defaults."""
    (tmp_path / "pyproject.toml").write_text("[tool.harness\n")
    run = capture(cli, tmp_path, server.url("/x"))
    assert run.code == 2
    assert "pyproject.toml: cannot read" in run.err
    assert server.requests == []


def test_folder_without_a_project_gets_seeds_and_default_settings(
    server, tmp_path, cli
) -> None:
    """Without [tool.harness], pages go to ./seeds/<site>/ and the defaults apply."""
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    url = server.serve("/plain", Answer(PAGE))
    run = capture(cli, tmp_path, url)
    assert run.code == 0, run.out
    assert (tmp_path / "seeds/news" / seed_name(url)).read_bytes() == PAGE
