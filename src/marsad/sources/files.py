"""Local inputs (files, folders, stdin) into raw articles, one per document.

A reader never raises for one bad input: it yields an article whose `error` says
what was wrong, so a batch goes on and the failure lands in quarantine with its
name and reason. The kind of a file (text, HTML, JSONL) comes from its suffix,
else from a look at its first bytes. Nothing is read past the size limit, whatever
the file system says about the file's size (a device or a pipe has none); JSONL,
plain or gzipped, is read a line at a time with the limit on each line.
"""

from __future__ import annotations

import os
import stat
import sys
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from marsad import settings
from marsad.article import Article
from marsad.errors import InputError, TooLarge
from marsad.sources.base import Input, Skipped, failed, fingerprint, safe_name
from marsad.sources.decode import declared_charset, decode
from marsad.sources.gunzip import GunzipLines, gunzip
from marsad.sources.jsonl import read_jsonl_lines
from marsad.sources.walk import file_kind, walk
from marsad.sources.warc import is_warc, read_warc

__all__ = ["read_bytes", "read_inputs", "read_path"]

HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".jsonlines"}
_HTML_MARKERS = (b"<html", b"<!doctype html", b"<body", b"<head", b"<article", b"<div", b"<p>", b"<p ")
_GZIP_ERRORS = (OSError, EOFError, zlib.error)


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


def read_bytes(origin: str, data: bytes, limit: int) -> Iterator[Input]:
    """Documents in `data`: one for text or HTML, one per line for JSONL."""
    try:
        if origin.endswith(".gz") or data[:2] == b"\x1f\x8b":
            data = gunzip(data, origin, limit)
    except _GZIP_ERRORS as error:
        yield failed(origin, f"not valid gzip ({error})")
        return
    except InputError as error:
        yield failed(origin, error.reason)
        return
    kind = _kind(origin, data)
    if kind == "jsonl":
        yield from read_jsonl_lines(origin, _Lines(data), limit)
    else:
        yield _document(origin, data, kind)


class _Lines:
    """`readline` over bytes in memory, without copying them into a stream first."""

    def __init__(self, data: bytes) -> None:
        self.data, self.at = data, 0

    def readline(self, size: int = -1) -> bytes:
        end = self.data.find(b"\n", self.at)
        end = len(self.data) if end < 0 else end + 1
        if size >= 0:
            end = min(end, self.at + size)
        line, self.at = self.data[self.at : end], end
        return line


def _open(path: Path, regular_only: bool) -> tuple[BinaryIO, os.stat_result]:
    """The file open for reading, never blocking on the open itself (a FIFO with no writer)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    info = os.fstat(fd)
    kind = info.st_mode
    if not stat.S_ISREG(kind) and (regular_only or not stat.S_ISFIFO(kind)):
        os.close(fd)
        raise InputError(str(path), f"not a regular file but {file_kind(kind)}: not read")
    os.set_blocking(fd, True)  # a pipe named on the command line (`<(zcat …)`) is read as a stream
    return os.fdopen(fd, "rb"), info


def _lines(origin: str, handle: BinaryIO, limit: int) -> Iterator[Input]:
    """Every line of a JSONL file (gzipped or not); a broken stream fails from where it broke."""
    stream = GunzipLines(handle, origin, limit) if origin.endswith(".gz") else handle
    try:
        yield from read_jsonl_lines(origin, stream, limit)
    except InputError as error:
        yield failed(origin, error.reason)
    except _GZIP_ERRORS as error:
        yield failed(origin, f"not valid gzip ({error})")


def read_path(path: Path, limit: int, *, regular_only: bool = False, lang: str | None = None,
              skips: Counter | None = None) -> Iterator[Input]:
    """Documents in one file; an unreadable or oversized file yields one failure.

    `regular_only` (for files found in a folder) refuses pipes too; a pipe named on its own
    is read as a stream, and devices never are. A WARC is streamed record by record (any
    size); `lang` and `skips` apply to it.
    """
    origin = safe_name(str(path))
    if is_warc(origin):
        try:
            yield from read_warc(path, limit, lang=lang, skips=skips)
        except OSError as error:
            yield failed(origin, error.strerror or str(error))
        return
    try:
        handle, info = _open(path, regular_only)
        with handle:
            if _kind(origin, b"") == "jsonl":
                yield from _lines(origin, handle, limit)
                return
            if info.st_size > limit:
                mb = info.st_size / 1_000_000
                raise TooLarge(origin, f"file is {mb:,.1f} MB, over the {limit / 1_000_000:,.0f} MB limit")
            data = handle.read(limit + 1)
        if len(data) > limit:
            raise TooLarge(origin, f"input is over the {limit:,} byte limit")
    except InputError as error:
        yield failed(origin, error.reason)
        return
    except OSError as error:
        yield failed(origin, error.strerror or str(error))
        return
    yield from read_bytes(origin, data, limit)


def _stdin(limit: int) -> Iterator[Input]:
    data = sys.stdin.buffer.read(limit + 1)
    if len(data) > limit:
        yield failed("<stdin>", f"input is over the {limit:,} byte limit")
        return
    # Named by content, so two different inputs on stdin never share a quarantine entry,
    # and the same input sent again is recognised as done.
    yield from read_bytes(f"<stdin {fingerprint(data)[:12]}>", data, limit)


def read_inputs(
    paths: Iterable[str],
    limit: int | None = None,
    *,
    follow_links: bool = False,
    exclude: Iterable[str | Path] = (),
    on_skip: Callable[[Skipped], None] | None = None,
    lang: str | None = None,
    skips: Counter | None = None,
) -> Iterator[Input]:
    """Every document under `paths` (files, folders recursively, `-` for stdin), in order.

    In folders only regular files are read; links that leave the folder are followed only
    with `follow_links`, and files in `exclude` (the archive's own) never: what is left out
    goes to `on_skip`. WARC records that are not HTML pages (or, with `lang="ar"`, not
    Arabic) are counted in `skips`.
    """
    limit = settings.get("max_input_bytes", limit)
    excluded = frozenset(os.path.realpath(p) for p in exclude)
    for name in paths:
        if name == "-":
            yield from _stdin(limit)
            continue
        path = Path(name)
        try:
            is_dir, exists = path.is_dir(), path.exists() or path.is_symlink()
        except OSError as error:  # a name too long for any file
            yield failed(name, error.strerror or str(error))
            continue
        if is_dir:
            for item in walk(path, follow_links=follow_links, exclude=excluded):
                if isinstance(item, Skipped):
                    if on_skip is not None:
                        on_skip(item)
                elif isinstance(item, Input):
                    yield item
                else:
                    yield from read_path(item, limit, regular_only=True, lang=lang, skips=skips)
        elif exists:
            yield from read_path(path, limit, lang=lang, skips=skips)
        else:
            yield failed(name, "no such file or folder")
