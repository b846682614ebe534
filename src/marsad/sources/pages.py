"""A fetched web page into a raw article: canonical URL, site, charset, date hint.

The URL stored is the page's own <link rel="canonical"> when it names a page of the
same site, else the fetched URL canonicalised (tracking parameters and fragment gone).

The charset a server declares in its Content-Type comes first, then the page's own
<meta> (Arabic sites still serve windows-1256), then detection (decode.py). Only
HTML becomes an article: a PDF or an image behind an article link is a failure with
its content type named, not a page of garbage in the archive.
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urljoin

from marsad.article import Article, Failure
from marsad.errors import InputError
from marsad.sources.base import Input, fingerprint
from marsad.sources.canonical import canonical_url, site_of
from marsad.sources.decode import declared_charset, decode
from marsad.sources.fetch import Response
from marsad.sources.feeds import kind_of

__all__ = ["declared_canonical", "fetch_failed", "page_input"]

_HTML_TYPES = ("text/html", "application/xhtml+xml", "")
_LINK = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_REL_CANONICAL = re.compile(r"""\brel\s*=\s*["']?canonical\b""", re.IGNORECASE)
_HREF = re.compile(r"""\bhref\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
HINT = "published_hint"  # read by stages/published_hint.py


def fetch_failed(url: str, reason: str) -> Input:
    """An article URL that could not be fetched, for the quarantine."""
    return Input(url, "", Article(url=url, error=Failure("fetch", reason)))


def page_input(url: str, response: Response, published: str | None = None) -> Input:
    """The raw article of a fetched page; a non-HTML or undecodable one fails with its reason."""
    url = canonical_url(url)
    data = response.content
    fp = fingerprint(data)
    if response.content_type not in _HTML_TYPES or kind_of(data, response.content_type) in ("feed", "sitemap"):
        kind = response.content_type or "unknown type"
        return Input(url, fp, Article(url=url, error=Failure("fetch", f"not an HTML page ({kind})")))
    try:
        html = decode(data, url, response.charset or declared_charset(data))
    except InputError as error:
        return Input(url, fp, Article(url=url, error=Failure("fetch", error.reason)))
    flags = {HINT: published} if published else {}
    declared = declared_canonical(html, url)
    return Input(url, fp, Article(url=declared or url, source=site_of(url), html=html, flags=flags))


def declared_canonical(html: str, url: str) -> str | None:
    """The page's own <link rel="canonical">, canonicalised, when it is on the same site.

    Another site's canonical is ignored: a repost pointing at its origin is still the
    repost, and a page must not be able to pass itself off as another site's.
    """
    head = html[:65536]
    for tag in _LINK.findall(head):
        if _REL_CANONICAL.search(tag) and (href := _HREF.search(tag)):
            found = canonical_url(urljoin(url, unescape(href.group(1).strip())))
            if found.startswith(("http://", "https://")) and site_of(found) == site_of(url):
                return found
    return None
