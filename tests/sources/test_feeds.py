"""Feeds and sitemaps into links; every unreadable one fails with a reason, none hangs."""

import gzip
import json

import pytest
from newsroom import BILLION_LAUGHS, rss, sitemap

from marsad.sources.feeds import FeedError, kind_of, parse_feed
from marsad.sources.sitemaps import MAX_URLS

BASE = "https://news.example"

ATOM = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><title>a</title><link href="https://news.example/a"/><updated>2026-02-03T04:05:06Z</updated></entry></feed>"""


def test_rss_atom_and_json_feed_give_links_and_dates():
    items = parse_feed(rss(BASE, [("/n/1", "Sun, 01 Mar 2026 08:00:00 GMT"), ("/n/2", None)]), "u").entries
    assert [e.url for e in items] == [f"{BASE}/n/1?utm_source=rss#top", f"{BASE}/n/2?utm_source=rss#top"]
    assert items[0].published == "2026-03-01T08:00:00+00:00" and items[1].published is None
    atom = parse_feed(ATOM, "u").entries
    assert atom[0].url == "https://news.example/a" and atom[0].published == "2026-02-03T04:05:06+00:00"
    doc = {"version": "https://jsonfeed.org/version/1.1", "items": [{"url": f"{BASE}/j", "date_published": "2026-01-01"}]}
    assert parse_feed(json.dumps(doc).encode(), "u").entries[0].url == f"{BASE}/j"


def test_news_sitemap_index_and_gzip():
    parsed = parse_feed(gzip.compress(sitemap(BASE, ["/a", "/b"])), "u")
    assert [e.url for e in parsed.entries] == [f"{BASE}/a", f"{BASE}/b"]
    assert parsed.entries[0].published == "2026-02-01T08:00:00Z"
    index = (b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://x/s1.xml</loc>'
             b"</sitemap></sitemapindex>")
    parsed = parse_feed(index, "u")
    assert parsed.kind == "sitemapindex" and parsed.sitemaps == ["https://x/s1.xml"]


@pytest.mark.parametrize("data, reason", [
    (b"<!DOCTYPE html><html><body>hello</body></html>", "not a feed: an HTML page"),
    (b'<?xml version="1.0"?><rss version="2.0"><channel><item><link>', "malformed feed"),
    (BILLION_LAUGHS, "declares entities"),
    (b"<urlset><url><loc>", "malformed sitemap"),
    (b"just some text", "not a feed"),
    (b'{"version": "https://jsonfeed.org/version/1", "items": 3}', 'no "items" list'),
])
def test_bad_feeds_fail_with_a_reason_naming_the_url(data, reason):
    with pytest.raises(FeedError, match=reason) as caught:
        parse_feed(data, "https://news.example/feed")
    assert caught.value.origin == "https://news.example/feed"


def test_truncated_feed_keeps_the_links_before_the_damage_and_says_so():
    parsed = parse_feed(rss(BASE, [("/n/1", None), ("/n/2", None)])[:-60], "u")
    assert parsed.entries[0].url.startswith(f"{BASE}/n/1") and "malformed" in parsed.problem


def test_sitemap_bomb_is_cut_off():
    with pytest.raises(FeedError, match="sitemap bomb"):
        parse_feed(gzip.compress(b"<urlset>" + b" " * 5_000_000 + b"</urlset>"), "u", max_bytes=1_000_000)
    many = sitemap(BASE, [f"/{i}" for i in range(MAX_URLS + 10)], news=False)
    parsed = parse_feed(many, "u", max_bytes=len(many) + 1)
    assert len(parsed.entries) == MAX_URLS and "over 50,000 URLs" in parsed.problem


def test_kind_is_read_from_the_bytes_not_the_header():
    assert kind_of(rss(BASE, []), "text/html") == "feed"
    assert kind_of(b"<html><body>x</body></html>", "application/rss+xml") == "html"


def test_relative_links_are_resolved_against_the_feed_url():
    feed = b'<rss version="2.0"><channel><title>t</title><item><link>/news/9.html</link></item></channel></rss>'
    assert parse_feed(feed, "https://news.example/feeds/all.xml").entries[0].url == "https://news.example/news/9.html"
