"""The web UI's sources page and /api/sources show the watched sources with their figures."""

from fastapi.testclient import TestClient

from marsad.service import Archive
from marsad.store.sources import SourceTables
from marsad.web import create_app


def test_sources_page_lists_watched_sources_escaped(tmp_path):
    db = tmp_path / "a.db"
    with Archive(db) as archive:
        tables = SourceTables(archive.store)
        row = tables.add("<b>wire</b>", "https://wire.example/feed.xml", "feed", 20)
        tables.polled(row.id, not_modified=True, error=None, next_due="2030-01-01T00:00:00+00:00")
        tables.polled(row.id, not_modified=False, error="HTTP 503 <script>", next_due="2030-01-01T00:00:00+00:00")
    with TestClient(create_app(db)) as client:
        html = client.get("/sources").text
        watched = client.get("/api/sources").json()["watched"]
    assert "&lt;b&gt;wire&lt;/b&gt;" in html and "<b>wire</b>" not in html
    assert "50.0%" in html and "HTTP 503 &lt;script&gt;" in html and "2030-01-01" in html
    assert watched[0]["share_304"] == 0.5 and watched[0]["polls"] == 2 and watched[0]["failures"] == 1


def test_a_site_page_shows_the_feeds_watched_on_it(tmp_path, make_article):
    db = tmp_path / "a.db"
    with Archive(db) as archive:
        archive.ingest([])
        archive.store.add(make_article(id="x1", source="wire.example", text="نص", paragraphs=["نص"], lang="ar"))
        SourceTables(archive.store).add("wire", "https://www.wire.example/feed.xml", "feed", 20)
        SourceTables(archive.store).add("other", "https://other.example/feed.xml", "feed", 20)
    with TestClient(create_app(db)) as client:
        html = client.get("/sources/wire.example").text
        body = client.get("/api/sources/wire.example").json()
    assert "https://www.wire.example/feed.xml" in html and "other.example" not in html
    assert [w["name"] for w in body["watched"]] == ["wire"]
