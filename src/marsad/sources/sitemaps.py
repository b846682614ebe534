"""Sitemaps and sitemap indexes, read incrementally, bounded in every direction.

Scrapy's sitemap parser built whole trees and ate memory until it moved to
iterparse; we iterate too, clearing each <url> once read. A sitemap is bounded by
the protocol (50,000 URLs, 50 MB uncompressed): more than that is a bomb and is cut
off with a reason, as is a gzip member that inflates past the cap. Entities are never
resolved and nothing is loaded from the network.
"""

from __future__ import annotations

import gzip
import io
import zlib

from lxml import etree

from marsad.sources.links import Entry, FeedError, Parsed, refuse_entities

__all__ = ["MAX_URLS", "parse_sitemap"]

MAX_URLS = 50_000  # the sitemap protocol's own limit per file


class _Capped(io.RawIOBase):
    """A readable stream that fails once more than `limit` bytes came out of it."""

    def __init__(self, inner: io.BufferedIOBase, limit: int, url: str) -> None:
        self.inner, self.limit, self.url, self.total = inner, limit, url, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.inner.read(len(buffer))
        self.total += len(data)
        if self.total > self.limit:
            raise FeedError(self.url, f"sitemap inflates past {self.limit:,} bytes (a sitemap bomb?)")
        buffer[: len(data)] = data
        return len(data)


def _fields(element: etree._Element) -> dict[str, str]:
    """Text of the <url>/<sitemap> children by local name (loc, lastmod, publication_date, title)."""
    found = {}
    for child in element.iterdescendants():
        text = child.text
        if text and isinstance(child.tag, str):
            name = child.tag.rpartition("}")[2]
            if name not in found and text.strip():
                found[name] = text.strip()
    return found


def _stream(data: bytes, url: str, max_bytes: int) -> io.BufferedReader:
    raw: io.BufferedIOBase = io.BytesIO(data)
    if data[:2] == b"\x1f\x8b":
        raw = gzip.GzipFile(fileobj=raw)  # type: ignore[assignment]
    return io.BufferedReader(_Capped(raw, max_bytes, url))


def _kind(children: list[str]) -> str:
    return "sitemapindex" if children else "sitemap"


def parse_sitemap(data: bytes, url: str, max_bytes: int = 50_000_000) -> Parsed:
    """Article links (with news:publication_date, else lastmod) or child sitemaps at `url`."""
    refuse_entities(data if data[:2] != b"\x1f\x8b" else b"", url)
    entries: list[Entry] = []
    children: list[str] = []
    events = etree.iterparse(_stream(data, url, max_bytes), events=("end",), tag=("{*}url", "{*}sitemap"),
                             resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        for _, element in events:
            fields = _fields(element)
            loc = fields.get("loc")
            if loc and element.tag.endswith("sitemap"):
                children.append(loc)
            elif loc:
                published = fields.get("publication_date") or fields.get("lastmod")
                entries.append(Entry(loc, published, fields.get("title")))
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
            if len(entries) + len(children) > MAX_URLS:
                return Parsed(_kind(children), entries[:MAX_URLS], children[:MAX_URLS],
                              f"sitemap lists over {MAX_URLS:,} URLs; the rest is ignored (a sitemap bomb?)")
    except etree.XMLSyntaxError as error:
        if not entries and not children:
            raise FeedError(url, f"malformed sitemap ({error})") from None
        return Parsed(_kind(children), entries, children, f"malformed sitemap ({error}); kept the {len(entries)} URLs before it")
    except (OSError, EOFError, zlib.error) as error:
        raise FeedError(url, f"bad gzip in sitemap ({error})") from None
    return Parsed(_kind(children), entries, children)
