"""``harness capture URL ... --site NAME``: fetch pages politely and save them as seeds.

Each HTML page becomes ``seeds/NAME/<name>.html`` with its meta.json (requested
and final URL, status, headers with secrets redacted, sha256). Exit status: 0
when every URL was saved or was already there, 1 when some were not, 2 for a
usage error (a malformed URL, a bad site name, a broken pyproject.toml).
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from harness.commands import add_seed_target
from harness.pages import relative_name

if TYPE_CHECKING:
    from harness.capture import Fetched
    from harness.config import Config

HELP = "Fetch pages (politely) and save them as seeds of a site."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("urls", nargs="+", metavar="URL", help="http(s) pages to save")
    add_seed_target(parser)
    parser.add_argument(
        "--keep-errors",
        action="store_true",
        help="also save 4xx and 5xx error pages (their status is in the meta)",
    )


def run(args: argparse.Namespace) -> int:
    from harness.capture import Fetcher, FetchError, url_problem
    from harness.config import FetchSettings
    from harness.errors import ConfigError
    from harness.importers import site_folder
    from harness.seedstore import SeedWriter, seed_name

    site: str = args.site
    for url in args.urls:  # a typo in the last URL must not leave half a capture
        if problem := url_problem(url):
            raise ConfigError(problem)
    root: Path = args.root
    config = project_config(root)
    folder = site_folder(config.seeds if config else root / "seeds", site)
    writer = SeedWriter(folder, site=site, overwrite=args.overwrite)

    outcomes: Counter[str] = Counter()
    with Fetcher(config.fetch if config else FetchSettings()) as fetcher:
        for url in dict.fromkeys(args.urls):
            known = folder / seed_name(url)
            if known.exists() and not args.overwrite:
                outcomes["exists"] += 1
                print(f"exists {relative_name(known, root)}: not fetched again ({url})")
                continue
            try:
                fetched = fetcher.fetch(url, keep_errors=args.keep_errors)
            except FetchError as e:
                outcomes["failed"] += 1
                hint = ""
                if e.status and e.status >= 400 and not args.keep_errors:
                    hint = " (--keep-errors saves error pages)"
                print(f"FAILED {url}: {e}{hint}")
                continue
            written = writer.write(fetched.capture)
            outcomes[written.action] += 1
            where = relative_name(written.path, root)
            if written.action == "exists":
                print(f"exists {where}: kept, not overwritten ({url})")
            elif written.action == "duplicate":
                print(f"duplicate {url}: same body as {where}; not saved again")
            else:
                print(f"{written.action} {where} ({describe(fetched)})")
    saved = outcomes["written"] + outcomes["overwritten"]
    print(
        f"{count(len(dict.fromkeys(args.urls)), 'URL')}: {saved} saved, "
        f"{outcomes['exists'] + outcomes['duplicate']} already there, "
        f"{outcomes['failed']} failed, in {relative_name(folder, root)}/"
        + ("; --overwrite replaces existing seeds" if outcomes["exists"] else "")
    )
    if config and site not in {rule.site.name for rule in config.sites}:
        print(
            f"note: site {site!r} is not in [[tool.harness.sites]] of "
            f"{root / 'pyproject.toml'}; add it with a parser so `harness check` "
            "can check these seeds"
        )
    return 1 if outcomes["failed"] else 0


def project_config(root: Path) -> Config | None:
    """The project's settings; None when there is no ``[tool.harness]`` (defaults apply).

    A pyproject.toml that cannot be parsed is an error, not a reason to fall
    back silently to the defaults (and to a one-second host delay).
    """
    import tomllib

    from harness.config import load_config

    pyproject = root / "pyproject.toml"
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return load_config(root)  # raises ConfigError naming the file
    return load_config(root) if "harness" in data.get("tool", {}) else None


def describe(fetched: Fetched) -> str:
    """``HTTP 200, 12.3 KiB, via 2 redirects to https://…, after 2 attempts``."""
    from harness.capture import human_size

    capture = fetched.capture
    parts = [f"HTTP {capture.status}", human_size(len(capture.body))]
    if fetched.redirects:
        hops = len(fetched.redirects)
        parts.append(
            f"via {hops} redirect{'s' if hops > 1 else ''} to {capture.final_url}"
        )
    if fetched.attempts > 1:
        parts.append(f"after {fetched.attempts} attempts")
    return ", ".join(parts)


def count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
