"""Bytes to text: BOM, then the declared charset, then the page's own <meta>, then detection.

Charset labels follow the WHATWG encoding standard, as browsers do: GB2312 and GBK
are read as GB18030 (their superset) and Latin-1 as windows-1252, because real
pages labelled with the narrower names use the wider repertoire.
"""

from __future__ import annotations

import codecs
import re

from harness.errors import PageError

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

WIDER_CODEC = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
}

META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]+)""", re.IGNORECASE
)
CONTENT_TYPE_CHARSET = re.compile(r"""charset\s*=\s*["']?([a-zA-Z0-9_\-:.]+)""", re.I)

# A text page has almost no C0 control characters besides tab, CR, LF and FF.
CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\x0c")
MAX_CONTROL_SHARE = 0.01


def charset_from_content_type(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a Content-Type header value, if any."""
    if not content_type:
        return None
    match = CONTENT_TYPE_CHARSET.search(content_type)
    return match.group(1) if match else None


def codec_for(label: str) -> str | None:
    """The Python codec for a charset label, or None when Python does not know it."""
    label = label.strip().lower()
    label = WIDER_CODEC.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode(raw: bytes, *, declared: str | None = None, name: str) -> tuple[str, str]:
    """Decode a page; return ``(text, codec)``. ``name`` is used in error messages.

    Raises PageError for an empty page or one that is binary data, not text.
    """
    if not raw or raw.isspace():  # not raw.strip(), which copies the page
        raise PageError(f"{name}: page is empty")
    for bom, bom_codec in BOMS:
        if raw.startswith(bom):
            # The mark settles the codec; bad bytes after it become U+FFFD,
            # which the quality check reports.
            return raw.decode(bom_codec, errors="replace"), bom_codec
    if looks_binary(raw):
        raise PageError(
            f"{name}: binary data, not a text or HTML page "
            f"(first bytes: {raw[:16].hex(' ')})"
        )
    labels = tuple(label for label in (declared, meta_charset(raw)) if label)
    for label in labels:
        if codec := codec_for(label):
            try:
                return raw.decode(codec), codec
            except UnicodeDecodeError:
                pass  # a wrong label is common; detection below does better
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        if e.reason == "unexpected end of data":  # only the last character is cut
            return raw.decode("utf-8", errors="replace"), "utf-8"
    return detect(raw, name=name, tried=labels)


def looks_binary(raw: bytes) -> bool:
    sample = raw[:65536]
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, CONTROL_BYTES))  # one pass
    return controls > MAX_CONTROL_SHARE * len(sample)


def meta_charset(raw: bytes) -> str | None:
    """The charset a page declares in its own ``<meta>``, looked for in its head."""
    match = META_CHARSET.search(raw[:8192])
    return match.group(1).decode("ascii") if match else None


def detect(raw: bytes, *, name: str, tried: tuple[str, ...] = ()) -> tuple[str, str]:
    """Guess the codec of a page that no label decodes cleanly.

    charset-normalizer drops any codec that fails on a single byte, and a real
    page with one stray byte then comes out as, say, Cyrillic. So the codecs it
    proposes compete with lenient decodes of the labels and of UTF-8 and GB18030
    (the usual encodings of our sites), and the text that reads least like noise
    wins (its "mess ratio", with a penalty for each replacement character).
    """
    from charset_normalizer import from_bytes
    from charset_normalizer.md import mess_ratio

    proposed = [match.encoding for match in from_bytes(raw)][:3]
    candidates = dict.fromkeys(
        codec
        for label in (*proposed, *tried, "utf-8", "gb18030")
        if (codec := codec_for(label))
    )
    sample = raw[:32768]
    best: tuple[float, str] | None = None
    for codec in candidates:
        text = sample.decode(codec, errors="replace")
        if not text:
            continue
        score = mess_ratio(text, 1.0) + 10 * text.count("\ufffd") / len(text)
        if best is None or score < best[0]:
            best = (score, codec)
    if best is None:
        raise PageError(f"{name}: cannot tell the page's character encoding")
    codec = best[1]
    return raw.decode(codec, errors="replace"), codec
