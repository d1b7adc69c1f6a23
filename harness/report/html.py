"""The HTML report: one self-contained file to open in a browser.

    harness check --report-html report.html

An overview table of seeds (filter by site, status and check), and a section per
seed with its findings, its record as a reader would see it, the snapshot diff
side by side and the captured page as source text.

The file loads nothing: inline CSS, one inline script carrying a fresh nonce,
and a Content-Security-Policy that lets nothing else run, so a page's hostile
text stays text even if escaping ever failed. Page text is always escaped, and
the script takes its data from data- attributes only.
"""

from __future__ import annotations

import re
import secrets
import shlex
from collections.abc import Iterable

from harness.inline import clip_inline, render_inline
from harness.model import CHECKS, CheckResult, Finding, SeedResult
from harness.report import STATUSES, RunReport, result_of
from harness.report._html_parts import (
    SOURCE_LIMIT,
    Snapshots,
    clip,
    esc,
    note,
    render_record,
    render_value,
    source_view,
    word_diff,
)

SNAPSHOT_SIDES = {
    "changed": (True, True),
    "added": (False, True),
    "inserted": (False, True),
    "removed": (True, False),
    "deleted": (True, False),
}
"""Which of a snapshot finding's values (old, new) its change kind has."""

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-{nonce}'; "
    "img-src data:"
)


def render(report: RunReport, *, source_limit: int = SOURCE_LIMIT) -> str:
    """The report as one HTML document; ``source_limit`` caps each page's source view."""
    nonce = secrets.token_urlsafe(18)
    ids = anchors(seed.page for seed in report.results)
    store = Snapshots.of(report.root)
    failed = len(report.failed)
    total = len(report.results)
    title = f"Scrape Harness: {failed} of {total} seeds failed"
    sections = "".join(
        seed_section(report, seed, ids[seed.page], store, source_limit)
        for seed in report.results
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP.format(nonce=nonce)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<link rel="icon" href="data:,">\n'
        f"<title>{esc(title)}</title>\n<style>{STYLE}</style></head>\n"
        f'<body data-check=""><header id="overview">{summary(report)}</header>\n'
        f"<main>{overview(report, ids)}\n{sections}</main>\n"
        f'<script nonce="{esc(nonce)}">{SCRIPT}</script>\n</body></html>\n'
    )


def anchors(pages: Iterable[str]) -> dict[str, str]:
    """A stable, readable, unique element id per seed: ``seed-aggregator-000.txt``."""
    ids: dict[str, str] = {}
    used: set[str] = set()
    for page in pages:
        base = "seed-" + (re.sub(r"[^A-Za-z0-9_.-]+", "-", page).strip("-") or "x")
        anchor, n = base, 1
        while anchor in used:
            n += 1
            anchor = f"{base}-{n}"
        used.add(anchor)
        ids[page] = anchor
    return ids


def badge(status: str) -> str:
    return f'<span class="badge {esc(status)}">{esc(status)}</span>'


def summary(report: RunReport) -> str:
    total = len(report.results)
    failed = len(report.failed)
    counts = report.counts()
    tiles = (
        f'<div class="tiles"><div class="tile"><b>{total}</b> seeds</div>'
        f'<div class="tile failed"><b>{failed}</b> failed</div>'
        f'<div class="tile passed"><b>{total - failed}</b> passed</div></div>'
    )
    head = "".join(f"<th>{s}</th>" for s in STATUSES)
    rows = "".join(
        f'<tr><th scope="row">{check}</th>'
        + "".join(
            f'<td class="{s if counts[check][s] else "zero"}">{counts[check][s]}</td>'
            for s in STATUSES
        )
        + "</tr>"
        for check in CHECKS
    )
    table = f'<table class="counts"><thead><tr><th>check</th>{head}</tr></thead><tbody>{rows}</tbody></table>'
    parts = [
        '<div class="top"><div><h1>Scrape Harness report</h1>',
        f'<p class="muted">Project <code>{esc(report.root)}</code></p>{tiles}</div>{table}</div>',
    ]
    commands = report.accept_commands()
    if commands:
        text = "\n".join(esc(c) for c in commands)
        parts.append(
            '<section class="accept"><h2>If the snapshot changes are intended</h2>'
            f"<pre><code>{text}</code></pre></section>"
        )
    if report.stale:
        items = "".join(f"<li><code>{esc(s)}</code></li>" for s in report.stale)
        parts.append(
            f'<section class="stale"><h2>Snapshots whose seed is gone ({len(report.stale)})</h2>'
            f"<ul>{items}</ul></section>"
        )
    parts.append(corpus_section(report))
    return "".join(parts)


def corpus_section(report: RunReport) -> str:
    """The corpus rules' verdict per site; each finding names its page or the site."""
    if not report.corpus:
        return ""
    rows = []
    for verdict in report.corpus:
        rows.append(
            f'<tr><th colspan="5">site <code>{esc(verdict.site)}</code>, '
            f"{verdict.pages} pages {badge(verdict.status)}</th></tr>"
        )
        rows += [
            f'<tr class="{esc(f.severity)}"><td><code>{esc(f.page)}</code></td>'
            f"<td><code>{esc(f.path) or '(record)'}</code></td><td>{esc(f.rule)}</td>"
            f'<td>{esc(f.message)}</td><td class="value">'
            f"{render_value(clip(f.value)) if f.value is not None else ''}</td></tr>"
            for f in verdict.findings
        ]
    failed = len(report.corpus_failed)
    return (
        f'<section class="corpus"><h2>Corpus rules: {failed} of '
        f"{len(report.corpus)} sites failed</h2>"
        '<table class="findings"><thead><tr><th>page or site</th><th>path</th>'
        "<th>rule</th><th>message</th><th>value</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )


def overview(report: RunReport, ids: dict[str, str]) -> str:
    sites = sorted({seed.site or "" for seed in report.results})
    site_options = "".join(
        f'<option value="{esc(s)}">{esc(s) if s else "(no site)"}</option>'
        for s in sites
    )
    status_options = "".join(
        f'<option value="{s}">{s}</option>' for s in ("all", *STATUSES)
    )
    check_options = "".join(f'<option value="{c}">{c}</option>' for c in CHECKS)
    filters = (
        '<div class="filters">'
        f'<label>Site <select id="filter-site"><option value="">all sites</option>{site_options}</select></label>'
        f'<label>Status <select id="filter-status">{status_options}</select></label>'
        f'<label>in <select id="filter-check"><option value="">any check</option>{check_options}</select></label>'
        f'<span class="muted"><b id="shown-count">{len(report.results)}</b> of {len(report.results)} seeds shown</span>'
        "</div>"
    )
    head = "".join(f'<th class="c-{c}">{c}</th>' for c in CHECKS)
    rows = "".join(seed_row(seed, ids[seed.page]) for seed in report.results)
    if not rows:
        rows = f'<tr><td colspan="{len(CHECKS) + 3}" class="muted">No seeds were checked.</td></tr>'
    return (
        f'<section class="seeds"><h2>Seeds</h2>{filters}'
        f'<table id="seeds"><thead><tr><th>seed</th><th>site</th>{head}'
        f'<th class="num">findings</th></tr></thead><tbody>{rows}</tbody></table></section>'
    )


def seed_row(seed: SeedResult, anchor: str) -> str:
    status = "failed" if seed.failed else "passed"
    cells, data = [], []
    for check in CHECKS:
        result = result_of(seed, check)
        state = result.status if result else "skipped"
        data.append(f'data-check-{check}="{state}"')
        cells.append(f'<td class="c-{check}">{badge(state)}</td>')
    findings = sum(len(r.findings) for r in seed.results)
    site = seed.site or ""
    site_cell = esc(site) if site else '<span class="muted">—</span>'
    return (
        f'<tr class="{status}" tabindex="0" data-target="{esc(anchor)}" data-site="{esc(site)}" '
        f'data-status="{status}" {" ".join(data)}>'
        f'<td class="page"><a href="#{esc(anchor)}">{esc(seed.page)}</a></td>'
        f'<td class="site">{site_cell}</td>'
        f'{"".join(cells)}<td class="num{"" if findings else " muted"}">{findings}</td></tr>'
    )


def seed_section(
    report: RunReport, seed: SeedResult, anchor: str, store: Snapshots, limit: int
) -> str:
    status = "failed" if seed.failed else "passed"
    source, meta = source_view(report.root, seed.page, limit)
    facts = [("site", seed.site or "—")]
    facts += [(k, meta[k]) for k in ("url", "captured_at", "status") if k in meta]
    facts_html = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in facts)
    badges = "".join(
        f'<span class="check">{check} {badge(r.status if r else "skipped")}</span>'
        for check in CHECKS
        for r in [result_of(seed, check)]
    )
    diff = store.diff(report.root, seed.page, seed.site, seed.record)
    return (
        f'<section class="seed" id="{esc(anchor)}" hidden>'
        '<p class="back"><a href="#overview">↑ overview</a></p>'
        f'<h2>{badge(status)} <span class="page">{esc(seed.page)}</span></h2>'
        f'<dl class="facts">{facts_html}</dl><p class="checks">{badges}</p>'
        f"{findings_block(seed)}"
        f"<h3>Snapshot diff</h3>{diff}"
        f"<h3>Record</h3>{render_record(seed.record, flagged(seed))}"
        f"<h3>Captured page</h3>{source}</section>"
    )


def flagged(seed: SeedResult) -> set[str]:
    """Record paths that schema or quality errors point at, marked in the record."""
    return {
        f.path
        for r in seed.results
        if r.check in ("schema", "quality")
        for f in r.findings
        if f.severity == "error" and f.path
    }


def findings_block(seed: SeedResult) -> str:
    findings = [f for r in seed.results for f in r.findings]
    skipped = [r for r in seed.results if r.status == "skipped"]
    parts = [f"<h3>Findings ({len(findings)})</h3>"]
    if findings:
        rows = "".join(finding_row(f) for f in findings)
        parts.append(
            '<table class="findings"><thead><tr><th>check</th><th>path</th><th>rule</th>'
            f"<th>message</th><th>value</th></tr></thead><tbody>{rows}</tbody></table>"
        )
    else:
        parts.append(note("No findings."))
    if any(r.check == "snapshot" and r.failed for r in seed.results):
        command = shlex.join(["harness", "update", seed.page])
        parts.append(
            f'<p class="hint">If the change is intended: <code>{esc(command)}</code></p>'
        )
    # Snapshot findings all carry that same hint; other checks' hints are shown once.
    hints = dict.fromkeys(f.hint for f in findings if f.hint and f.check != "snapshot")
    parts += [f'<p class="hint">{esc(h)}</p>' for h in hints]
    parts += [skip_line(r) for r in skipped]
    return "".join(parts)


def skip_line(result: CheckResult) -> str:
    reason = f": {esc(result.reason)}" if result.reason else ""
    return f'<p class="note">{esc(result.check)} skipped{reason}</p>'


def finding_row(finding: Finding) -> str:
    old, new = finding.expected, finding.value
    if finding.rule == "changed" and isinstance(old, str) and isinstance(new, str):
        value = render_inline(clip_inline(word_diff(old, new)), style="html")
        value = f'<div class="inline">{value}</div>'
    elif finding.check == "snapshot" and finding.rule in SNAPSHOT_SIDES:
        has_old, has_new = SNAPSHOT_SIDES[finding.rule]
        value = (
            f'<div class="was">was {render_value(clip(old))}</div>' if has_old else ""
        ) + (f'<div class="now">now {render_value(clip(new))}</div>' if has_new else "")
    elif new is not None:
        value = render_value(clip(new))
    else:
        value = ""
    return (
        f'<tr class="{esc(finding.severity)}"><td>{esc(finding.check)}</td>'
        f"<td><code>{esc(finding.path) or '(record)'}</code></td><td>{esc(finding.rule)}</td>"
        f'<td>{esc(finding.message)}</td><td class="value">{value}</td></tr>'
    )


STYLE = """
:root{--fail:#b42318;--fail-bg:#fee4e2;--pass:#067647;--pass-bg:#dcfae6;--skip:#475467;
--skip-bg:#eaecf0;--line:#d0d5dd;--muted:#667085;--del:#ffebe9;--del-hi:#ffb8b3;
--ins:#e6ffec;--ins-hi:#a6f0b6;font-family:system-ui,-apple-system,"Segoe UI",Roboto,
"Noto Sans","Noto Sans CJK SC","PingFang SC",sans-serif;color:#101828;background:#f9fafb}
body{margin:0 auto;max-width:1400px;padding:16px 24px 64px;line-height:1.45}
code,pre,.diff{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:13px}
h1{margin:0 0 4px;font-size:24px}h2{font-size:19px;margin:28px 0 10px}h3{font-size:16px;margin:24px 0 8px;
border-bottom:1px solid var(--line);padding-bottom:4px}
.muted,.note{color:var(--muted)}.note{margin:6px 0}
.top{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start;justify-content:space-between}
.tiles{display:flex;gap:10px;margin-top:10px}.tile{background:#fff;border:1px solid var(--line);border-radius:8px;
padding:8px 14px;min-width:90px}.tile b{display:block;font-size:24px}
.tile.failed b{color:var(--fail)}.tile.passed b{color:var(--pass)}
table{border-collapse:collapse;background:#fff}th,td{border:1px solid var(--line);padding:5px 9px;text-align:left;
vertical-align:top}thead th{background:#f2f4f7;font-weight:600}
.counts td{text-align:right;min-width:56px}.counts td.failed{color:var(--fail);font-weight:700}
.counts td.passed{color:var(--pass)}.counts td.zero{color:#98a2b3}
.stale ul{padding-left:28px}.accept pre,.stale ul{background:#fff;border:1px solid var(--line);border-radius:6px;padding:10px 12px;
white-space:pre-wrap;overflow-wrap:anywhere}
.filters{display:flex;flex-wrap:wrap;gap:16px;align-items:center;margin:8px 0 10px}
select{font:inherit;padding:3px 6px;border-radius:6px;border:1px solid var(--line);background:#fff}
#seeds{width:100%}#seeds tbody tr{cursor:pointer}#seeds tbody tr:hover{background:#f5f8ff}
#seeds tr.current{outline:2px solid #2e90fa;outline-offset:-2px}
#seeds td.page{overflow-wrap:anywhere}#seeds tr.failed td.page{border-left:4px solid var(--fail)}
#seeds tr.passed td.page{border-left:4px solid var(--pass)}.num{text-align:right}
a{color:#175cd3;text-decoration:none}a:hover{text-decoration:underline}
.badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600;line-height:20px}
.badge.failed{color:var(--fail);background:var(--fail-bg)}.badge.failed::before{content:"✗ "}
.badge.passed{color:var(--pass);background:var(--pass-bg)}.badge.passed::before{content:"✓ "}
.badge.skipped{color:var(--skip);background:var(--skip-bg)}.badge.skipped::before{content:"– "}
section.seed{background:#fff;border:1px solid var(--line);border-radius:10px;padding:4px 20px 20px;margin-top:28px}
section.seed:target{display:block}section.seed h2 .page{overflow-wrap:anywhere}
.back{margin:10px 0 0;font-size:13px}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0}
.facts dt{color:var(--muted)}.facts dd{margin:0;overflow-wrap:anywhere}
.checks{display:flex;gap:14px;flex-wrap:wrap}
.findings{width:100%}.findings tr.error td:first-child{border-left:4px solid var(--fail)}
.findings tr.warn td:first-child{border-left:4px solid #dc6803}
.findings td:nth-child(-n+3){white-space:nowrap}.findings td:nth-child(n+4){overflow-wrap:anywhere}
.findings .value{max-width:420px}
.record .flagged{background:var(--fail-bg);box-shadow:-10px 0 0 var(--fail-bg),10px 0 0 var(--fail-bg);
border-left:0}.record .flagged::after{content:" ⟵ see findings";color:var(--fail);font-size:12px;font-weight:600}
.inline del{background:var(--del-hi);text-decoration:none}.inline ins{background:var(--ins-hi);text-decoration:none}
.was{background:var(--del);padding:2px 4px}.now{background:var(--ins);padding:2px 4px}
.hint code{background:#f2f4f7;padding:2px 6px;border-radius:4px}
.record{border-left:3px solid var(--line);padding:0 0 0 16px;max-width:900px}
.record .series{margin:8px 0 0;color:var(--muted);font-size:13px;text-transform:uppercase;letter-spacing:.04em}
.record .title{font-size:22px;border:0;margin:6px 0}.record .body h4{font-size:17px;margin:16px 0 6px}
.byline,.credits,dl.fields{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:6px 0}
.byline{color:var(--muted);font-size:13px}dd{margin:0;overflow-wrap:anywhere}dt{font-weight:600}
dl.fields{border-left:2px solid #eaecf0;padding-left:8px}ol.items{margin:2px 0;padding-left:28px}
.record h4.part{margin:18px 0 6px;font-size:14px;color:#344054}
.appended{background:#fcfcfd;border:1px dashed var(--line);border-radius:6px;padding:6px 12px;margin-top:14px}
.appended summary{cursor:pointer;font-weight:600;font-size:14px;color:#344054}
table.rows{margin:2px 0;font-size:14px}table.rows td,table.rows th{padding:2px 8px}
table.rows td.ln{color:#98a2b3;text-align:right;white-space:nowrap}
.lit{color:#6941c6;font-family:ui-monospace,monospace}
.diff{width:100%;table-layout:fixed}.diff col.ln{width:44px}.diff td{border:0;padding:0 8px;white-space:pre-wrap;
overflow-wrap:anywhere}.diff td.ln{color:#98a2b3;text-align:right;user-select:none;background:#f9fafb}
.diff thead th{border:0;border-bottom:1px solid var(--line)}
.diff tr.changed td.old,.diff tr.deleted td.old{background:var(--del)}
.diff tr.changed td.new,.diff tr.inserted td.new{background:var(--ins)}
.diff td.none{background:#f2f4f7}.diff del{background:var(--del-hi);text-decoration:none;border-radius:2px}
.diff ins{background:var(--ins-hi);text-decoration:none;border-radius:2px}
.diff tr.gap td{background:#eef4ff;color:#475467;text-align:center;padding:2px}
details.source summary{cursor:pointer;color:#175cd3}
details.source pre{background:#101828;color:#e4e7ec;padding:12px;border-radius:6px;max-height:600px;overflow:auto;
white-space:pre-wrap;overflow-wrap:anywhere}
""" + "".join(f'body[data-check="{c}"] .c-{c}{{background:#eef4ff}}' for c in CHECKS)

SCRIPT = """
(() => {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const site = $("filter-site"), status = $("filter-status"), check = $("filter-check");
  const rows = Array.from(document.querySelectorAll("#seeds tbody tr[data-target]"));
  const sections = Array.from(document.querySelectorAll("section.seed"));
  const checks = Array.from(check.options).map((o) => o.value).filter(Boolean);
  const stateOf = (row, name) => row.getAttribute("data-check-" + name);
  function visible(row) {
    if (site.selectedIndex > 0 && row.dataset.site !== site.value) return false;
    const want = status.value;
    if (want === "all") return true;
    if (check.value) return stateOf(row, check.value) === want;
    if (want === "skipped") return checks.some((c) => stateOf(row, c) === "skipped");
    return row.dataset.status === want;
  }
  function filter() {
    let shown = 0;
    for (const row of rows) {
      row.hidden = !visible(row);
      if (!row.hidden) shown += 1;
    }
    $("shown-count").textContent = String(shown);
    document.body.dataset.check = check.value;
  }
  function open() {
    let id = "";
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { id = ""; }
    let current = null;
    for (const section of sections) {
      section.hidden = section.id !== id;
      if (!section.hidden) current = section;
    }
    for (const row of rows) row.classList.toggle("current", row.dataset.target === id);
    if (current) current.scrollIntoView({block: "start"});
  }
  for (const select of [site, status, check]) select.addEventListener("change", filter);
  for (const row of rows) {
    const go = () => { location.hash = row.dataset.target; };
    row.addEventListener("click", (event) => { if (!event.target.closest("a")) go(); });
    row.addEventListener("keydown", (event) => { if (event.key === "Enter") go(); });
  }
  window.addEventListener("hashchange", open);
  filter();
  open();
})();
"""
