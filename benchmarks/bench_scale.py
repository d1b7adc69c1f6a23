"""Speed and scale: the figures and targets of `nox -s bench`.

Every figure is the median of ``--runs`` runs (at least three), measured in this
one invocation, so the ratios compare like with like on a shared, noisy machine.

1. Stages, in this process: median ms per seed for loading, parsing and each
   check, on the HTML pages of the shared corpora (scrapinghub-aeb and
   trafilatura-eval) with the generic parser and with a trivial one, and on
   generated projects of copies of the bundled seed with the reference parser.
   "corpus" is the corpus stage, run once over all the records, per seed.
   "overhead" is everything but the parser: the harness's own work.
2. Snapshot checks on the corpora's records: ours beside syrupy's stock
   single-file JSON extension (serialize, read the snapshot, compare), each
   on records parsed afresh for it in every run.
3. Whole runs of `harness check`, each a fresh process: the generated projects
   cold (--no-cache) and unchanged (a warm cache), with peak memory; and the
   corpora with --jobs 1 and --jobs 2.

    python benchmarks/bench_scale.py [--sizes 1000 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from harness.checks.snapshot import check_snapshot
from harness.corpus.stage import corpus_view, run_corpus_stage
from harness.engine import Project, accept, parse_all, parse_here, run_check
from harness.model import CHECKS, SeedResult

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "aggregator" / "000_2481e01f35ff6df4.txt"
CORPORA = ("scrapinghub-aeb", "trafilatura-eval")
STAGES = ("load", "parse", *CHECKS[1:], "corpus")

CORPUS_PYPROJECT = """
[tool.harness]
plugins = ["{plugin}"]

[[tool.harness.sites]]
name = "news"
match = ["*"]
parser = "{parser}"
schema = "generic-article.schema.json"
"""


# The run's peak memory is its own VmHWM, written as it exits: the ru_maxrss that
# wait4 reports starts from this process's size at the fork, so it would read a
# cached run, which needs far less than this process holds, as this process.
CLI = """
import atexit, os, sys
from harness.cli import main

def peak():
    with open("/proc/self/status") as status:
        kib = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(os.environ["BENCH_PEAK_FILE"], "w") as out:
        out.write(kib)

atexit.register(peak)
sys.exit(main())
"""


@dataclass
class Target:
    name: str
    value: float
    limit: float
    unit: str
    at_most: bool = True

    @property
    def met(self) -> bool:
        return self.value <= self.limit if self.at_most else self.value >= self.limit

    def __str__(self) -> str:
        sign = "<=" if self.at_most else ">="
        verdict = "met" if self.met else "MISSED"
        return f"{self.name}: {self.value:.3g} {self.unit} ({sign} {self.limit:g}): {verdict}"


# -- projects ---------------------------------------------------------------------


def generated_project(folder: Path, size: int) -> Project:
    """``size`` copies of the bundled seed, each a little different, accepted."""
    shutil.copy(ROOT / "pyproject.toml", folder / "pyproject.toml")
    shutil.copytree(ROOT / "schemas", folder / "schemas")
    seeds = folder / "seeds" / "aggregator"
    seeds.mkdir(parents=True)
    lines = SEED.read_text(encoding="utf-8").split("\n")
    article = next(i for i, line in enumerate(lines) if line.startswith("Executive"))
    for i in range(size):
        # Each copy a different article: its title and every block end in its
        # number (a corpus of one article repeated is all template text), and
        # no cache anywhere can make the stages free.
        copy = [
            f"{line} {i}" if n < article and n != 1 and line else line
            for n, line in enumerate(lines)
        ]
        (seeds / f"{i:06d}.txt").write_text("\n".join(copy))
    return accepted(Project(folder))


def corpus_project(folder: Path, corpus: Path, parser_name: str) -> Project:
    """A project that checks ``corpus`` in place with ``parser_name``, accepted."""
    plugin = Path(__file__).with_name("trivial_parser.py")
    shutil.copy(plugin, folder / plugin.name)  # plugins stay inside the project
    config = CORPUS_PYPROJECT.format(plugin=plugin.name, parser=parser_name)
    (folder / "pyproject.toml").write_text(config)
    shutil.copytree(ROOT / "schemas", folder / "schemas")
    from harness.folders import run_config

    return accepted(Project(folder, run_config(folder, seeds=corpus, parser=None)))


def accepted(project: Project) -> Project:
    for parsed in parse_all(project, project.pages(), jobs=os.cpu_count() or 1):
        accept(project, parsed)
    return project


# -- 1. stages --------------------------------------------------------------------


def stage_seconds(project: Project) -> dict[str, float]:
    """Seconds in each stage over every seed, one pass, all in this process;
    the corpus stage, which runs once over all the records, as `harness check`
    keeps them (corpus_view)."""
    totals = dict.fromkeys(STAGES, 0.0)
    kept = []
    for path in project.pages():
        start = time.perf_counter()
        project.load(path)  # as the parse stage loads a seed
        loaded = time.perf_counter()
        parsed = parse_here(project, path)
        totals["load"] += loaded - start
        totals["parse"] += time.perf_counter() - loaded - (loaded - start)
        for check in CHECKS[1:]:
            start = time.perf_counter()
            run_check(project, parsed, check)
            totals[check] += time.perf_counter() - start
        site = parsed.site.name if parsed.site else None
        result = SeedResult(parsed.name, (), parsed.record, site)
        kept.append(corpus_view(result, project.config.corpus))
    start = time.perf_counter()
    run_corpus_stage(project, kept, whole=True)
    totals["corpus"] = time.perf_counter() - start
    return totals


def stage_row(label: str, project: Project, runs: int) -> dict[str, float]:
    in_process = Project(project.root, replace(project.config, parse_timeout=0))
    count = len(in_process.pages())
    stage_seconds(in_process)  # warm up: imports, language model, validators
    passes = [stage_seconds(in_process) for _ in range(runs)]
    row = {s: statistics.median(p[s] for p in passes) * 1000 / count for s in STAGES}
    row["overhead"] = sum(v for k, v in row.items() if k != "parse")
    cells = " | ".join(f"{row[s]:.3f}" for s in (*STAGES, "overhead"))
    print(f"| {label} | {count} | {cells} |", flush=True)
    return row


# -- 2. snapshot checks beside syrupy --------------------------------------------


def snapshot_ratio(projects: Iterable[Project], runs: int) -> tuple[float, float]:
    """Median ms per seed of our snapshot check and of syrupy's stock one.

    Every run checks records parsed afresh, as `harness check` has them. A
    record checked before is not: orjson left each non-ASCII string's UTF-8
    form cached in it, and the record sits in the CPU's caches.
    """
    from syrupy.extensions.json import JSONSnapshotExtension

    stock = JSONSnapshotExtension()
    pages = [(project, path) for project in projects for path in project.pages()]

    def fresh_cases() -> list[tuple[Any, str, Path]]:
        cases = []
        for project, path in pages:
            parsed = parse_here(project, path)
            cases.append((parsed.record, parsed.name, project.layout.file_for(path)))
        return cases

    def ours(cases: list[tuple[Any, str, Path]]) -> float:
        start = time.perf_counter()
        for record, name, file in cases:
            assert not check_snapshot(
                record, page=name, file=file, shown_as=name, volatile=()
            )
        return (time.perf_counter() - start) * 1000 / len(cases)

    def syrupy(cases: list[tuple[Any, str, Path]]) -> float:
        start = time.perf_counter()
        for record, name, file in cases:
            old = stock.read_snapshot_data_from_location(
                snapshot_location=str(file), snapshot_name=name, session_id="bench"
            )
            assert stock.serialize(record) == old
        return (time.perf_counter() - start) * 1000 / len(cases)

    # Each side on records of its own parse: the second to check a record would
    # find it, and the snapshot file, in the CPU's caches.
    passes = [(ours(fresh_cases()), syrupy(fresh_cases())) for _ in range(runs)]
    return (
        statistics.median(mine for mine, _ in passes),
        statistics.median(theirs for _, theirs in passes),
    )


# -- 3. whole runs ----------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    peak_mib: float


def harness_check(root: Path, *args: str) -> Run:
    """One `harness check` in a fresh process: wall time and its peak memory
    (the main process's; Linux, as it reads /proc)."""
    with tempfile.NamedTemporaryFile("r") as peak:
        start = time.perf_counter()
        process = subprocess.run(
            [sys.executable, "-c", CLI, "check", "--root", str(root), *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env={**os.environ, "BENCH_PEAK_FILE": peak.name},
        )
        seconds = time.perf_counter() - start
        if process.returncode not in (0, 1):
            raise SystemExit(f"harness check failed: {process.stderr.decode()}")
        return Run(seconds, int(peak.read()) / 1024)


def median_run(runs: int, root: Path, *args: str) -> Run:
    results = [harness_check(root, *args) for _ in range(runs)]
    return Run(
        statistics.median(r.seconds for r in results), max(r.peak_mib for r in results)
    )


def main() -> int:
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("--sizes", type=int, nargs=2, default=[1000, 10000])
    args.add_argument("--runs", type=int, default=3)
    args.add_argument(
        "--corpora", type=Path, default=ROOT.parent / "shared" / "corpora"
    )
    options = args.parse_args()
    runs = max(3, options.runs)
    small, large = options.sizes
    corpora = [options.corpora / name / "html" for name in CORPORA]
    if not all(folder.is_dir() for folder in corpora):
        print(f"no corpora at {options.corpora} (pass --corpora DIR)", file=sys.stderr)
        return 2
    targets: list[Target] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        os.environ["HARNESS_CACHE_DIR"] = str(work / "cache")
        print(f"median ms per seed over {runs} runs\n")
        print("| seeds | pages | " + " | ".join(STAGES) + " | overhead |")
        print("|---|---:|" + "---:|" * (len(STAGES) + 1))
        corpus_projects: dict[str, list[Project]] = {}
        for parser_name, label in (
            ("article", "generic"),
            ("bench-trivial", "trivial"),
        ):
            for corpus in corpora:
                folder = work / f"{label}-{corpus.parent.name}"
                folder.mkdir()
                project = corpus_project(folder, corpus, parser_name)
                corpus_projects.setdefault(label, []).append(project)
                stage_row(f"{corpus.parent.name}, {label}", project, runs)
        generated = {}
        for size in (small, large):
            folder = work / f"generated-{size}"
            folder.mkdir()
            generated[size] = generated_project(folder, size)
            row = stage_row("generated, reference parser", generated[size], runs)
        targets.append(
            Target(f"overhead at {large:,} seeds", row["overhead"], 1.0, "ms")
        )

        ours, stock = snapshot_ratio(corpus_projects["generic"], runs)
        print(
            f"\nsnapshot check per seed on the corpora's records: ours {ours:.4f} ms, "
            f"syrupy's stock JSON extension {stock:.4f} ms, {stock / ours:.1f}x"
        )
        targets.append(
            Target("snapshot checks vs stock syrupy", stock / ours, 30, "x", False)
        )

        print("\nwhole `harness check` runs, seconds (peak MiB of the main process)")
        cold = {
            s: median_run(runs, generated[s].root, "--no-cache") for s in (small, large)
        }
        harness_check(generated[large].root)  # fills the cache
        warm = median_run(runs, generated[large].root)
        for size in (small, large):
            run = cold[size]
            print(
                f"- {size:,} seeds cold: {run.seconds:.1f} s ({run.peak_mib:.0f} MiB), "
                f"{run.seconds * 1000 / size:.2f} ms per seed"
            )
        print(
            f"- {large:,} seeds unchanged, from the cache: {warm.seconds:.2f} s "
            f"({warm.peak_mib:.0f} MiB)"
        )
        targets.append(
            Target(
                f"{large:,} / {small:,} seeds run time",
                cold[large].seconds / cold[small].seconds,
                11,
                "x",
            )
        )
        targets.append(
            Target(
                "unchanged re-run / cold run",
                100 * warm.seconds / cold[large].seconds,
                5,
                "%",
            )
        )
        targets.append(
            Target(
                f"peak memory at {large:,} seeds",
                max(cold[large].peak_mib, warm.peak_mib),
                500,
                "MiB",
            )
        )

        serial = parallel = 0.0
        for project in corpus_projects["generic"]:
            seeds = str(project.config.seeds)
            serial += median_run(
                runs, project.root, "--no-cache", "--seeds", seeds
            ).seconds
            parallel += median_run(
                runs, project.root, "--no-cache", "--seeds", seeds, "--jobs", "2"
            ).seconds
        print(
            f"- corpora, generic parser: {serial:.1f} s serial, "
            f"{parallel:.1f} s with --jobs 2"
        )
        targets.append(
            Target(
                "--jobs 2 speed-up on the corpora", serial / parallel, 1.7, "x", False
            )
        )
    print("\ntargets")
    for target in targets:
        print(f"- {target}")
    print(json.dumps({t.name: round(t.value, 4) for t in targets}))
    return 0 if all(t.met for t in targets) else 1


if __name__ == "__main__":
    sys.exit(main())
