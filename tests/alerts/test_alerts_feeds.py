"""Atom feeds of searches and entities, parsed with feedparser; the pages link them."""

from __future__ import annotations

from urllib.parse import quote

import feedparser
import pytest

from marsad.alerts.feeds import timestamp

PUBLIC = "https://news.example.test"


@pytest.fixture
def feeds(client, monkeypatch):
    monkeypatch.setenv("MARSAD_PUBLIC_URL", PUBLIC)
    return client


def _parse(response):
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def test_feeds_search_feed_holds_the_newest_matches(feeds):
    response = feeds.get(f"/search.atom?q={quote('السودان')}")
    parsed = _parse(response)
    page = feeds.get(f"/api/search?q={quote('السودان')}&sort=date").json()
    assert [e.link for e in parsed.entries] == [f"{PUBLIC}/articles/{h['id']}" for h in page["hits"]]
    assert len(parsed.entries) >= 7
    assert parsed.feed.title == "مرصد: السودان"
    dates = [e.updated for e in parsed.entries]
    assert all(dates) and "السودان" in parsed.entries[0].summary
    assert "&lt;mark&gt;السودان&lt;/mark&gt;" in response.text  # the snippet, marked, as escaped HTML


def test_feeds_every_search_filter_applies(feeds):
    query = f"q={quote('السودان')}&source=wire.example.com&from=2024-04&to=2024-04"
    parsed = _parse(feeds.get(f"/search.atom?{query}"))
    page = feeds.get(f"/api/search?{query}&sort=date").json()
    assert {e.link.rpartition("/")[2] for e in parsed.entries} == {h["id"] for h in page["hits"]}
    assert 0 < len(parsed.entries) < 4
    assert {e.author for e in parsed.entries} == {"wire.example.com"}
    entity = _parse(feeds.get("/search.atom?entity=PER:antonio-guterres&type=LOC"))
    assert entity.entries and all("web-hostile" not in e.link for e in entity.entries)


def test_feeds_entity_feed(feeds):
    parsed = _parse(feeds.get("/entities/PER:antonio-guterres.atom"))
    assert parsed.feed.title == "مرصد: أنطونيو غوتيريش"
    assert {e.link.rpartition("/")[2] for e in parsed.entries} >= {"web-un-sudan", "web-recent"}
    assert parsed.entries[0].link.endswith("/web-recent")  # newest first
    assert feeds.get("/entities/PER:nobody.atom").status_code == 404


def test_feeds_escape_hostile_articles(feeds, hostile):
    response = feeds.get(f"/search.atom?q={quote('داخل الفقرة')}")
    parsed = _parse(response)
    hostile_entry = next(e for e in parsed.entries if e.link.endswith("/web-hostile"))
    assert hostile["script"] in hostile_entry.title  # as text, never as markup
    assert b"<script>" not in response.content
    assert all(link.get("href", "").startswith("http") for link in hostile_entry.links)  # no javascript: link


def test_feeds_bad_query_gets_the_search_message(feeds):
    response = feeds.get("/search.atom?q=NOT%20x")
    assert response.status_code == 400 and "nothing before it to exclude" in response.text


def test_feeds_linked_from_search_and_entity_pages(feeds):
    search = feeds.get(f"/search?q={quote('السودان')}").text
    assert 'rel="alternate" type="application/atom+xml"' in search and "/search.atom?q=" in search
    entity = feeds.get("/entities/PER:antonio-guterres").text
    assert 'href="/entities/PER:antonio-guterres.atom"' in entity


@pytest.mark.parametrize("value, expected", [("2024-03-07", "2024-03-07T00:00:00Z"), ("2024-03", "2024-03-01T00:00:00Z"),
                                             ("2024-03-07T10:00:00+03:00", "2024-03-07T10:00:00+03:00"),
                                             (None, "2025-01-02T03:04:05Z"), ("garbage", "2025-01-02T03:04:05Z")])
def test_feeds_timestamps_are_rfc3339(value, expected):
    assert timestamp(value, "2025-01-02T03:04:05+00:00") == expected


def test_feeds_an_entry_standing_for_copies_says_how_many_and_links_them_and_its_story(feeds):
    stories = feeds.get("/api/stories", params={"limit": 50}).json()["stories"]
    flood = next(s for s in stories if len(s["articles"]) == 2 and any(a["relation"] == "copy" for a in s["articles"]))
    ids = {a["id"] for a in flood["articles"]}
    parsed = _parse(feeds.get(f"/search.atom?q={quote('أمطار غزيرة')}"))
    entries = [e for e in parsed.entries if e.link.rpartition("/")[2] in ids]
    assert len(entries) == 1, "the copy is folded into one entry"
    entry = entries[0]
    assert entry.marsad_copies == "1" and entry.marsad_story == flood["id"]
    related = {link.title: link.href for link in entry.links if link.rel == "related" and link.get("title")}
    assert related["copy"] == f"{PUBLIC}/articles/{(ids - {entry.link.rpartition('/')[2]}).pop()}"
    assert related["story"] == f"{PUBLIC}/stories/{flood['id']}"
    assert "نسخ أخرى" in entry.summary
    others = [e for e in parsed.entries if e.link.rpartition("/")[2] not in ids]
    assert all(e.marsad_copies == "0" for e in others)
