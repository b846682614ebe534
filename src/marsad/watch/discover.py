"""What a URL given to `sources add` is: a feed, a sitemap, or a home page with feeds.

For a home page we look where sites announce their feeds (<link rel="alternate">
with a feed type) and, when they announce none, at the paths CMSs put them on
(/feed, /rss.xml, ...). Each candidate is fetched and parsed before it is offered,
so a dead link never becomes a source.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html

from marsad.sources.canonical import canonical_url
from marsad.sources.feeds import FeedError, kind_of, parse_feed
from marsad.sources.fetch import Fetcher
from marsad.sources.guard import FetchError

__all__ = ["COMMON_PATHS", "Found", "discover"]

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json", "application/json",
              "application/rdf+xml", "text/xml", "application/xml")
COMMON_PATHS = ("/feed", "/rss", "/rss.xml", "/feed.xml", "/atom.xml", "/index.xml", "/feed.json",
                "/news-sitemap.xml", "/sitemap_news.xml")
ACCEPT = "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.5"


@dataclass(frozen=True, slots=True)
class Found:
    """A feed or sitemap ready to watch, with how many links it lists now."""

    url: str
    kind: str
    links: int
    how: str


def _check(fetcher: Fetcher, url: str, how: str) -> Found:
    response = fetcher.get(url, accept=ACCEPT)
    parsed = parse_feed(response.content, url, response.content_type, fetcher.max_bytes)
    kind = "sitemap" if parsed.kind.startswith("sitemap") else "feed"
    return Found(canonical_url(url), kind, len(parsed.entries) + len(parsed.sitemaps), how)


def _announced(page: bytes, base: str) -> list[str]:
    try:
        tree = lxml_html.fromstring(page)
    except (ValueError, lxml_html.etree.ParserError):
        return []
    links = []
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        if "alternate" in rel and kind in FEED_TYPES and link.get("href"):
            links.append(urljoin(base, link.get("href").strip()))
    return list(dict.fromkeys(links))


def discover(fetcher: Fetcher, url: str) -> tuple[list[Found], list[str]]:
    """Feeds and sitemaps at `url`, and the reasons candidates were turned down.

    Raises `FetchError` if `url` itself cannot be fetched or is neither a feed nor HTML.
    """
    response = fetcher.get(url, accept=ACCEPT)
    kind = kind_of(response.content, response.content_type)
    if kind != "html":
        parsed = parse_feed(response.content, url, response.content_type, fetcher.max_bytes)
        found_kind = "sitemap" if parsed.kind.startswith("sitemap") else "feed"
        return [Found(canonical_url(url), found_kind, len(parsed.entries) + len(parsed.sitemaps), "given")], []
    candidates = [(link, "announced in <link rel=alternate>") for link in _announced(response.content, response.url)]
    if not candidates:
        parts = urlsplit(response.url)
        root = f"{parts.scheme}://{parts.netloc}"
        candidates = [(root + path, "common path") for path in COMMON_PATHS]
    found, refused = [], []
    for candidate, how in candidates:
        try:
            found.append(_check(fetcher, candidate, how))
        except (FetchError, FeedError) as error:
            refused.append(f"{candidate}: {error.reason}")
    return found, refused
