"""Parallel and distributed runs give a serial run's verdicts, reports and snapshots.

The same project runs serially, on two worker processes (``--jobs 2``), under
pytest-xdist (``pytest -n 2``) and on Dask (``--engine dask``); their JSON reports
must be byte for byte the same. No field is dropped before comparing: the report
holds no time, host or worker name, and seeds are listed in the project's order
whichever worker checked them. Most Dask tests share one in-process cluster
(worker threads, started once for the module); the report test also starts a
real one, with worker processes, through the command line.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from harness.cli import main

GOOD = "A title {n}\nviews: {n}\nParagraph {n} of a page that passes.\n"
EXPECTED_FAILURES = {
    "seeds/tiny/a.txt": ["snapshot"],
    "seeds/tiny/negative.txt": ["schema"],
    "seeds/tiny/new.txt": ["snapshot"],
    "seeds/tiny/no-views.txt": ["parse"],
}
LOOPS = """from harness.parsers import parser


@parser("integration-loops")
def loops(page, *, site):
    while True:
        pass
"""


@pytest.fixture
def project(tiny_project: Path) -> Path:
    """The tiny project with ten seeds: six pass; the others fail the parse,
    the schema, the snapshot (changed) and the snapshot (none yet)."""
    return build(tiny_project)


def build(root: Path) -> Path:
    seeds = root / "seeds" / "tiny"
    for n in range(5):
        (seeds / f"good-{n}.txt").write_text(GOOD.format(n=n), encoding="utf-8")
    (seeds / "no-views.txt").write_text("A title\nNo views line.\n", encoding="utf-8")
    (seeds / "negative.txt").write_text("A title\nviews: -4\nText.\n", encoding="utf-8")
    assert harness("update", "--root", root) == 1  # no-views fails its parse
    page = seeds / "a.txt"
    page.write_text(page.read_text(encoding="utf-8") + "A new paragraph.\n")
    (seeds / "new.txt").write_text(GOOD.format(n=99), encoding="utf-8")
    return root


def harness(*args: str | Path) -> int:
    """``harness ARGS`` in this process."""
    return main([str(arg) for arg in args])


def run(
    *args: str | Path, cwd: Path, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """``python ARGS`` in a child process."""
    return subprocess.run(
        [sys.executable, *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def failures(report: Path) -> dict[str, list[str]]:
    data = json.loads(report.read_text(encoding="utf-8"))
    return {
        seed["page"]: [c["check"] for c in seed["checks"] if c["status"] == "failed"]
        for seed in data["seeds"]
        if seed["status"] == "failed"
    }


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """The address of a Dask cluster of two worker threads in this process."""
    distributed = pytest.importorskip(
        "distributed", reason="--engine dask needs the dask extra"
    )
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0"
    ) as cluster:
        yield cluster.scheduler_address


def test_serial_jobs_xdist_and_dask_write_the_same_json_report(
    project: Path, tmp_path: Path, scheduler: str
) -> None:
    """Serial, --jobs 2, pytest -n 2 and --engine dask (worker threads, and worker
    processes) write byte-identical JSON reports, failures included."""
    pytest.importorskip("xdist", reason="pytest -n needs pytest-xdist")
    reports = {
        name: tmp_path / f"{name}.json"
        for name in ("serial", "jobs", "xdist", "threads", "processes")
    }
    check = ("check", "--root", project, "--no-cache", "--report-json")
    assert harness(*check, reports["serial"]) == 1
    assert harness(*check, reports["jobs"], "--jobs", "2") == 1
    assert (
        harness(
            *check, reports["threads"], "--engine", "dask", "--scheduler", scheduler
        )
        == 1
    )
    xdist = run(
        "-m",
        "pytest",
        "-n",
        "2",
        "-p",
        "no:cacheprovider",
        "--report-json",
        reports["xdist"],
        cwd=project,
    )
    assert xdist.returncode == 1, xdist.stdout + xdist.stderr
    assert "4 failed" in xdist.stdout
    processes = run(
        "-m",
        "harness.cli",
        *check,
        reports["processes"],
        "--engine",
        "dask",
        "--jobs",
        "2",
        cwd=project,
    )
    assert processes.returncode == 1, processes.stdout + processes.stderr

    assert failures(reports["serial"]) == EXPECTED_FAILURES
    serial = reports["serial"].read_bytes()
    for name, report in reports.items():
        assert report.read_bytes() == serial, (
            f"the {name} report differs from the serial one"
        )


def test_xdist_writes_the_markdown_and_html_reports_of_a_serial_run(
    project: Path, tmp_path: Path
) -> None:
    """pytest -n 2 writes the Markdown and HTML reports plain pytest writes; only
    the HTML's script nonce differs, as it does between any two runs."""
    pytest.importorskip("xdist", reason="pytest -n needs pytest-xdist")
    written = {}
    for name, extra in (("serial", ()), ("xdist", ("-n", "2"))):
        md, html = tmp_path / f"{name}.md", tmp_path / f"{name}.html"
        result = run(
            "-m", "pytest", *extra, "-p", "no:cacheprovider",
            "--report-md", md, "--report-html", html, cwd=project,
        )  # fmt: skip
        assert result.returncode == 1, result.stdout + result.stderr
        nonce = re.search(r"nonce-([\w-]+)", html.read_text(encoding="utf-8"))
        assert nonce is not None
        shown = html.read_text(encoding="utf-8").replace(nonce[1], "NONCE")
        written[name] = (md.read_text(encoding="utf-8"), shown)
    assert written["xdist"] == written["serial"]
    assert "no-views.txt" in written["serial"][0]
    assert "4 of 10 seeds failed" in written["serial"][1]


def test_xdist_snapshot_update_writes_what_harness_update_writes(
    project: Path, tmp_path: Path, file_hashes: Callable[[Path], dict[str, str]]
) -> None:
    """pytest -n 2 --snapshot-update leaves the same snapshot files as harness update."""
    pytest.importorskip("xdist", reason="pytest -n needs pytest-xdist")
    twin = tmp_path / "twin"
    shutil.copytree(project, twin)
    assert harness("update", "--root", project) == 1
    result = run(
        "-m",
        "pytest",
        "-n",
        "2",
        "-p",
        "no:cacheprovider",
        "--snapshot-update",
        cwd=twin,
    )
    assert result.returncode == 1, result.stdout + result.stderr  # parse and schema
    assert file_hashes(twin) == file_hashes(project)


def test_update_on_dask_writes_the_snapshots_of_a_serial_update(
    project: Path,
    tmp_path: Path,
    scheduler: str,
    file_hashes: Callable[[Path], dict[str, str]],
) -> None:
    """harness update --engine dask parses on the workers and writes on the client
    exactly the snapshots a serial update writes."""
    twin = tmp_path / "twin"
    shutil.copytree(project, twin)
    assert harness("update", "--root", project) == 1
    assert (
        harness("update", "--root", twin, "--engine", "dask", "--scheduler", scheduler)
        == 1
    )
    assert file_hashes(twin) == file_hashes(project)
    assert (twin / "snapshots" / "tiny" / "new.txt.json").is_file()


def test_a_runaway_parse_on_a_dask_worker_fails_its_seed_only(
    project: Path, scheduler: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A parser that never returns is stopped at parse_timeout on the worker: its
    seed fails with a timeout, the others get their usual verdicts."""
    config = project / "pyproject.toml"
    text = config.read_text(encoding="utf-8").replace(
        'plugins = ["parsers.py"]',
        'plugins = ["parsers.py", "loops.py"]\nparse_timeout = 1',
    )
    text += '\n[[tool.harness.sites]]\nname = "loops"\nmatch = ["loops/**"]\nparser = "integration-loops"\n'
    config.write_text(text, encoding="utf-8")
    (project / "loops.py").write_text(LOOPS, encoding="utf-8")
    (project / "seeds" / "loops").mkdir()
    (project / "seeds" / "loops" / "forever.txt").write_text("x\n", encoding="utf-8")
    report = project / "report.json"

    started = time.monotonic()
    code = harness(
        "check",
        "--root",
        project,
        "--no-cache",
        "--engine",
        "dask",
        "--scheduler",
        scheduler,
        "--report-json",
        report,
    )
    elapsed = time.monotonic() - started

    assert code == 1
    assert failures(report) == {
        "seeds/loops/forever.txt": ["parse"],
        **EXPECTED_FAILURES,
    }
    assert (
        "parser 'integration-loops' took more than 1 s; stopped"
        in capsys.readouterr().out
    )
    assert elapsed < 20


def test_an_unreachable_scheduler_is_a_usage_error(project: Path) -> None:
    """--scheduler naming no running scheduler exits 2 and says which address failed."""
    pytest.importorskip("distributed", reason="--engine dask needs the dask extra")
    env = {**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "1s"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "harness.cli",
            "check",
            "--root",
            str(project),
            "--engine",
            "dask",
            "--scheduler",
            "tcp://127.0.0.1:9",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert (
        "harness: error: --scheduler tcp://127.0.0.1:9: cannot reach the Dask scheduler"
        in result.stderr
    )
    assert "Traceback" not in result.stderr


def test_without_dask_the_engine_says_how_to_install_it(project: Path) -> None:
    """With no distributed package, --engine dask exits 2 naming the extra to install."""
    code = (
        "import sys; sys.modules['distributed'] = None; from harness.cli import main; "
        f"sys.exit(main(['check', '--root', {str(project)!r}, '--engine', 'dask']))"
    )
    result = run("-c", code, cwd=project)
    assert result.returncode == 2, result.stderr
    assert "--engine dask needs Dask's distributed package" in result.stderr
    assert "pip install 'scrape-harness[dask]'" in result.stderr


def test_scheduler_without_the_dask_engine_is_a_usage_error(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--scheduler alone, or with --jobs, is refused rather than ignored."""
    assert harness("check", "--root", project, "--scheduler", "tcp://127.0.0.1:9") == 2
    assert "--scheduler needs --engine dask" in capsys.readouterr().err
    assert (
        harness(
            "check",
            "--root",
            project,
            "--engine",
            "dask",
            "--scheduler",
            "tcp://127.0.0.1:9",
            "--jobs",
            "2",
        )
        == 2
    )
    assert "--jobs sizes a local Dask cluster" in capsys.readouterr().err


def test_a_worker_running_other_code_is_refused(project: Path) -> None:
    """A worker whose harness or parsers differ from the client's refuses the run,
    rather than return verdicts the client would cache as its own."""
    from harness.distributed import RunSpec, check_batch
    from harness.engine import Project
    from harness.errors import ConfigError

    spec = RunSpec(
        root=Project(project).root,
        seeds=None,
        parser=None,
        cwd=Path.cwd(),
        code="other",
        run="a run",
    )
    with pytest.raises(ConfigError, match="runs other code than the client"):
        check_batch(spec, [project / "seeds" / "tiny" / "b.txt"])


def test_a_scheduler_without_workers_is_a_usage_error(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A scheduler no worker joins fails the run after Dask's connect timeout,
    saying how to start a worker, rather than wait for ever."""
    distributed = pytest.importorskip(
        "distributed", reason="--engine dask needs the dask extra"
    )
    import dask

    with (
        distributed.LocalCluster(
            n_workers=0, processes=False, dashboard_address=":0"
        ) as empty,
        dask.config.set({"distributed.comm.timeouts.connect": "1s"}),
    ):
        code = harness(
            "check",
            "--root",
            project,
            "--engine",
            "dask",
            "--scheduler",
            empty.scheduler_address,
        )
    assert code == 2
    err = capsys.readouterr().err
    assert "no Dask worker joined in 1 s; start some: dask worker " in err
