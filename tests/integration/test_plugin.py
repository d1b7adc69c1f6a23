"""The pytest plugin, driven through ``pytester`` on a copy of the tiny project.

pytest runs in this process (each fresh one costs most of a second of start-up),
except for one smoke test in a subprocess. That is safe because the plugin hands
its class-level snapshot layout back when a run ends (the last test checks it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from harness.engine import Project, check_all
from harness.model import CHECKS
from harness.syrupy_extension import SeedSnapshotExtension

A, B = "seeds/tiny/a.txt", "seeds/tiny/b.txt"
# The tiny seeds have no ground truth, so their truth items skip.
VERDICT = dict.fromkeys(CHECKS, "PASSED") | {"truth": "SKIPPED"}


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    """pytest in the project, reporting failures and skips in the summary."""
    return pytester.runpytest("-p", "no:cacheprovider", "-rfs", *args)


def accept(pytester: pytest.Pytester) -> None:
    """Write every snapshot with pytest --snapshot-update."""
    result = run(pytester, "--snapshot-update")
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()


def failed_items(result: pytest.RunResult) -> set[tuple[str, str]]:
    """(seed, check) of every item the short summary lists as FAILED."""
    found = re.findall(r"^FAILED (\S+)::(\w+)", result.stdout.str(), re.MULTILINE)
    return set(found)


def test_each_seed_is_collected_as_one_item_per_check(tiny: pytest.Pytester) -> None:
    """In a fresh pytest process, node ids are seeds/<site>/<name>.txt::<check>,
    then corpus::<site> for each site."""
    result = tiny.runpytest_subprocess("-p", "no:cacheprovider", "--collect-only", "-q")
    items = [line for line in result.stdout.lines if "::" in line]
    seeds = [f"{seed}::{check}" for seed in (A, B) for check in CHECKS]
    assert items == [*seeds, "corpus::tiny"]


def test_verbose_run_reports_each_check_by_node_id(tiny: pytest.Pytester) -> None:
    """`pytest -v` reports every check of every seed under its node id."""
    accept(tiny)
    result = run(tiny, "-v")
    result.stdout.fnmatch_lines(
        [f"{seed}::{check} {VERDICT[check]}*" for seed in (A, B) for check in CHECKS]
        + ["corpus::tiny PASSED*"]
    )
    result.assert_outcomes(passed=9, skipped=2)


def test_missing_snapshot_fails_until_snapshot_update_writes_it(
    tiny: pytest.Pytester,
) -> None:
    """A missing snapshot fails ::snapshot; --snapshot-update generates it; then it passes."""
    accept(tiny)
    snapshot = tiny.path / "snapshots/tiny/b.txt.json"
    accepted = snapshot.read_bytes()
    snapshot.unlink()

    missing = run(tiny)
    missing.assert_outcomes(passed=8, failed=1, skipped=2)
    assert failed_items(missing) == {(B, "snapshot")}
    missing.stdout.fnmatch_lines(
        ["*no snapshot yet: snapshots/tiny/b.txt.json does not exist*"]
    )
    assert not snapshot.exists()

    update = run(tiny, "--snapshot-update")
    update.assert_outcomes(passed=9, skipped=2)
    update.stdout.fnmatch_lines(["*1 snapshot generated.*"])
    assert snapshot.read_bytes() == accepted

    run(tiny).assert_outcomes(passed=9, skipped=2)


def test_stale_snapshot_is_unused_until_snapshot_update_deletes_it(
    tiny: pytest.Pytester,
) -> None:
    """A deleted seed's snapshot is reported unused and fails the run; --snapshot-update deletes it."""
    accept(tiny)
    (tiny.path / B).unlink()
    snapshot = tiny.path / "snapshots/tiny/b.txt.json"

    stale = run(tiny)
    stale.assert_outcomes(passed=5, skipped=1)
    assert stale.ret == pytest.ExitCode.TESTS_FAILED
    stale.stdout.fnmatch_lines(["*1 snapshot unused*"])
    assert snapshot.is_file()

    update = run(tiny, "--snapshot-update")
    assert update.ret == pytest.ExitCode.OK
    update.stdout.fnmatch_lines(["*1 unused snapshot deleted*"])
    assert not snapshot.exists()

    assert run(tiny).ret == pytest.ExitCode.OK


def test_parser_error_fails_only_parse_and_keeps_the_snapshot(
    tiny: pytest.Pytester,
) -> None:
    """A raising parser fails ::parse, skips the rest, and --snapshot-update keeps the snapshot."""
    accept(tiny)
    snapshot = tiny.path / "snapshots/tiny/b.txt.json"
    accepted = snapshot.read_bytes()
    (tiny.path / B).write_text("A second title\nThe views line is gone.\n")

    result = run(tiny, "--snapshot-update")
    result.assert_outcomes(passed=5, failed=1, skipped=5)
    assert failed_items(result) == {(B, "parse")}
    result.stdout.fnmatch_lines(
        [
            "*parser 'integration-tiny' raised KeyError: 'views'*",
            "*the parse failed*",
        ]
    )
    assert snapshot.read_bytes() == accepted


def test_volatile_field_may_change_but_a_stable_one_may_not(
    tiny: pytest.Pytester,
) -> None:
    """With volatile = ["views"], a new view count passes the snapshot; a new title fails it."""
    accept(tiny)
    seed = tiny.path / A
    text = seed.read_text(encoding="utf-8")

    seed.write_text(text.replace("views: 3\n", "views: 3000\n"), encoding="utf-8")
    run(tiny).assert_outcomes(passed=9, skipped=2)

    seed.write_text(text.replace("A first title", "A new title"), encoding="utf-8")
    changed = run(tiny)
    changed.assert_outcomes(passed=8, failed=1, skipped=2)
    assert failed_items(changed) == {(A, "snapshot")}
    # A plain substring: fnmatch would read "[-first-]" as a character class.
    assert (
        "snapshot changed: title: changed: 'A [-first-]{+new+} title'"
        in changed.stdout.str()
    )


@pytest.mark.parametrize(
    ("corrupt", "message"),
    [
        pytest.param(
            b'{\n  "body": [',
            "is not valid JSON (Expecting value: line 2 column 12)",
            id="invalid-json",
        ),
        pytest.param(b"\xff\xfe\x00\x80 not text", "cannot be read", id="invalid-utf8"),
    ],
)
def test_corrupt_snapshot_fails_and_snapshot_update_repairs_it(
    tiny: pytest.Pytester, corrupt: bytes, message: str
) -> None:
    """A corrupt snapshot fails its seed alone and stays; --snapshot-update rewrites it."""
    accept(tiny)
    snapshot = tiny.path / "snapshots/tiny/b.txt.json"
    accepted = snapshot.read_bytes()
    snapshot.write_bytes(corrupt)

    result = run(tiny)
    result.assert_outcomes(passed=8, failed=1, skipped=2)
    assert failed_items(result) == {(B, "snapshot")}
    result.stdout.fnmatch_lines([f"*snapshots/tiny/b.txt.json {message}*"])
    assert snapshot.read_bytes() == corrupt

    repaired = run(tiny, "--snapshot-update")
    assert repaired.ret == pytest.ExitCode.OK, repaired.stdout.str()
    assert snapshot.read_bytes() == accepted


def test_broken_schema_stops_pytest_with_a_usage_error(tiny: pytest.Pytester) -> None:
    """A schema that is not a JSON Schema stops the run before any test, naming the file."""
    (tiny.path / "schemas/tiny.schema.json").write_text('{"type": 12}')
    result = run(tiny)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["*scrape harness: *schemas/tiny.schema.json: not a valid JSON Schema: type*"]
    )


# A project where each seed fails a different check, or none.
VERDICT_SEEDS = {
    "seeds/tiny/a.txt": "A first title\nviews: 3\nA paragraph that stays.\n",
    "seeds/tiny/changed.txt": "Changed\nviews: 1\nThe paragraph before.\n",
    "seeds/tiny/schema.txt": "Negative views\nviews: -5\nA paragraph.\n",
    "seeds/tiny/quality.txt": "相关推荐\nviews: 2\nA widget header as the title.\n",
}


def test_cli_engine_and_pytest_give_the_same_verdicts(
    tiny: pytest.Pytester, cli: Callable[..., Any]
) -> None:
    """The same (seed, check) pairs fail in `harness check`, the engine and pytest."""
    root = tiny.path
    (root / B).unlink()
    (root / "seeds/tiny/b.meta.json").unlink()
    for name, text in VERDICT_SEEDS.items():
        (root / name).write_text(text, encoding="utf-8")
    assert cli("update", "--root", root).code == 0
    changed = root / "seeds/tiny/changed.txt"
    changed.write_text("Changed\nviews: 1\nThe paragraph after.\n", encoding="utf-8")
    expected = {
        ("seeds/tiny/changed.txt", "snapshot"),
        ("seeds/tiny/schema.txt", "schema"),
        ("seeds/tiny/quality.txt", "quality"),
    }

    project = Project(root)
    engine = {
        (seed.page, result.check)
        for seed in check_all(project, project.pages())
        for result in seed.results
        if result.failed
    }
    assert engine == expected

    check = cli("check", "--root", root)
    assert check.code == 1
    assert check.failed_checks() == expected
    assert sorted(check.failed_seeds()) == sorted(seed for seed, _ in expected)

    pytest_run = run(tiny)
    assert failed_items(pytest_run) == expected
    pytest_run.assert_outcomes(passed=14, failed=3, skipped=4)


def test_in_process_run_keeps_the_outer_snapshot_layout(tiny: pytest.Pytester) -> None:
    """A pytest run inside this process leaves this session's snapshot layout as it was."""
    outer = SeedSnapshotExtension.layout
    run(tiny, "--collect-only", "-q")
    assert SeedSnapshotExtension.layout == outer
