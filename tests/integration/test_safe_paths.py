"""Safe paths: odd seed names work end to end; nothing outside the project is read.

A seed named ``a b "c" 页.txt`` goes through check, update, show, every report and
pytest's node ids. A PATH argument outside the seeds folder is refused, and seed
discovery skips, with a message, a symlink whose target lies outside the seeds
folder (``harness.cli.outside_seeds``): a link to ``/etc/hostname`` or to a file
in the temporary folder is never read into a record or a snapshot.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from lxml import etree

from harness.jsonpath import iter_strings

Cli = Callable[..., Any]

ODD = 'a b "c" 页.txt'
ODD_SEED = f"seeds/tiny/{ODD}"


@pytest.fixture
def odd_project(tiny_project: Path) -> Path:
    """The tiny project with a seed whose name has spaces, quotes and Chinese."""
    seeds = tiny_project / "seeds" / "tiny"
    shutil.copyfile(seeds / "a.txt", seeds / ODD)
    return tiny_project


def test_odd_names_check_update_and_show(odd_project: Path, cli: Cli) -> None:
    """update then check pass for the odd seed; show prints its record."""
    updated = cli("update", "--root", odd_project)
    assert updated.code == 0, updated.out
    snapshots = odd_project / "snapshots" / "tiny"
    assert (snapshots / f"{ODD}.json").is_file()
    checked = cli("check", "--root", odd_project, odd_project / ODD_SEED)
    assert checked.code == 0, checked.out
    shown = cli("show", "--root", odd_project, "--json", odd_project / ODD_SEED)
    assert shown.code == 0, shown.err
    assert json.loads(shown.out)["title"] == "A first title"


def test_odd_names_in_every_report(odd_project: Path, cli: Cli, tmp_path: Path) -> None:
    """Markdown, HTML, JUnit and JSON reports name the odd seed and stay well-formed."""
    (odd_project / ODD_SEED).write_text("Changed title\nviews: 3\nA body.\n")
    reports = {
        "--report-md": tmp_path / "r.md",
        "--report-html": tmp_path / "r.html",
        "--junit-xml": tmp_path / "r.xml",
        "--report-json": tmp_path / "r.json",
    }
    options = [str(x) for pair in reports.items() for x in pair]
    result = cli("check", "--root", odd_project, *options)
    assert result.code == 1  # no snapshot yet for any seed
    assert "页" in reports["--report-md"].read_text(encoding="utf-8")
    document = lxml.html.parse(str(reports["--report-html"]))
    assert ODD in document.getroot().text_content()
    suite = etree.parse(str(reports["--junit-xml"]))
    assert any(ODD in (c.get("name", "") + c.get("classname", ""))
               for c in suite.iter("testcase"))  # fmt: skip
    data = json.loads(reports["--report-json"].read_text(encoding="utf-8"))
    assert ODD_SEED in [text for _, text in iter_strings(data)]
    # The command that accepts the change quotes the name for a shell.
    assert f"harness update '{ODD_SEED}'" in data["accept_commands"][0]


def test_odd_names_as_pytest_node_ids(tiny: pytest.Pytester) -> None:
    """pytest collects the odd seed with its name in the node ids, and runs it."""
    seeds = tiny.path / "seeds" / "tiny"
    shutil.copyfile(seeds / "a.txt", seeds / ODD)
    result = tiny.runpytest("--collect-only", "-q")
    ids = [line for line in result.outlines if ODD in line]
    assert ids, result.outlines
    result = tiny.runpytest("--snapshot-update", "-q")
    result = tiny.runpytest("-q", ids[0])
    assert result.ret == 0, result.outlines


# -- refused: paths outside the project ------------------------------------------


@pytest.mark.parametrize(
    "outside",
    [
        lambda root: root / "seeds" / ".." / "pyproject.toml",
        lambda root: Path("/etc/hostname"),
        lambda root: root.parent,
    ],
    ids=["dot-dot", "absolute", "parent-folder"],
)
def test_a_path_outside_the_seeds_is_refused(
    tiny_project: Path, cli: Cli, outside: Callable[[Path], Path]
) -> None:
    """check and update refuse a PATH outside the seeds folder, saying so (exit 2)."""
    path = outside(tiny_project)
    if not path.exists():
        pytest.skip(f"{path} does not exist here")
    for command in ("check", "update"):
        result = cli(command, "--root", tiny_project, path)
        assert result.code == 2
        assert "not inside the seeds folder" in result.err
    assert not (tiny_project / "snapshots").exists()


def test_a_path_argument_symlinked_out_is_refused(
    tiny_project: Path, cli: Cli, tmp_path: Path
) -> None:
    """A PATH that is a symlink inside seeds/ pointing out is refused like the target."""
    secret = tmp_path / "secret.txt"
    secret.write_text("Secret title\nviews: 1\nnot for the snapshots\n")
    link = tiny_project / "seeds" / "tiny" / "link.txt"
    link.symlink_to(secret)
    result = cli("update", "--root", tiny_project, link)
    assert result.code == 2
    assert "not inside the seeds folder" in result.err


@pytest.mark.parametrize(
    "target",
    [lambda tmp: Path("/etc/hostname"), lambda tmp: tmp / "outside.txt"],
    ids=["etc-hostname", "tmp-file"],
)
def test_discovery_skips_symlinks_out_of_the_seeds(
    tiny_project: Path, cli: Cli, tmp_path: Path, target: Callable[[Path], Path]
) -> None:
    """A seed symlinked out of the tree is skipped with a message, never read."""
    outside = target(tmp_path)
    if outside.parent == tmp_path:
        outside.write_text("Outside title\nviews: 1\nnot ours\n")
    if not outside.exists():
        pytest.skip(f"{outside} does not exist here")
    seeds = tiny_project / "seeds" / "tiny"
    (seeds / "evil.txt").symlink_to(outside)
    (seeds / "folder").symlink_to(outside.parent, target_is_directory=True)
    result = cli("update", "--root", tiny_project)
    assert result.code == 0, result.out
    assert "seeds/tiny/evil.txt: skipped" in result.err
    assert "points outside the seeds folder" in result.err
    snapshots = tiny_project / "snapshots"
    written = sorted(p.name for p in snapshots.rglob("*") if p.is_file())
    assert not [name for name in written if "evil" in name or "folder" in name]
    assert cli("check", "--root", tiny_project).code == 0


def test_a_symlink_inside_the_seeds_is_followed(tiny_project: Path, cli: Cli) -> None:
    """A symlink whose target stays inside the seeds folder is checked; it shares
    its target's snapshot (snapshot files are named from the resolved path)."""
    seeds = tiny_project / "seeds" / "tiny"
    (seeds / "alias.txt").symlink_to(seeds / "a.txt")
    result = cli("update", "--root", tiny_project)
    assert result.code == 0, result.out
    assert "3 seeds: 2 created, 0 updated, 1 unchanged, 0 failed" in result.out
    assert not result.err
    checked = cli("check", "--root", tiny_project)
    assert checked.code == 0, checked.out


def test_pytest_skips_a_seed_symlinked_out_of_the_seeds(
    tiny: pytest.Pytester, tmp_path: Path
) -> None:
    """Under pytest too, a seed that links outside the tree is skipped, never read."""
    outside = tmp_path / "outside.txt"
    outside.write_text("SECRET-OUTSIDE title\nviews: 1\nnot ours\n")
    (tiny.path / "seeds" / "tiny" / "evil.txt").symlink_to(outside)
    result = tiny.runpytest("seeds", "-rs", "--snapshot-update")
    result.stdout.fnmatch_lines(
        ["*SKIPPED*evil.txt*a symlink that points outside the seeds folder*"]
    )
    assert "SECRET-OUTSIDE" not in result.stdout.str()
    snapshots = {p.name for p in (tiny.path / "snapshots").rglob("*.json")}
    assert snapshots == {"a.txt.json", "b.txt.json"}
