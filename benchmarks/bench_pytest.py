"""Does the per-seed cost of a pytest run stay flat as the snapshot folder grows?

For each project size, builds a project of N copies of the bundled seed with
accepted snapshots, runs ``pytest seeds`` in a subprocess several times, and
prints the median wall time per seed. Beside it, the same records checked by a
plain test module through syrupy's stock single-file JSONSnapshotExtension, in
the same run, as the baseline whose per-test cost grows with the folder.

    python benchmarks/bench_pytest.py [--sizes 100 1000] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_stages import make_project

from harness.engine import parse_seed

BASELINE_TEST = """
import json
from pathlib import Path

import pytest
from syrupy.extensions.json import JSONSnapshotExtension

RECORDS = json.loads(Path(__file__).with_name("records.json").read_text())


@pytest.mark.parametrize("name", sorted(RECORDS))
def test_record(name, snapshot):
    assert RECORDS[name] == snapshot.use_extension(JSONSnapshotExtension)
"""


def pytest_seconds(folder: Path, *args: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=folder,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def write_baseline(folder: Path, project_folder: Path) -> None:
    """A plain test module over the same records, its snapshots accepted."""
    from harness.engine import Project

    project = Project(project_folder)
    records = {p.name: parse_seed(project, p).record for p in project.pages()}
    (folder / "records.json").write_text(json.dumps(records, ensure_ascii=False))
    (folder / "test_baseline.py").write_text(BASELINE_TEST)
    pytest_seconds(folder, "--snapshot-update")


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    args.add_argument("--runs", type=int, default=3)
    options = args.parse_args()
    print(f"median ms per seed over {options.runs} runs of pytest")
    print(f"{'seeds':>7} {'harness':>9} {'stock json':>11} {'ratio':>7}")
    for size in options.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            harness_folder, baseline_folder = Path(tmp, "harness"), Path(tmp, "base")
            harness_folder.mkdir()
            baseline_folder.mkdir()
            make_project(harness_folder, size)
            write_baseline(baseline_folder, harness_folder)
            ours = [
                pytest_seconds(harness_folder, "seeds") for _ in range(options.runs)
            ]
            stock = [pytest_seconds(baseline_folder) for _ in range(options.runs)]
        ours_ms = statistics.median(ours) * 1000 / size
        stock_ms = statistics.median(stock) * 1000 / size
        print(f"{size:>7} {ours_ms:>9.2f} {stock_ms:>11.2f} {stock_ms / ours_ms:>7.2f}")


if __name__ == "__main__":
    main()
