"""The JSON API: shapes, paging limits, errors with messages, and the OpenAPI description."""

import pytest

# The constructed articles that say السودان (the sample corpus may add more).
SUDAN = {"web-un-sudan", "web-recent", "web-hostile", *(f"web-followup-{i}" for i in range(4))}


def test_api_search_shape(client):
    body = client.get("/api/search", params={"q": "السودان"}).json()
    assert set(body) >= {"query", "filters", "sort", "page", "size", "total", "total_exact", "hits", "facets",
                         "facet_depth", "next", "prev", "entity_filters"}
    assert {h["id"] for h in body["hits"]} >= SUDAN
    assert body["total"] == len(body["hits"]) and body["total_exact"]
    hit = body["hits"][0]
    assert set(hit) == {"id", "title", "url", "published", "source", "score", "snippet", "copies"}
    assert "<mark>" in hit["snippet"] and hit["score"] >= 0
    assert set(body["facets"]) == {"entity", "place", "type", "topic", "source", "month"}
    places = {e["id"]: e["articles"] for e in body["facets"]["place"]}
    assert places["LOC:SD"] >= 7
    assert {"value": "wire.example.com", "count": 4} in body["facets"]["source"]


def test_api_search_filters_combine(client):
    def ids(**params):
        return {h["id"] for h in client.get("/api/search", params=params).json()["hits"]}

    assert ids(q="السودان", source="wire.example.com") == {f"web-followup-{i}" for i in range(4)}
    assert ids(q="السودان", entity=["LOC:SA"]) == {f"web-followup-{i}" for i in range(4)}
    assert ids(q="السودان", entity=["LOC:SA", "PER:antonio-guterres"]) == {f"web-followup-{i}" for i in range(4)}
    assert "web-un-sudan" in ids(q="السودان", topic="conflict-security")
    assert ids(q="السودان", topic="conflict-security", source="news.example.org") == {"web-un-sudan"}
    assert ids(q="السودان", **{"from": "2024-04", "to": "2024-04"}) == {"web-followup-0", "web-followup-2"}
    assert ids(q="السودان", **{"from": "2024-03-08", "to": "2024-03-08"}) == {"web-hostile"}
    assert ids(entity=["غوتيريس"], type="PER") >= {"web-un-sudan", "web-recent"}  # a name, no query
    assert ids(q="السودان", entity=["nobody at all"]) == set()


def test_api_search_sorts_by_date(client):
    hits = client.get("/api/search", params={"q": "السودان", "sort": "date"}).json()["hits"]
    days = [h["published"] for h in hits]
    dated = [d for d in days if d]
    assert dated == sorted(dated, reverse=True) and days[: len(dated)] == dated  # undated last


def test_api_search_pages(client):
    first = client.get("/api/search", params={"q": "السودان", "size": 3}).json()
    assert len(first["hits"]) == 3 and first["next"] == "q=%D8%A7%D9%84%D8%B3%D9%88%D8%AF%D8%A7%D9%86&page=2&size=3"
    total = first["total"]
    pages = -(-total // 3)
    last = client.get("/api/search?" + f"q=السودان&size=3&page={pages}").json()
    assert len(last["hits"]) == total - 3 * (pages - 1) and last["next"] is None and last["prev"]
    seen = [h["id"] for p in range(1, pages + 1) for h in client.get(
        "/api/search", params={"q": "السودان", "size": 3, "page": p}).json()["hits"]]
    assert len(seen) == len(set(seen)) == total


def test_api_search_counts_past_the_cap_as_more(client, monkeypatch):
    from marsad.web import search

    monkeypatch.setattr(search, "COUNT_CAP", 3)
    monkeypatch.setattr(search, "FACET_DEPTH", 2)
    body = client.get("/api/search", params={"q": "السودان", "size": 2}).json()
    assert body["total"] == 3 and body["total_exact"] is False and body["facet_depth"] == 2


@pytest.mark.parametrize(("params", "message"), [
    ({"size": 101}, "size: Input should be less than or equal to 100"),
    ({"page": 0}, "page: Input should be greater than or equal to 1"),
    ({"page": 11, "size": 100}, "results past the first 1,000 are not served"),
    ({"sort": "best"}, "sort: String should match pattern"),
    ({"type": "THING"}, "type: String should match pattern"),
    ({"from": "03/2024"}, "from must be a date as YYYY, YYYY-MM or YYYY-MM-DD"),
    ({"q": "(غزة"}, "unbalanced parenthesis"),
    ({"page": "two"}, "page: Input should be a valid integer"),
])
def test_api_search_rejects_bad_parameters_with_a_message(client, params, message):
    response = client.get("/api/search", params=params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["status"] == 400 and message in error["message"]


def test_api_article_is_the_article_json(client):
    body = client.get("/api/articles/web-un-sudan").json()
    for key in ("id", "url", "source", "title", "author", "published", "lang", "text", "paragraphs", "removed",
                "entities", "quotes", "dates", "topics", "summary", "flags", "story", "error"):
        assert key in body
    assert body["quotes"][0]["speaker"] == "PER:antonio-guterres"
    assert body["machine_translated"] is True


def test_api_entities_list_and_page(client):
    body = client.get("/api/entities", params={"type": "LOC", "limit": 2}).json()
    first = body["entities"][0]
    assert first["id"] == "LOC:SD" and first["articles"] >= 7 and "السودان" in first["names_seen"]
    assert all(e["type"] == "LOC" for e in body["entities"])
    second = client.get("/api/entities", params={"type": "LOC", "limit": 1, "offset": 1}).json()
    assert second["entities"] == body["entities"][1:]
    assert client.get("/api/entities", params={"limit": 501}).status_code == 400


def test_api_entity_detail(client):
    body = client.get("/api/entities/PER:antonio-guterres").json()
    assert body["type"] == "PER" and body["name"] == {"ar": "أنطونيو غوتيريش", "en": "António Guterres"}
    assert {n["name"] for n in body["names_seen"]} >= {"غوتيريش", "غوتيريس"}
    assert dict(body["per_month"]).items() >= {("2024-03", 1), ("2024-04", 2), ("2024-05", 2)}
    assert "LOC:SD" in {e["id"] for e in body["co_mentioned"]["entities"]}
    assert "«يجب أن تتوقف الحرب الآن»" in {q["text"] for q in body["quotes"]}
    assert "web-recent" in {a["id"] for a in body["latest"]}
    assert "غوتيريس" in body["aliases"]  # from the knowledge base


def test_api_sources_and_source(client):
    names = {s["name"]: s["articles"] for s in client.get("/api/sources").json()["sources"]}
    assert names["wire.example.com"] == 4
    body = client.get("/api/sources/news.example.org").json()
    assert body["articles"] == 2 and body["with_residue"] == 1 and body["machine_translated"] == 1
    assert body["residue_share"] == 0.5 and 0 < body["residue_chars_share"] < 1
    assert body["per_day"] == [["2024-03-07", 1], ["2025-11-02", 1]]


def test_api_stats(client, web_db):
    from marsad.store import SqliteStore

    body = client.get("/api/stats").json()
    with SqliteStore(web_db, readonly=True) as store:
        assert body["totals"]["articles"] == store.count()
    assert body["top_entities_window"] == ["2025-10-28", "2025-11-03"]
    assert {e["id"] for e in body["top_entities"]} >= {"PER:antonio-guterres", "LOC:SD", "ORG:un"}


@pytest.mark.parametrize("path", ["/api/articles/nope", "/api/entities/PER:nobody", "/api/sources/nowhere",
                                  "/api/nothing"])
def test_api_unknown_ids_give_a_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["error"]["status"] == 404 and response.json()["error"]["message"]
    assert "archive" not in response.text and ".db" not in response.text  # no file paths


def test_api_wrong_method_is_a_json_405(client):
    response = client.delete("/api/articles/web-un-sudan")
    assert response.status_code == 405 and response.json()["error"]["status"] == 405


def test_openapi_description_and_docs_page(client):
    schema = client.get("/api/openapi.json").json()
    assert {"/api/search", "/api/articles/{article_id}", "/api/entities", "/api/entities/{entity_id}",
            "/api/sources", "/api/stats", "/api/articles"} <= set(schema["paths"])
    assert "/search" not in schema["paths"]  # pages are not part of the API
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and "/api/search" in docs.text and "cdn" not in docs.text.lower()
