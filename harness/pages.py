"""Seeds on disk: which files are pages, their sidecar metadata, and loading them."""

from __future__ import annotations

import json
import os
import stat
import zlib
from collections.abc import Iterable, Mapping
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness.decoding import charset_from_content_type, decode
from harness.errors import PageError
from harness.model import Page, PageKind
from harness.paths import relative_posix

if TYPE_CHECKING:
    from harness.config import Config

PAGE_SUFFIXES: Mapping[str, PageKind] = {
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
}
META_SUFFIX = ".meta.json"
MAX_PAGE_BYTES = 10 * 1024 * 1024
"""The default size cap of a seed, as stored and once decompressed: the same number
as ``[tool.harness] max_page_bytes``, which caps what ``harness capture`` keeps."""


def page_suffixes(path: Path) -> tuple[str, bool] | None:
    """``(page suffix, gzipped)`` for a seed file name, or None when it is not a page."""
    name = path.name.lower()
    gzipped = name.endswith(".gz")
    if gzipped:
        name = name[:-3]
    for suffix in PAGE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return suffix, gzipped
    return None


def is_page(path: Path) -> bool:
    return page_suffixes(path) is not None and not path.name.startswith(".")


def meta_path(path: Path) -> Path:
    """The sidecar of a page: ``a.txt`` and ``a.txt.gz`` both have ``a.meta.json``."""
    suffix, gzipped = page_suffixes(path) or ("", False)
    stem = path.name[: len(path.name) - len(suffix) - (3 if gzipped else 0)]
    return path.with_name(stem + META_SUFFIX)


def find_pages(folder: Path, paths: Iterable[Path] = ()) -> list[Path]:
    """Every page under ``folder``, or under the given files and folders, sorted."""
    found: set[Path] = set()
    for start in list(paths) or [folder]:
        if start.is_dir():
            found.update(p for p in start.rglob("*") if p.is_file() and is_page(p))
        elif is_page(start):
            found.add(start)
        else:
            raise PageError(f"{start}: not a page file (.txt, .html, .htm, or .gz)")
    return sorted(found)


def read_meta(path: Path, name: str) -> dict[str, Any]:
    """The page's sidecar metadata, checked against ``meta.schema.json``; {} if none."""
    sidecar = meta_path(path)
    try:
        text = sidecar.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as e:
        raise PageError(f"{meta_name(name)}: cannot read: {e}") from e
    try:
        meta = json.loads(text)
    except json.JSONDecodeError as e:
        raise PageError(
            f"{meta_name(name)}: not valid JSON: {e.msg}: line {e.lineno} "
            f"column {e.colno}"
        ) from e
    errors = sorted(meta_validator().iter_errors(meta), key=lambda e: list(e.path))
    if errors:
        where = "/".join(str(p) for p in errors[0].absolute_path) or "(top level)"
        raise PageError(f"{meta_name(name)}: {where}: {errors[0].message}")
    assert isinstance(meta, dict)
    return meta


def meta_name(page_name: str) -> str:
    return str(meta_path(Path(page_name)).as_posix())


@cache
def meta_validator() -> Any:
    from jsonschema import Draft202012Validator

    schema = json.loads(files("harness").joinpath("meta.schema.json").read_text())
    return Draft202012Validator(
        schema, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def load_page(path: Path, *, name: str, max_bytes: int = MAX_PAGE_BYTES) -> Page:
    """Read, decompress and decode one seed. ``name`` is how messages refer to it.

    A page larger than ``max_bytes``, on disk or once decompressed, is refused
    before it is read in full, so a 50 MB capture or a gzip bomb costs no memory.
    """
    suffixes = page_suffixes(path)
    if suffixes is None:
        raise PageError(f"{name}: not a page file (.txt, .html, .htm, or .gz)")
    suffix, gzipped = suffixes
    raw = _read_capped(path, name, max_bytes)
    if gzipped:
        raw = gunzip(raw, name=name, max_bytes=max_bytes)
    meta = read_meta(path, name)
    declared = meta.get("charset") or charset_from_content_type(
        meta.get("content_type")
    )
    text, encoding = decode(raw, declared=declared, name=name)
    return Page(
        name=name,
        path=path,
        raw=raw,
        text=text,
        encoding=encoding,
        kind=PAGE_SUFFIXES[suffix],
        meta=meta,
    )


def _read_capped(path: Path, name: str, max_bytes: int) -> bytes:
    """The file's bytes, refused past ``max_bytes``; read without a file object,
    which costs more than reading a page."""
    try:
        fd = os.open(path, os.O_RDONLY)
        try:
            status = os.fstat(fd)
            size = status.st_size
            if size > max_bytes:
                raise PageError(f"{name}: {too_large(size, max_bytes)}")
            # A buffer of the file's size: one of max_bytes costs more to
            # allocate than a page costs to read.
            raw = os.read(fd, size + 1)
            # Read on to the cap after a short read (a network file system), a
            # file that grew after the stat, or from a pipe.
            growing = len(raw) != size or not stat.S_ISREG(status.st_mode)
            while growing and len(raw) <= max_bytes:
                more = os.read(fd, min(max_bytes + 1 - len(raw), _CHUNK))
                raw += more
                growing = bool(more)
        finally:
            os.close(fd)
    except OSError as e:
        raise PageError(f"{name}: cannot read: {e.strerror}") from e
    if len(raw) > max_bytes:
        raise PageError(f"{name}: {too_large(len(raw), max_bytes)}")
    return raw


_CHUNK = 1 << 20


def too_large(size: int, max_bytes: int) -> str:
    return (
        f"page is larger than max_page_bytes = {max_bytes} bytes ({size:,} bytes "
        "or more); raise [tool.harness] max_page_bytes if it is meant to be this big"
    )


def gunzip(data: bytes, *, name: str, max_bytes: int) -> bytes:
    """Decompress gzip members one bounded step at a time, never past ``max_bytes``."""
    out = bytearray()
    try:
        while data:
            # wbits 16+15: a gzip header and trailer; one decompressor per member.
            stream = zlib.decompressobj(16 + zlib.MAX_WBITS)
            pending = data
            while pending and not stream.eof:
                out += stream.decompress(pending, max_bytes + 1 - len(out))
                if len(out) > max_bytes:
                    raise PageError(
                        f"{name}: decompressed {too_large(len(out), max_bytes)} "
                        "(a gzip bomb?)"
                    )
                pending = stream.unconsumed_tail
            if not stream.eof:
                raise PageError(f"{name}: not a valid gzip file: truncated")
            data = stream.unused_data.lstrip(b"\x00")  # padding between members
    except zlib.error as e:
        raise PageError(f"{name}: not a valid gzip file: {e}") from e
    return bytes(out)


def escapes(page: Path, config: Config) -> Path | None:
    """Where ``page`` really is, when a symlink takes it outside the seeds folder;
    else None.

    Such a page is skipped, never read: its bytes (``/etc/hostname``, say) would
    end up in a record, a report or a committed snapshot.
    """
    real = config.real_path(page)
    try:
        relative_posix(real, config.real_seeds)
    except ValueError:
        return real
    return None


def relative_name(path: Path, root: Path) -> str:
    """How messages show a file: relative to ``root`` when inside it, else as is."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
