"""A fetched web page into a raw article: canonical URL, site, charset, date hint.

The charset a server declares in its Content-Type comes first, then the page's own
<meta> (Arabic sites still serve windows-1256), then detection (decode.py). Only
HTML becomes an article: a PDF or an image behind an article link is a failure with
its content type named, not a page of garbage in the archive.
"""

from __future__ import annotations

from marsad.article import Article, Failure
from marsad.errors import InputError
from marsad.sources.base import Input, fingerprint
from marsad.sources.canonical import canonical_url, site_of
from marsad.sources.decode import declared_charset, decode
from marsad.sources.fetch import Response
from marsad.sources.feeds import kind_of

__all__ = ["fetch_failed", "page_input"]

_HTML_TYPES = ("text/html", "application/xhtml+xml", "")
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
    return Input(url, fp, Article(url=url, source=site_of(url), html=html, flags=flags))
