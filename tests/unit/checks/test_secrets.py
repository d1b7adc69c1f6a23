"""The secrets rule: keys and tokens are errors, e-mail addresses warnings, all masked."""

from __future__ import annotations

import re._constants as re_constants
import re._parser as re_parser
from pathlib import Path

import pytest

from harness.checks.quality import check_quality, default_rules
from harness.checks.secrets import (
    SECRET_KINDS,
    SecretKind,
    find_secrets,
    mask,
    no_secrets,
    page_secrets,
)
from harness.model import Finding, Page, Site

PAGE = "seeds/site/a.txt"
SITE = Site(name="site", parser="article")

# Built at run time so no scanner mistakes this test file for a leak.
AWS = "AKIA" + "IOSFODNN7EXAMPLE"
GITHUB = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"
SLACK = "xoxb-" + "123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"
JWT = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
    ".eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ"
    ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
)
PRIVATE = "-----BEGIN RSA " + "PRIVATE KEY-----"
API_KEY = "sk_live_0123456789abcdefXYZ"


def run(record: dict[str, object]) -> list[Finding]:
    return list(no_secrets()(record, page=PAGE, site=SITE))


@pytest.mark.parametrize(
    ("text", "secret", "kind"),
    [
        (f"key {AWS} here", AWS, "an AWS access key id"),
        (f"token: {GITHUB}", GITHUB, "a GitHub token"),
        (f"slack {SLACK}.", SLACK, "a Slack token"),
        (f"Authorization: Bearer {JWT}", JWT, "a JSON Web Token"),
        (f"{PRIVATE}\nMIIEow...", PRIVATE, "a private key header"),
        (f'api_key = "{API_KEY}"', API_KEY, "an API key"),
        (f"API-KEY: {API_KEY}", API_KEY, "an API key"),
    ],
)
def test_keys_and_tokens_are_errors_shown_masked(
    text: str, secret: str, kind: str
) -> None:
    """Each kind of key is an error naming the path and kind, never the whole secret."""
    [finding] = run({"body": [{"text": text}]})
    assert finding.severity == "error"
    assert finding.path == "body[0].text"
    assert finding.rule == "no_secrets"
    assert kind in finding.message
    assert secret not in finding.message
    assert secret not in str(finding.value)
    assert finding.value == mask(secret)
    assert "before committing" in finding.message


def test_email_addresses_are_warnings() -> None:
    """An e-mail address is a warning (articles print them) and does not fail the check."""
    [finding] = run({"credits": ["Contact: jane.doe@example.com"]})
    assert finding.severity == "warn"
    assert finding.path == "credits[0]"
    assert "an e-mail address" in finding.message
    assert "jane.doe@example.com" not in finding.message


def test_clean_text_has_no_findings() -> None:
    """Ordinary article text, URLs and a short api key mention are left alone."""
    record = {
        "title": "Keys to the city",
        "body": [{"text": "See https://example.com/a@b for the api key: short."}],
        "views": 12,
    }
    assert run(record) == []


def test_every_secret_in_a_string_is_found_once() -> None:
    """Two secrets in one string are two findings; a JWT is not also an API key."""
    found = [k.name for k, _ in find_secrets(f"{AWS} and api_key={JWT}")]
    assert found == ["an AWS access key id", "a JSON Web Token"]


@pytest.mark.parametrize(
    ("secret", "masked"),
    [
        ("AKIAIOSFODNN7EXAMPLE", "AKIA************MPLE"),
        ("a@b.io", "a****o"),
        ("ab", "**"),
    ],
)
def test_mask_keeps_at_most_a_quarter(secret: str, masked: str) -> None:
    """Masking keeps at most four characters at each end and a quarter in all."""
    assert mask(secret) == masked


def test_no_secrets_is_a_default_rule() -> None:
    """check_quality runs no_secrets unless told otherwise."""
    assert "no_secrets()" in [repr(r) for r in default_rules(SITE)]
    findings = check_quality(
        {"title": "t", "body": [{"text": f"leak {AWS}"}]}, page=PAGE, site=SITE
    )
    assert [f.rule for f in findings] == ["no_secrets"]


def test_page_secrets_name_the_line() -> None:
    """A page's text is searched the same way; the path is the line number."""
    text = f"<p>hello</p>\n<script>var k = '{GITHUB}';</script>\n"
    page = Page(
        name=PAGE, path=Path(PAGE), raw=text.encode(), text=text, encoding="utf-8",
        kind="html",
    )  # fmt: skip
    [finding] = page_secrets(page)
    assert finding.path == "line 2"
    assert finding.severity == "error"
    assert GITHUB not in finding.message


@pytest.mark.parametrize(
    "kind", [k for k in SECRET_KINDS if k.mark is not None], ids=lambda k: k.name
)
def test_every_needle_holds_its_mark(kind: SecretKind) -> None:
    """The mark is a literal of the needle outside any choice, so every match
    holds it and a text without it holds no needle."""
    assert kind.mark is not None
    parsed = re_parser.parse(kind.needle.pattern, kind.needle.flags)
    assert (re_constants.LITERAL, ord(kind.mark)) in list(parsed)
