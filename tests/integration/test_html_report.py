"""The HTML report in a real browser: filters, seed pages, the diff, hostile page text.

Chromium runs headless through chromedriver on a report of a project built here:
two sites, seeds that pass, change their snapshot, break the schema, fail a quality
rule, fail to parse, and one whose text is hostile markup.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from harness.engine import Project, check_all, update_seed
from harness.report import RunReport
from harness.report.html import render

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    # Without these Chromium hangs on a closed network, waiting for its services.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

SCRIPT_TEXT = "<script>window.__pwned = 1</script>"
IMG_TEXT = '<img src=x onerror="window.__pwned=2">'

PARSERS = """
from harness.parsers import parser


@parser("html-report-lines")
def lines(page, *, site):
    title, *rest = page.text.splitlines()
    fields = dict(line.split(": ", 1) for line in rest if ": " in line)
    body = [line for line in rest if line.strip() and ": " not in line]
    return {"title": title, "views": int(fields["views"]), "body": body}
"""

PYPROJECT = """
[tool.harness]
plugins = ["parsers.py"]

[[tool.harness.sites]]
name = "alpha"
match = ["alpha/**"]
parser = "html-report-lines"
schema = "lines.schema.json"
volatile = ["views"]

[[tool.harness.sites]]
name = "beta"
match = ["beta/**"]
parser = "html-report-lines"
schema = "lines.schema.json"
"""

SCHEMA = """{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "required": ["title", "views", "body"],
  "properties": {
    "title": {"type": "string", "minLength": 1},
    "views": {"type": "integer", "minimum": 0},
    "body": {"type": "array", "items": {"type": "string", "minLength": 1}}
  }
}
"""

SEEDS = {
    "alpha/passing.txt": "A calm day\nviews: 3\nNothing happened today.\nStill nothing.\n",
    "alpha/changed.txt": "Foxes\nviews: 5\nThe quick brown fox jumps.\n",
    "beta/schema.txt": "Negative views\nviews: -4\nCounters can go wrong.\n",
    "beta/quality.txt": "Tag cloud\nviews: 1\nThe article.\nmydisktest_v298 (34)\n",
    "beta/broken.txt": "No views line at all\nThe parser raises KeyError.\n",
    "beta/hostile.txt": f"{SCRIPT_TEXT}\nviews: 2\n{IMG_TEXT}\n",
}
CHANGED = "Foxes\nviews: 6\nThe quick red fox jumps over.\nA new paragraph.\n"


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with two sites checked, its HTML report written to report.html."""
    root = tmp_path_factory.mktemp("html-report")
    (root / "pyproject.toml").write_text(PYPROJECT)
    (root / "parsers.py").write_text(PARSERS)
    (root / "schemas").mkdir()
    (root / "schemas" / "lines.schema.json").write_text(SCHEMA)
    for name, text in SEEDS.items():
        (root / "seeds" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "seeds" / name).write_text(text, encoding="utf-8")
    project = Project(root)
    for page in project.pages():
        update_seed(project, page)
    (root / "seeds" / "alpha" / "changed.txt").write_text(CHANGED, encoding="utf-8")
    report = RunReport(project.root, tuple(check_all(project, project.pages())))
    failing = {seed.page for seed in report.failed}
    assert failing == {f"seeds/{name}" for name in SEEDS if "passing" not in name}
    file = root / "report.html"
    file.write_text(render(report), encoding="utf-8")
    return file


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Headless Chromium, its browser console log recorded."""
    # CI sets HARNESS_REQUIRE_BROWSER: there a missing browser is a failure.
    missing = pytest.fail if os.environ.get("HARNESS_REQUIRE_BROWSER") else pytest.skip
    if not (CHROMIUM.is_file() and CHROMEDRIVER.is_file()):
        missing("chromium not installed: apt-get install chromium chromium-driver")
    try:
        from selenium import webdriver
    except ImportError:
        missing("selenium not installed: pip install -e '.[test]'")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium')}")
    options.add_argument("--window-size=1400,1800")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    browser.set_page_load_timeout(30)
    try:
        yield browser
    finally:
        browser.quit()


@pytest.fixture
def page(driver: Any, report_file: Path) -> Any:
    """The report freshly loaded, its console log emptied."""
    driver.get(report_file.as_uri())
    driver.get_log("browser")
    return driver


def rows(driver: Any) -> dict[str, Any]:
    from selenium.webdriver.common.by import By

    found = driver.find_elements(By.CSS_SELECTOR, "#seeds tbody tr")
    return {row.find_element(By.CSS_SELECTOR, "td.page").text: row for row in found}


def visible_seeds(driver: Any) -> set[str]:
    return {name for name, row in rows(driver).items() if row.is_displayed()}


def choose(driver: Any, select_id: str, value: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element(By.ID, select_id)).select_by_value(value)


def open_seed(driver: Any, name: str) -> Any:
    """Click the seed's row (not its link) and wait for its section to show."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    row = rows(driver)[name]
    row.find_element(By.CSS_SELECTOR, "td.site").click()
    anchor = row.get_attribute("data-target")
    section = driver.find_element(By.ID, anchor)
    WebDriverWait(driver, 5).until(lambda _: section.is_displayed())
    return section


def test_site_filter_shows_only_that_sites_rows(page):
    """Choosing a site hides every other site's rows; "all sites" brings them back."""
    assert visible_seeds(page) == {f"seeds/{name}" for name in SEEDS}
    choose(page, "filter-site", "alpha")
    assert visible_seeds(page) == {"seeds/alpha/passing.txt", "seeds/alpha/changed.txt"}
    choose(page, "filter-site", "")
    assert len(visible_seeds(page)) == len(SEEDS)


def test_status_filter_shows_only_failing_rows(page):
    """Status "failed" leaves the failing seeds; with a check, that check's failures."""
    choose(page, "filter-status", "failed")
    assert visible_seeds(page) == {
        f"seeds/{name}" for name in SEEDS if name != "alpha/passing.txt"
    }
    choose(page, "filter-check", "schema")
    assert visible_seeds(page) == {"seeds/beta/schema.txt"}
    choose(page, "filter-status", "skipped")
    assert visible_seeds(page) == {"seeds/beta/broken.txt"}
    choose(page, "filter-check", "")
    choose(page, "filter-status", "passed")
    assert visible_seeds(page) == {"seeds/alpha/passing.txt"}


def test_failing_seed_opens_with_findings_and_diff(page, tmp_path):
    """Clicking a failing row shows its section: findings, and the diff highlighted."""
    from selenium.webdriver.common.by import By

    sections = page.find_elements(By.CSS_SELECTOR, "section.seed")
    assert sections
    assert not any(s.is_displayed() for s in sections)
    section = open_seed(page, "seeds/alpha/changed.txt")
    assert [s for s in sections if s.is_displayed()] == [section]
    findings = section.find_element(By.CSS_SELECTOR, "table.findings").text
    assert "snapshot" in findings
    assert "body[0]" in findings
    diff = section.find_element(By.CSS_SELECTOR, "table.diff")
    assert diff.is_displayed()
    deleted = [e.text for e in diff.find_elements(By.TAG_NAME, "del")]
    inserted = [e.text for e in diff.find_elements(By.TAG_NAME, "ins")]
    assert any("brown" in text for text in deleted), deleted
    assert any("red" in text for text in inserted), inserted
    assert "harness update seeds/alpha/changed.txt" in section.text

    shot = tmp_path / "artifacts" / "html-report-changed-seed.png"
    shot.parent.mkdir()
    assert page.save_screenshot(str(shot))
    data = shot.read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    assert len(data) > 1000
    if artifacts := os.environ.get("HARNESS_ARTIFACTS"):
        Path(artifacts).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, Path(artifacts) / shot.name)


def test_hostile_page_text_stays_text(page):
    """Script and event-handler markup in a page is shown literally and never runs."""
    from selenium.webdriver.common.by import By

    section = open_seed(page, "seeds/beta/hostile.txt")
    time.sleep(0.2)  # an onerror handler would have fired by now
    assert page.execute_script("return window.__pwned") is None
    text = section.text
    assert SCRIPT_TEXT in text
    assert IMG_TEXT in text
    assert page.find_elements(By.TAG_NAME, "img") == []
    assert page.execute_script("return document.scripts.length") == 1


def test_report_loads_nothing_and_logs_no_errors(page):
    """No resource is fetched, and the console stays free of errors while in use."""
    choose(page, "filter-status", "failed")
    open_seed(page, "seeds/beta/quality.txt")
    resources = page.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    assert resources == []
    errors = [e for e in page.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
