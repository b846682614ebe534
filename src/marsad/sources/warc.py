"""WARC files (.warc, .warc.gz) streamed into raw articles, one per HTML response record.

fastwarc reads them (3.8-4x faster than warcio on gzip, by its own benchmark and ours
in bench/RESULTS-watch.md); warcio is the fallback where fastwarc does not install.
Records are streamed, never the file held. Other records (requests, metadata,
warcinfo), non-200 answers and non-HTML payloads are skipped and counted by reason;
with `lang="ar"` pages whose text is not mostly Arabic script are skipped before any
stage runs, which is what turns a Common Crawl news WARC into an Arabic corpus cheaply.

A corrupt record (a bad gzip member, a truncated tail) is quarantined as
`file@offset` and reading resumes at the next record boundary (the next gzip member,
or the next `WARC/1.` line in an uncompressed file).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from marsad.article import Article, Failure
from marsad.errors import InputError
from marsad.sources.base import Input, fingerprint
from marsad.sources.canonical import site_of
from marsad.sources.decode import declared_charset, decode

__all__ = ["Record", "is_warc", "read_warc", "records"]

_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_MAGIC = b"WARC/1."
_TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]*>", re.DOTALL | re.IGNORECASE)
_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_LETTER = re.compile(r"[^\W\d_]")
HINT = "published_hint"  # read by stages/published_hint.py


def is_warc(name: str) -> bool:
    return name.lower().endswith((".warc", ".warc.gz"))


@dataclass(slots=True)
class Record:
    """What we need of one WARC record, whichever library read it."""

    offset: int
    type: str
    uri: str | None
    date: str | None
    status: int | None
    content_type: str | None
    charset: str | None
    payload: bytes
    declared: int | None = None  # the HTTP Content-Length, to tell a record cut short


def _length(value: str | None) -> int | None:
    return int(value) if value and value.strip().isdigit() else None


def _fastwarc(handle: BinaryIO, limit: int) -> Iterator[Record]:
    from fastwarc.warc import ArchiveIterator

    for record in ArchiveIterator(handle, parse_http=True, stream_detect=True):
        kind = str(record.record_type)
        http = kind == "response" and record.is_http and record.http_headers is not None
        payload = record.reader.read(limit + 1) if kind == "response" else b""
        yield Record(record.stream_pos, kind, record.headers.get("WARC-Target-URI"),
                     record.headers.get("WARC-Date"), record.http_headers.status_code if http else None,
                     record.http_content_type if http else None, record.http_charset if http else None, payload,
                     _length(record.http_headers.get("Content-Length")) if http else None)


def _warcio(handle: BinaryIO, limit: int) -> Iterator[Record]:
    from warcio.archiveiterator import ArchiveIterator

    iterator = ArchiveIterator(handle)
    for record in iterator:
        http = record.http_headers if record.rec_type == "response" else None
        kind = (http.get_header("Content-Type") or "") if http else ""
        charset = re.search(r"charset=([\w.:-]+)", kind, re.IGNORECASE)
        payload = record.content_stream().read(limit + 1) if record.rec_type == "response" else b""
        yield Record(iterator.get_record_offset(), record.rec_type, record.rec_headers.get_header("WARC-Target-URI"),
                     record.rec_headers.get_header("WARC-Date"), int(http.get_statuscode() or 0) if http else None,
                     kind.split(";")[0].strip().lower() or None, charset.group(1) if charset else None, payload,
                     _length(http.get_header("Content-Length")) if http else None)


def _backend(name: str | None):
    if name in (None, "fastwarc"):
        try:
            import fastwarc  # noqa: F401

            return _fastwarc
        except ImportError:
            if name == "fastwarc":
                raise
    return _warcio


def _next_boundary(handle: BinaryIO, after: int, magic: bytes) -> int | None:
    """Offset of the next record start (gzip member or WARC line) after `after`."""
    position, tail = after, b""
    handle.seek(after)
    while chunk := handle.read(1 << 20):
        found = (tail + chunk).find(magic)
        if found >= 0:
            return position - len(tail) + found
        tail = chunk[-len(magic):]
        position += len(chunk)
    return None


def records(path: Path, limit: int, backend: str | None = None, problems: list | None = None) -> Iterator[Record]:
    """Every record of the WARC at `path`, streamed; corrupt stretches go to `problems` as (offset, reason)."""
    read = _backend(backend)
    problems = problems if problems is not None else []
    with path.open("rb") as handle:
        magic = _GZIP_MAGIC if handle.read(2) == _GZIP_MAGIC[:2] else _WARC_MAGIC
        start = 0
        while start is not None:
            handle.seek(start)
            last = None
            try:
                for record in read(handle, limit):  # offsets are positions in the file
                    last = record.offset
                    yield record
                return
            except Exception as error:  # noqa: BLE001 - whatever the reader chokes on, the file goes on
                bad = start if last is None else _next_boundary(handle, last + 1, magic)
                if bad is None:
                    return
                said = "".join(c if c.isprintable() else "?" for c in str(error)[:100])
                problems.append((bad, f"corrupt WARC record ({type(error).__name__}: {said})"))
                start = _next_boundary(handle, bad + 1, magic)


def _mostly_arabic(html: str) -> bool:
    text = _TAGS.sub(" ", html[:200_000])
    letters = len(_LETTER.findall(text))
    return letters > 0 and len(_ARABIC.findall(text)) >= 0.3 * letters


def _skip_reason(record: Record) -> str | None:
    if record.type != "response":
        return f"{record.type} record"
    if record.status != 200:
        return "not a 200 response"
    if record.content_type not in ("text/html", "application/xhtml+xml"):
        return "not HTML"
    return None


def _article(origin: str, record: Record, lang: str | None, skips: Counter) -> Input | None:
    data = record.payload
    fp = fingerprint(data)
    url = record.uri or origin
    try:
        html = decode(data, origin, record.charset or declared_charset(data))
    except InputError as error:
        return Input(origin, fp, Article(url=url, error=Failure("read", error.reason)))
    if lang == "ar" and not _mostly_arabic(html):
        skips["not Arabic"] += 1
        return None
    flags = {HINT: record.date} if record.date else {}
    return Input(origin, fp, Article(url=url, source=site_of(url) or None, html=html, flags=flags))


def read_warc(path: Path, limit: int, *, lang: str | None = None, skips: Counter | None = None,
              backend: str | None = None) -> Iterator[Input]:
    """Raw articles from the HTML responses of one WARC; skipped records counted in `skips`."""
    skips = skips if skips is not None else Counter()
    problems: list[tuple[int, str]] = []
    for record in records(path, limit, backend, problems):
        while problems:
            offset, reason = problems.pop(0)
            yield Input(f"{path}@{offset}", "", Article(url=f"{path}@{offset}", error=Failure("read", reason)))
        reason = _skip_reason(record)
        if reason:
            skips[reason] += 1
            continue
        origin = f"{path}@{record.offset}"
        if record.declared is not None and len(record.payload) < record.declared:
            yield Input(origin, "", Article(url=record.uri, error=Failure(
                "read", f"truncated record ({len(record.payload):,} of {record.declared:,} bytes)")))
            continue
        if len(record.payload) > limit:
            yield Input(origin, "", Article(url=record.uri, error=Failure("read", f"record over the {limit:,} byte limit")))
            continue
        item = _article(origin, record, lang, skips)
        if item is not None:
            yield item
    for offset, reason in problems:
        yield Input(f"{path}@{offset}", "", Article(url=f"{path}@{offset}", error=Failure("read", reason)))
