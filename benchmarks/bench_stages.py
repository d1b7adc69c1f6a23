"""Where the time goes per seed: load, parse, schema, snapshot, quality.

Builds projects of N copies of the bundled seed (each with its snapshot) in a
temporary folder, runs every stage over all seeds several times, and prints the
median milliseconds per seed for each stage, so the harness's own overhead can be
compared across project sizes measured in the same run.

    python benchmarks/bench_stages.py [--sizes 100 1000] [--runs 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from harness.engine import Project, parse_seed, run_check, update_seed
from harness.model import CHECKS
from harness.pages import load_page

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "aggregator" / "000_2481e01f35ff6df4.txt"
STAGES = ("load", "parse", *CHECKS[1:])


def make_project(folder: Path, size: int) -> Project:
    shutil.copy(ROOT / "pyproject.toml", folder / "pyproject.toml")
    shutil.copytree(ROOT / "schemas", folder / "schemas")
    seeds = folder / "seeds" / "aggregator"
    seeds.mkdir(parents=True)
    text = SEED.read_text(encoding="utf-8")
    for i in range(size):
        # Each copy differs, so no cache anywhere can make the stages free.
        (seeds / f"{i:06d}.txt").write_text(text.replace("17 浏览", f"{i} 浏览"))
    project = Project(folder)
    for page in project.pages():
        update_seed(project, page)
    return project


def time_stages(project: Project) -> dict[str, float]:
    """Seconds spent in each stage over every seed of the project, one pass.

    The stages are the engine's own functions; "load" reads and decodes the page
    once more on its own, so that the parser's share can be told apart.
    """
    totals = dict.fromkeys(STAGES, 0.0)
    for path in project.pages():
        start = time.perf_counter()
        load_page(path, name=project.name(path))
        loaded = time.perf_counter()
        parsed = parse_seed(project, path)
        totals["load"] += loaded - start
        totals["parse"] += time.perf_counter() - loaded - (loaded - start)
        for check in CHECKS[1:]:
            start = time.perf_counter()
            run_check(project, parsed, check)
            totals[check] += time.perf_counter() - start
    return totals


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    args.add_argument("--runs", type=int, default=5)
    options = args.parse_args()
    print(f"median ms per seed over {options.runs} runs")
    print(f"{'seeds':>7} " + " ".join(f"{s:>9}" for s in (*STAGES, "overhead")))
    for size in options.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            project = make_project(Path(tmp), size)
            time_stages(project)  # warm up: imports, language model, validators
            runs = [time_stages(project) for _ in range(options.runs)]
        medians = {
            stage: statistics.median(run[stage] for run in runs) * 1000 / size
            for stage in runs[0]
        }
        overhead = sum(v for k, v in medians.items() if k != "parse")
        cells = [*medians.values(), overhead]
        print(f"{size:>7} " + " ".join(f"{v:>9.3f}" for v in cells))


if __name__ == "__main__":
    main()
