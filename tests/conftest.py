"""Settings for the whole test suite."""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest


def pytest_configure(config: pytest.Config) -> None:
    # `harness check` caches results under the user's cache folder; the tests,
    # and the commands they run in subprocesses, use a folder of their own.
    if "HARNESS_CACHE_DIR" not in os.environ:
        folder = tempfile.mkdtemp(prefix="harness-test-cache-")
        os.environ["HARNESS_CACHE_DIR"] = folder
        config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
        config.add_cleanup(lambda: os.environ.pop("HARNESS_CACHE_DIR", None))
