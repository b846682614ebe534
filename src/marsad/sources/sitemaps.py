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
_LOC, _NEWS_DATE, _NEWS_TITLE, _LASTMOD = "loc", "publication_date", "title", "lastmod"


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


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child_text(element: etree._Element, name: str) -> str | None:
    for child in element.iter():
        if _local(child.tag) == name and child.text and child.text.strip():
            return child.text.strip()
    return None


def _stream(data: bytes, url: str, max_bytes: int) -> io.BufferedReader:
    raw: io.BufferedIOBase = io.BytesIO(data)
    if data[:2] == b"\x1f\x8b":
        raw = gzip.GzipFile(fileobj=raw)  # type: ignore[assignment]
    return io.BufferedReader(_Capped(raw, max_bytes, url))


def parse_sitemap(data: bytes, url: str, max_bytes: int = 50_000_000) -> Parsed:
    """Article links (with news:publication_date, else lastmod) or child sitemaps at `url`."""
    refuse_entities(data if data[:2] != b"\x1f\x8b" else b"", url)
    entries: list[Entry] = []
    children: list[str] = []
    kind = "sitemap"
    events = etree.iterparse(_stream(data, url, max_bytes), events=("start", "end"), resolve_entities=False,
                             no_network=True, load_dtd=False, huge_tree=False, remove_comments=True)
    try:
        for event, element in events:
            name = _local(element.tag)
            if event == "start":
                kind = "sitemapindex" if name == "sitemapindex" else kind
                continue
            if name not in ("url", "sitemap"):
                continue
            loc = _child_text(element, _LOC)
            if loc and name == "sitemap":
                children.append(loc)
            elif loc:
                published = _child_text(element, _NEWS_DATE) or _child_text(element, _LASTMOD)
                entries.append(Entry(loc, published, _child_text(element, _NEWS_TITLE)))
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
            if len(entries) + len(children) > MAX_URLS:
                return Parsed(kind, entries[:MAX_URLS], children[:MAX_URLS],
                              f"sitemap lists over {MAX_URLS:,} URLs; the rest is ignored (a sitemap bomb?)")
    except etree.XMLSyntaxError as error:
        if not entries and not children:
            raise FeedError(url, f"malformed sitemap ({error})") from None
        return Parsed(kind, entries, children, f"malformed sitemap ({error}); kept the {len(entries)} URLs before it")
    except (OSError, EOFError, zlib.error) as error:
        raise FeedError(url, f"bad gzip in sitemap ({error})") from None
    return Parsed(kind, entries, children)
