import pytest

from marsad.sources.canonical import canonical_url, site_of


@pytest.mark.parametrize("given, expected", [
    ("HTTP://Example.COM:80/a?utm_source=rss&id=3#comments", "http://example.com/a?id=3"),
    ("https://example.com:443/news/1?fbclid=x&gclid=y", "https://example.com/news/1"),
    ("https://example.com:8443/a?b=2&a=1&utm_medium=x", "https://example.com:8443/a?b=2&a=1"),
    ("https://example.com", "https://example.com/"),
    ("https://example.com/a?p=%D8%B3", "https://example.com/a?p=%D8%B3"),
])
def test_canonical_drops_fragments_tracking_and_default_ports(given, expected):
    assert canonical_url(given) == expected


def test_canonical_is_stable():
    url = "https://www.example.com/ar/news/2026/1?x=1&utm_campaign=y#top"
    assert canonical_url(canonical_url(url)) == canonical_url(url)
    assert site_of(url) == "example.com"
