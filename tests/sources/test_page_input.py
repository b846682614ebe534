"""A fetched page into a raw article: which URL is kept."""

from marsad.sources.fetch import Response
from marsad.sources.pages import declared_canonical, page_input


def test_page_declared_canonical_on_the_same_site_wins():
    html = '<html><head><link rel="canonical" href="/ar/news/42?utm_source=x&amp;id=7"></head><body></body></html>'
    assert declared_canonical(html, "https://www.news.example/a?ref=1") == "https://www.news.example/ar/news/42?id=7"


def test_page_canonical_on_another_site_is_ignored():
    html = '<link href="https://origin.example/story" rel="canonical">'
    assert declared_canonical(html, "https://copy.example/story") is None
    page = Response("https://copy.example/story?utm_medium=a#c", 200, html.encode(), "text/html", "utf-8")
    item = page_input(page.url, page)
    assert item.article.url == "https://copy.example/story" and item.article.source == "copy.example"
