"""Bytes to text: BOM, declared charset, <meta>, detection; empty and binary pages."""

from __future__ import annotations

import codecs

import pytest

from harness.decoding import charset_from_content_type, codec_for, decode
from harness.errors import PageError

CHINESE = "小红书在美国应用商店的下载量激增，成千上万的用户涌入这个平台。" * 20


def test_bom_wins_over_a_wrong_label():
    """A UTF-8 byte-order mark decides the codec whatever the meta declares."""
    text, codec = decode(codecs.BOM_UTF8 + "héllo".encode(), declared="gbk", name="p")
    assert (text, codec) == ("héllo", "utf-8-sig")


def test_bom_page_with_bad_bytes_keeps_its_codec():
    """Bytes a BOM page cannot hold become U+FFFD (the quality check flags them)."""
    text, codec = decode(codecs.BOM_UTF8 + b"caf\xff ok", name="p")
    assert (text, codec) == ("caf\ufffd ok", "utf-8-sig")


def test_utf16_bom():
    """UTF-16 pages are recognised by their byte-order mark."""
    text, _ = decode("<p>你好</p>".encode("utf-16"), name="p")
    assert text == "<p>你好</p>"


def test_declared_gbk_is_read_as_gb18030():
    """A page labelled GBK decodes with GB18030, its superset, as browsers do."""
    text, codec = decode(CHINESE.encode("gbk"), declared="gbk", name="p")
    assert (text, codec) == (CHINESE, "gb18030")


def test_meta_charset_is_used_when_nothing_is_declared():
    """The page's own <meta charset> is honoured."""
    page = f'<html><head><meta charset="gb2312"></head><body>{CHINESE}</body></html>'
    text, codec = decode(page.encode("gb2312"), name="p")
    assert CHINESE in text
    assert codec == "gb18030"


def test_undeclared_gbk_page_is_detected():
    """A GBK page with no label anywhere still decodes to the right text."""
    text, _ = decode(CHINESE.encode("gbk"), name="p")
    assert text == CHINESE


def test_undeclared_gbk_with_a_stray_byte_is_not_read_as_cyrillic():
    """One invalid byte must not push detection to a single-byte codepage."""
    raw = CHINESE.encode("gbk")
    raw = raw[:300] + b"\xff" + raw[300:]  # 0xFF starts no GBK character
    text, codec = decode(raw, name="p")
    assert codec == "gb18030"
    assert CHINESE[:100] in text


def test_wrong_label_falls_back_to_detection():
    """A page declared UTF-8 but written in GBK is decoded as GBK."""
    text, _ = decode(CHINESE.encode("gbk"), declared="utf-8", name="p")
    assert text == CHINESE


def test_unknown_label_is_ignored():
    """A charset name Python does not know does not stop decoding."""
    text, codec = decode(b"plain text", declared="x-no-such", name="p")
    assert (text, codec) == ("plain text", "utf-8")


@pytest.mark.parametrize("raw", [b"", b"   \n\t "])
def test_empty_page_is_an_error_naming_the_file(raw):
    """An empty page is refused with its name in the message."""
    with pytest.raises(PageError, match=r"seeds/a\.txt: page is empty"):
        decode(raw, name="seeds/a.txt")


def test_binary_junk_is_an_error_naming_the_file():
    """Binary data is refused, not decoded into garbage."""
    with pytest.raises(PageError, match=r"seeds/a\.txt: binary data"):
        decode(bytes(range(256)) * 4, name="seeds/a.txt")


@pytest.mark.parametrize(
    ("content_type", "charset"),
    [
        ("text/html; charset=GBK", "GBK"),
        ('text/html; charset="utf-8"', "utf-8"),
        ("text/html", None),
        (None, None),
    ],
)
def test_charset_from_content_type(content_type, charset):
    """The charset parameter is read from a Content-Type value."""
    assert charset_from_content_type(content_type) == charset


def test_codec_for_widens_legacy_labels():
    """Latin-1 and ASCII labels read as windows-1252, per the WHATWG table."""
    assert codec_for("ISO-8859-1") == "cp1252"
    assert codec_for("no-such-codec") is None
