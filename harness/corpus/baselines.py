"""Per-site baselines of body length and block count, kept in a reviewed file.

    {"format": "scrape-harness-baselines", "version": 1,
     "sites": {"news": {"pages": 12,
                        "body_chars": {"floor": 800, "median": 3400, "tolerance": 0.5},
                        "body_blocks": {"floor": 4, "median": 14, "tolerance": 0.5}}}}

``harness check`` flags a page whose value is under the ``floor``, and a site
whose median left ``median × (1 ± tolerance)``: a parser that loses half the
text, or starts to keep the comments. ``harness update`` writes the file, and
refuses, unless ``--allow-regression``, whatever loosens it: a lower floor, a
wider tolerance, a median outside the old band.
"""

from __future__ import annotations

import json
import math
import statistics
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.atomic import write_atomic
from harness.corpus.entries import RecordLike, corpus_finding
from harness.corpus.reviewed import read_reviewed
from harness.corpus.text import body_texts
from harness.errors import ConfigError
from harness.model import Finding

FORMAT = "scrape-harness-baselines"
VERSION = 1
METRICS = ("body_chars", "body_blocks")
HINT = "if this is intended, run `harness update --allow-regression`"


@dataclass(frozen=True)
class Metric:
    floor: int
    """No page of the site may have less."""
    median: float
    tolerance: float
    """How far, as a share of ``median``, the site's median may move."""

    def band(self) -> tuple[float, float]:
        return self.median * (1 - self.tolerance), self.median * (1 + self.tolerance)


@dataclass(frozen=True)
class SiteBaseline:
    pages: int
    metrics: Mapping[str, Metric]


Baselines = dict[str, SiteBaseline]
"""Site name: its baseline."""


def measure(record: Any) -> dict[str, int]:
    """The record's value of each metric."""
    texts = body_texts(record)
    return {"body_chars": sum(len(t.strip()) for t in texts), "body_blocks": len(texts)}


def baseline_findings(
    site: str, entries: Sequence[RecordLike], baseline: SiteBaseline, *, file: str
) -> Iterator[Finding]:
    """Pages under a floor (named by page), a median out of its band (by site)."""
    values = [(entry.page, measure(entry.record)) for entry in entries]
    for name, metric in baseline.metrics.items():
        for page, measured in values:
            if measured[name] < metric.floor:
                message = (
                    f"expected {name} of at least {metric.floor} (the floor of site "
                    f"{site!r} in {file}), found {measured[name]}"
                )
                yield corpus_finding(
                    page, "body", "baseline_floor", message, measured[name], hint=HINT
                )
        if not values:
            continue
        median = statistics.median(m[name] for _, m in values)
        low, high = metric.band()
        if not low <= median <= high:
            message = (
                f"expected the median {name} of the site's {len(values)} pages within "
                f"{low:g}..{high:g} ({metric.median:g} ± {metric.tolerance:.0%}, "
                f"{file}), found {median:g}"
            )
            yield corpus_finding(
                site, name, "baseline_median", message, median, hint=HINT
            )


def derive(entries: Sequence[RecordLike], tolerance: float) -> SiteBaseline:
    """A site's baseline from its pages: floors a tolerance below the least value."""
    values = [measure(entry.record) for entry in entries]
    metrics = {}
    for name in METRICS:
        column = [v[name] for v in values]
        metrics[name] = Metric(
            floor=math.floor(min(column) * (1 - tolerance)),
            median=float(statistics.median(column)),
            tolerance=tolerance,
        )
    return SiteBaseline(len(entries), metrics)


def loosened(old: Metric, new: Metric) -> list[str]:
    """How ``new`` is looser than ``old``, in words; empty when it is not."""
    found = []
    if new.floor < old.floor:
        found.append(f"floor lowered from {old.floor} to {new.floor}")
    if new.tolerance > old.tolerance:
        found.append(f"tolerance widened from {old.tolerance:g} to {new.tolerance:g}")
    low, high = old.band()
    if not low <= new.median <= high:
        found.append(f"median moved from {old.median:g} to {new.median:g}")
    return found


@dataclass(frozen=True)
class Refresh:
    baselines: Baselines
    """What to write: new sites and metrics, tightened ones, and loosened ones
    only when allowed; refused metrics keep their old values."""
    changes: tuple[str, ...]
    refused: tuple[str, ...]


def refresh(
    old: Baselines,
    sites: Mapping[str, Sequence[RecordLike]],
    *,
    tolerance: float,
    allow_regression: bool,
) -> Refresh:
    """The baselines after a run over ``sites``; sites not in the run are kept."""
    result = dict(old)
    changes, refused = [], []
    for site, entries in sorted(sites.items()):
        if not entries:
            continue
        new = derive(entries, tolerance)
        if site not in old:
            result[site] = new
            changes.append(f"site {site!r}: baseline created from {new.pages} pages")
            continue
        metrics = dict(old[site].metrics)
        for name, metric in new.metrics.items():
            before = metrics.get(name)
            if before == metric:
                continue
            looser = loosened(before, metric) if before else []
            if looser and not allow_regression:
                refused.append(f"site {site!r} {name}: {'; '.join(looser)}")
                continue
            metrics[name] = metric
            changes.append(
                f"site {site!r} {name}: "
                + (
                    "; ".join(looser) + " (allowed)"
                    if looser
                    else "tightened or re-centred"
                )
            )
        result[site] = SiteBaseline(new.pages, metrics)
    return Refresh(result, tuple(changes), tuple(refused))


def read_baselines(file: Path, *, shown: str) -> Baselines | None:
    """The baselines in ``file``; None when there is no such file."""
    data = read_reviewed(
        file, shown=shown, what="baselines", format=FORMAT, version=VERSION
    )
    if data is None:
        return None
    sites = data.get("sites")
    if not isinstance(sites, dict):
        raise ConfigError(f"{shown}: `sites` must be an object")
    return {
        name: site_baseline(value, f"{shown} sites.{name}")
        for name, value in sites.items()
    }


def site_baseline(value: Any, where: str) -> SiteBaseline:
    if not isinstance(value, dict) or not isinstance(value.get("pages"), int):
        raise ConfigError(f"{where}: must be an object with `pages` and metrics")
    metrics = {}
    for name in METRICS:
        if name not in value:
            continue
        item = value[name]
        try:
            metric = Metric(
                int(item["floor"]), float(item["median"]), float(item["tolerance"])
            )
        except (TypeError, KeyError, ValueError):
            raise ConfigError(
                f'{where}.{name}: must be {{"floor": n, "median": n, '
                f'"tolerance": n}}, got {item!r}'
            ) from None
        metrics[name] = metric
    return SiteBaseline(value["pages"], metrics)


def write_baselines(file: Path, baselines: Baselines) -> None:
    """Sorted, indented, atomically: a diff in review shows what moved."""
    sites = {
        name: {"pages": site.pages}
        | {metric: vars(values) for metric, values in site.metrics.items()}
        for name, site in baselines.items()
    }
    data = {"format": FORMAT, "version": VERSION, "sites": sites}
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    write_atomic(file, text.encode("utf-8"))
