"""Scrape Harness: regression and data-quality checks for web scrapers."""

from harness.errors import CheckFailed, ConfigError, HarnessError, PageError
from harness.model import CheckResult, Finding, Page, SeedResult, Site
from harness.parsers import parser

__all__ = [
    "CheckFailed",
    "CheckResult",
    "ConfigError",
    "Finding",
    "HarnessError",
    "Page",
    "PageError",
    "SeedResult",
    "Site",
    "parser",
]
