"""Local inputs (files, folders, stdin) into raw articles, one per document.

A reader never raises for one bad input: it yields an article whose `error` says
what was wrong, so a batch goes on and the failure lands in quarantine with its
name and reason. The kind of a file (text, HTML, JSONL) comes from its suffix,
else from a look at its first bytes.
"""

from __future__ import annotations

import gzip
import io
import os
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from marsad import settings
from marsad.article import Article
from marsad.errors import InputError, TooLarge
from marsad.sources.base import Input, failed, fingerprint
from marsad.sources.decode import declared_charset, decode
from marsad.sources.jsonl import read_jsonl_lines
from marsad.sources.warc import is_warc, read_warc

__all__ = ["read_bytes", "read_inputs", "read_path"]

HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".jsonlines"}
_HTML_MARKERS = (b"<html", b"<!doctype html", b"<body", b"<head", b"<article", b"<div", b"<p>", b"<p ")


def _kind(name: str, data: bytes) -> str:
    suffix = Path(name.removesuffix(".gz")).suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix == ".txt":
        return "text"
    head = data[:2048].lstrip().lower()
    return "html" if head.startswith(b"<") and any(m in head for m in _HTML_MARKERS) else "text"


def _document(origin: str, data: bytes, kind: str) -> Input:
    fp = fingerprint(data)
    try:
        if kind == "html":
            html = decode(data, origin, declared_charset(data))
            return Input(origin, fp, Article(url=origin, html=html))
        return Input(origin, fp, Article(url=origin, raw_text=decode(data, origin)))
    except InputError as error:
        return failed(origin, error.reason, fp)


def _gunzip(data: bytes, origin: str, limit: int) -> bytes:
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
        out = handle.read(limit + 1)
    if len(out) > limit:
        raise TooLarge(origin, f"decompresses to over {limit:,} bytes (setting max_input_bytes)")
    return out


def read_bytes(origin: str, data: bytes, limit: int) -> Iterator[Input]:
    """Documents in `data`: one for text or HTML, one per line for JSONL."""
    try:
        if origin.endswith(".gz") or data[:2] == b"\x1f\x8b":
            data = _gunzip(data, origin, limit)
    except (OSError, EOFError) as error:
        yield failed(origin, f"not valid gzip ({error})")
        return
    except InputError as error:
        yield failed(origin, error.reason)
        return
    kind = _kind(origin, data)
    if kind == "jsonl":
        yield from read_jsonl_lines(origin, io.BytesIO(data), limit)
    else:
        yield _document(origin, data, kind)


def read_path(path: Path, limit: int, *, lang: str | None = None, skips: Counter | None = None) -> Iterator[Input]:
    """Documents in one file; an unreadable or oversized file yields one failure.

    A WARC is streamed record by record (any size); `lang` and `skips` apply to it.
    """
    origin = str(path)
    if is_warc(origin):
        try:
            yield from read_warc(path, limit, lang=lang, skips=skips)
        except OSError as error:
            yield failed(origin, error.strerror or str(error))
        return
    try:
        size = path.stat().st_size
        is_jsonl = _kind(origin, b"") == "jsonl" and not origin.endswith(".gz")
        if size > limit and not is_jsonl:
            mb = size / 1_000_000
            raise TooLarge(origin, f"file is {mb:,.1f} MB, over the {limit / 1_000_000:,.0f} MB limit")
        if is_jsonl:
            with path.open("rb") as handle:
                yield from read_jsonl_lines(origin, handle, limit)
            return
        data = path.read_bytes()
    except InputError as error:
        yield failed(origin, error.reason)
        return
    except OSError as error:
        yield failed(origin, error.strerror or str(error))
        return
    yield from read_bytes(origin, data, limit)


def _walk(folder: Path) -> Iterator[Path | Input]:
    errors: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=errors.append, followlinks=False):
        dirs.sort()
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name
    for error in errors:
        yield failed(str(error.filename), error.strerror or str(error))


def read_inputs(paths: Iterable[str], limit: int | None = None, *, lang: str | None = None,
                skips: Counter | None = None) -> Iterator[Input]:
    """Every document under `paths` (files, folders recursively, `-` for stdin), in order.

    WARC records that are not HTML pages (or, with `lang="ar"`, not Arabic) are counted in `skips`.
    """
    limit = settings.get("max_input_bytes", limit)
    for name in paths:
        if name == "-":
            data = sys.stdin.buffer.read(limit + 1)
            if len(data) > limit:
                yield failed("<stdin>", f"input is over the {limit:,} byte limit")
            else:
                yield from read_bytes("<stdin>", data, limit)
            continue
        path = Path(name)
        if path.is_dir():
            for item in _walk(path):
                if isinstance(item, Input):
                    yield item
                else:
                    yield from read_path(item, limit, lang=lang, skips=skips)
        elif path.exists() or path.is_symlink():
            yield from read_path(path, limit, lang=lang, skips=skips)
        else:
            yield failed(name, "no such file or folder")

