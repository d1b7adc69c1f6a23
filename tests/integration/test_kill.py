"""A `harness update` killed with SIGKILL at random moments never leaves a broken snapshot."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

TINY = Path(__file__).resolve().parent / "projects" / "tiny"
SEEDS = 1000
KILLS = 6

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")


def write_seeds(root: Path, generation: int) -> None:
    folder = root / "seeds" / "tiny"
    for i in range(SEEDS):
        body = (
            f"Seed {i}\nviews: {i}\n" + f"Paragraph of generation {generation}.\n" * 20
        )
        (folder / f"s{i:04d}.txt").write_text(body, encoding="utf-8")


def update(root: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "harness.cli", "update", "--root", str(root)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_sigkill_during_update_leaves_every_snapshot_old_or_new(tmp_path: Path) -> None:
    """Each snapshot is valid JSON from one generation or the other, never truncated."""
    root = tmp_path / "project"
    shutil.copytree(TINY, root)
    write_seeds(root, 0)
    started = time.monotonic()
    assert update(root).wait(timeout=120) == 0
    duration = time.monotonic() - started  # of a run that writes every snapshot
    rng = random.Random(20261125)
    mixed = 0  # kills that landed while snapshots were being written
    for generation in range(1, KILLS + 1):
        write_seeds(root, generation)
        process = update(root)
        time.sleep(rng.uniform(0.1, 0.9) * duration)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        snapshots = sorted((root / "snapshots" / "tiny").glob("s*.txt.json"))
        assert len(snapshots) == SEEDS
        firsts = [
            json.loads(file.read_text(encoding="utf-8"))["body"][0]  # raises if cut
            for file in snapshots
        ]
        assert set(firsts) <= {
            f"Paragraph of generation {g}." for g in range(generation + 1)
        }
        new = firsts.count(f"Paragraph of generation {generation}.")
        mixed += 0 < new < SEEDS
    assert mixed, "no kill landed in the middle of writing; the test proved nothing"
