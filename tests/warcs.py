"""Small WARC files written by hand for the tests and benchmarks (no WARC library needed)."""

from __future__ import annotations

import gzip
import uuid
from collections.abc import Iterable


def record(kind: str, uri: str | None, block: bytes, date: str = "2026-02-10T12:00:00Z",
           content_type: str = "application/http; msgtype=response") -> bytes:
    """One WARC/1.0 record with the headers readers need."""
    headers = [("WARC-Type", kind), ("WARC-Date", date), ("WARC-Record-ID", f"<urn:uuid:{uuid.uuid4()}>")]
    if uri:
        headers.append(("WARC-Target-URI", uri))
    headers += [("Content-Type", content_type), ("Content-Length", str(len(block)))]
    head = "WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
    return head.encode() + block + b"\r\n\r\n"


def response(uri: str, body: bytes, content_type: str = "text/html; charset=utf-8", status: str = "200 OK",
             date: str = "2026-02-10T12:00:00Z") -> bytes:
    """A `response` record holding an HTTP answer with `body`."""
    http = (f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n").encode()
    return record("response", uri, http + body, date)


def request(uri: str) -> bytes:
    return record("request", uri, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", content_type="application/http; msgtype=request")


def warcinfo() -> bytes:
    return record("warcinfo", None, b"software: marsad tests\r\n", content_type="application/warc-fields")


def write(records: Iterable[bytes], compress: bool = True) -> bytes:
    """The records as a WARC file: one gzip member per record, as crawlers write them."""
    return b"".join(gzip.compress(r, 6) if compress else r for r in records)
