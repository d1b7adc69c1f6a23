"""The CLI's larger subcommands, one module each: ``add_arguments(parser)`` and ``run(args)``."""

from __future__ import annotations

import argparse


def add_seed_target(parser: argparse.ArgumentParser) -> None:
    """``--site NAME`` and ``--overwrite``: where saved pages go, and whether an
    existing seed may be replaced (capture and import save pages the same way)."""
    parser.add_argument(
        "--site",
        required=True,
        metavar="NAME",
        help="the site the pages belong to: seeds go to seeds/NAME/, meta names it",
    )
    parser.add_argument(
        "--overwrite",
        action="store_true",
        help="replace a seed of the same URL (default: keep it, skip the new page)",
    )
