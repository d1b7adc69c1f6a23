"""Re-fetch seeds from their URLs and check the live page against the reviewed snapshot.

``seeds/site/a.html`` is fetched again from the ``url`` of its meta.json into a
pending capture, ``.recapture/site/a.html`` and ``a.meta.json``, in a folder
beside the seeds folder, where neither ``harness check`` nor pytest looks. The
pending page is parsed with the seed's site and parser and checked against the
seed's own snapshot file: a layout change on the live site shows as findings
naming the field, while a change in volatile fields only (a view counter)
passes. The seed and its snapshot are not touched until the pending capture is
accepted (it then replaces the seed, and the snapshot is updated) or discarded.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from harness.atomic import write_atomic
from harness.capture import Fetcher, FetchError
from harness.engine import Project, Update, parse_seed, run_check, update_seed
from harness.errors import HarnessError
from harness.model import CHECKS, Finding
from harness.pages import find_pages, load_page, meta_path, page_suffixes
from harness.seedstore import SeedWriter, is_html

PENDING = ".recapture"
"""The folder of pending captures, beside the seeds folder."""

CAPTURE_KEYS = frozenset(
    {"url", "requested_url", "captured_at", "status", "headers", "sha256", "source",
     "content_type", "charset", "site"}
)  # fmt: skip
"""The meta.json keys :func:`harness.seedstore.meta_for` writes; others are carried over."""

Outcome = Literal["unchanged", "passed", "changed", "failed", "skipped"]


@dataclass(frozen=True)
class Verdict:
    """What the recapture of one seed found."""

    seed: str
    outcome: Outcome
    message: str
    findings: tuple[Finding, ...] = ()
    pending: str | None = None
    """The pending capture awaiting accept or discard, as messages show it."""

    @property
    def alarming(self) -> bool:
        """A stable field changed, or the page could not be fetched."""
        return self.outcome in ("changed", "failed")


def pending_folder(project: Project) -> Path:
    return project.config.seeds.parent / PENDING


def pending_for(project: Project, seed: Path) -> Path:
    """Where a seed's pending capture goes: ``.recapture/<path below seeds>``, unzipped."""
    relative = seed.resolve().relative_to(project.config.seeds.resolve())
    _, gzipped = page_suffixes(seed) or ("", False)
    name = relative.name[:-3] if gzipped else relative.name
    return pending_folder(project) / relative.parent / name


def seed_for(project: Project, pending: Path) -> Path:
    """The seed a pending capture would replace (``a.txt.gz`` when that is the seed)."""
    relative = pending.resolve().relative_to(pending_folder(project).resolve())
    seed = project.config.seeds / relative
    zipped = seed.with_name(seed.name + ".gz")
    return zipped if not seed.exists() and zipped.exists() else seed


def pending_captures(project: Project, seeds: list[Path] | None = None) -> list[Path]:
    """Every pending capture, or those of the given seeds, sorted."""
    folder = pending_folder(project)
    found = find_pages(folder) if folder.is_dir() else []
    if seeds is None:
        return found
    wanted = {seed.resolve() for seed in seeds}
    return [p for p in found if seed_for(project, p).resolve() in wanted]


def accepts(kind: str) -> Callable[[str], bool]:
    """The content types a recapture of a seed of this kind may have."""

    def accept(content_type: str) -> bool:
        plain = content_type.split(";", 1)[0].strip().lower() == "text/plain"
        return is_html(content_type) or (kind == "text" and plain)

    return accept


def recapture(project: Project, seed: Path, fetcher: Fetcher) -> Verdict:
    """Fetch a seed's URL again into its pending capture, and check that capture."""
    name = project.name(seed)
    pending = pending_for(project, seed)
    discard(project, pending)  # the latest recapture replaces an older pending one
    try:
        page = load_page(seed, name=name)
        site = project.config.site_for(page)
    except HarnessError as e:
        return Verdict(name, "failed", f"cannot read the seed: {e}")
    if not page.url:
        return Verdict(name, "skipped", "its meta.json has no url to fetch")
    status = page.meta.get("status", 200)
    try:
        fetched = fetcher.fetch(
            page.url,
            accept=accepts(page.kind),
            keep_errors=status >= 400,
            source="recapture",
        )
    except FetchError as e:
        return Verdict(name, "failed", f"{page.url}: {e}")
    capture = fetched.capture
    if capture.status != status:
        return Verdict(
            name,
            "failed",
            f"{page.url}: HTTP {capture.status}, the seed was captured with {status}",
        )
    if capture.body == page.raw:
        return Verdict(
            name, "unchanged", "the live page has the same bytes as the seed"
        )

    written = SeedWriter(pending.parent, site=site.name, overwrite=True).write(
        capture, name=pending.name
    )
    if written.action == "duplicate":
        shown = project.name(written.path)
        return Verdict(name, "failed", f"the live page is the same as {shown}")
    carry_meta(page.meta, written.path)
    parsed = parse_seed(project, pending)
    checked = replace(parsed, path=seed)  # the seed's snapshot, not the pending's
    results = [parsed.result] + [run_check(project, checked, c) for c in CHECKS[1:]]
    findings = tuple(
        f for r in results if r.failed for f in r.findings if f.severity == "error"
    )
    shown = project.name(pending)
    if findings:
        message = (
            "the live page does not parse"
            if parsed.result.failed
            else "the live page parses differently from the snapshot"
        )
        return Verdict(name, "changed", message, findings, shown)
    message = "the live page parses to the snapshot (volatile fields masked)"
    return Verdict(name, "passed", message, pending=shown)


def carry_meta(old: Mapping[str, Any], pending: Path) -> None:
    """Keep the seed's meta keys that a capture does not write (``parser``, other tools')."""
    extra = {key: value for key, value in old.items() if key not in CAPTURE_KEYS}
    if not extra:
        return
    file = meta_path(pending)
    meta = json.loads(file.read_text(encoding="utf-8"))
    text = json.dumps({**meta, **extra}, indent=2, ensure_ascii=False)
    write_atomic(file, (text + "\n").encode("utf-8"))


def accept(project: Project, pending: Path) -> Update:
    """Replace the seed with its pending capture, then update the seed's snapshot.

    Each file is replaced atomically (page, then meta.json); a ``.gz`` seed stays
    gzipped. The snapshot is updated as ``harness update`` would, so a pending
    capture whose parse fails replaces the seed but leaves the snapshot.
    """
    seed = seed_for(project, pending)
    body = pending.read_bytes()
    if (page_suffixes(seed) or ("", False))[1]:
        body = gzip.compress(body, mtime=0)
    write_atomic(seed, body)
    write_atomic(meta_path(seed), meta_path(pending).read_bytes())
    discard(project, pending)
    return update_seed(project, seed)


def discard(project: Project, pending: Path) -> bool:
    """Delete a pending capture and its meta.json, and folders left empty; False if none."""
    found = pending.exists()
    pending.unlink(missing_ok=True)
    meta_path(pending).unlink(missing_ok=True)
    top = pending_folder(project).resolve()
    folder = pending.parent.resolve()
    while folder.is_relative_to(top) and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        if folder == top:
            break
        folder = folder.parent
    return found
