"""Feeds (RSS, Atom, JSON Feed) and sitemaps into the article links they announce.

Bytes come from the fetcher, so the size and time limits are already enforced; here
we refuse what would be dangerous to parse (XML that declares entities: the
billion-laughs bomb) and say plainly when a "feed" is not one. RSS and Atom go to
feedparser; JSON Feed is plain JSON; sitemaps are read incrementally (sitemaps.py).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from time import struct_time
from urllib.parse import urljoin

import feedparser

from marsad.sources.links import Entry, FeedError, Parsed, refuse_entities
from marsad.sources.sitemaps import parse_sitemap

__all__ = ["Entry", "FeedError", "Parsed", "kind_of", "parse_feed", "refuse_entities"]

_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html|<head|<body)", re.IGNORECASE | re.DOTALL)


def kind_of(data: bytes, content_type: str = "") -> str:
    """`feed`, `jsonfeed`, `sitemap`, `html` or `unknown`, from the bytes (headers lie)."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:2] == b"\x1f\x8b":
        return "sitemap"  # a gzipped sitemap (feeds come compressed by HTTP, not as files)
    if head.startswith(b"{"):
        return "jsonfeed" if b"jsonfeed.org" in head else "unknown"
    if _HTML_START.match(head):
        return "html"
    lowered = head.lower()
    if b"<urlset" in lowered or b"<sitemapindex" in lowered:
        return "sitemap"
    if b"<rss" in lowered or b"<feed" in lowered or b"<rdf:rdf" in lowered:
        return "feed"
    if "html" in content_type:
        return "html"
    return "unknown"


def _iso(value: struct_time | None) -> str | None:
    if not value:
        return None
    return datetime(*value[:6], tzinfo=UTC).isoformat(timespec="seconds")


def _xml_feed(data: bytes, url: str) -> Parsed:
    refuse_entities(data, url)
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    entries = []
    for item in parsed.entries:
        link = item.get("link") or next((x.get("href") for x in item.get("links", []) if x.get("href")), None)
        if link:
            published = _iso(item.get("published_parsed") or item.get("updated_parsed"))
            entries.append(Entry(urljoin(url, link.strip()), published, item.get("title")))
    problem = None
    if parsed.bozo:
        error = parsed.get("bozo_exception")
        problem = f"malformed feed ({type(error).__name__}: {error})"
        if not entries and not isinstance(error, feedparser.CharacterEncodingOverride):
            raise FeedError(url, problem)
    if not entries and not parsed.get("version"):
        raise FeedError(url, "not a feed (no RSS, Atom or JSON Feed found)")
    return Parsed("feed", entries, [], problem)


def _json_feed(data: bytes, url: str) -> Parsed:
    try:
        doc = json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise FeedError(url, f"malformed JSON feed ({error})") from None
    items = doc.get("items") if isinstance(doc, dict) else None
    if not isinstance(items, list):
        raise FeedError(url, 'malformed JSON feed (no "items" list)')
    entries = [
        Entry(urljoin(url, item.get("url") or item.get("external_url")), item.get("date_published"), item.get("title"))
        for item in items if isinstance(item, dict) and isinstance(item.get("url") or item.get("external_url"), str)
    ]
    return Parsed("feed", entries, [])


def parse_feed(data: bytes, url: str, content_type: str = "", max_bytes: int = 50_000_000) -> Parsed:
    """The links in a feed or sitemap at `url`; raises `FeedError` naming `url` and why."""
    kind = kind_of(data, content_type)
    if kind == "html":
        raise FeedError(url, "not a feed: an HTML page")
    if kind == "jsonfeed":
        return _json_feed(data, url)
    if kind == "sitemap":
        return parse_sitemap(data, url, max_bytes)
    if kind == "unknown":
        raise FeedError(url, "not a feed (no RSS, Atom, JSON Feed or sitemap found)")
    return _xml_feed(data, url)
