"""Stories on the web and over the API; copies folded in search (the sample flood story and its repost)."""


def _flood(client) -> dict:
    stories = client.get("/api/stories", params={"limit": 50}).json()["stories"]
    return next(s for s in stories if len(s["articles"]) == 2 and any(a["relation"] == "copy" for a in s["articles"]))


def test_api_stories_shape_and_copy_relation(client):
    body = client.get("/api/stories").json()
    assert set(body) == {"limit", "since", "entity", "stories"}
    story = _flood(client)
    assert list(story) == ["id", "title", "first_published", "last_published", "languages", "sources", "origin",
                           "articles"]
    assert {a["relation"] for a in story["articles"]} == {"origin", "copy"}
    assert story["origin"] in {a["id"] for a in story["articles"]}


def test_api_story_by_article_id_shows_what_the_copy_changed(client):
    story = _flood(client)
    copy = next(a for a in story["articles"] if a["relation"] == "copy")
    body = client.get(f"/api/stories/{copy['id']}").json()
    assert body["id"] == story["id"]
    group = body["copies"][0]
    assert group["original"] == story["origin"]
    changes = group["copies"][0]["changes"]
    assert changes["paragraphs_cut"] and changes["headline_changed"]
    assert {lane["lane"] for lane in body["timeline"]}


def test_stories_pages_and_unknown_ids(client):
    story = _flood(client)
    assert "القصص" in client.get("/stories").text
    page = client.get(f"/stories/{story['id']}").text
    assert "★ الأصل" in page and "فقرات محذوفة" in page and "العنوان تغيّر" in page
    assert client.get("/stories/nope").status_code == 404
    assert client.get("/api/stories/nope").status_code == 404
    assert client.get("/api/stories", params={"since": "yesterday"}).status_code == 400


def test_search_folds_copies_unless_all_copies(client):
    story = _flood(client)
    ids = {a["id"] for a in story["articles"]}
    folded = client.get("/api/search", params={"q": "أمطار غزيرة"}).json()["hits"]
    flood_hits = [h for h in folded if h["id"] in ids]
    assert len(flood_hits) == 1 and set(flood_hits[0]["copies"]) == ids - {flood_hits[0]["id"]}
    every = client.get("/api/search", params={"q": "أمطار غزيرة", "all_copies": "true"}).json()["hits"]
    assert {h["id"] for h in every} >= ids
    assert "ونسخ أخرى: 1" in client.get("/search", params={"q": "أمطار غزيرة"}).text


def test_article_links_to_its_story_and_origin(client):
    story = _flood(client)
    copy = next(a for a in story["articles"] if a["relation"] == "copy")
    data = client.get(f"/api/articles/{copy['id']}").json()
    assert data["story"] == story["id"]
    assert data["provenance"]["relation"] == "copy" and data["provenance"]["copy_of"] == story["origin"]
    page = client.get(f"/articles/{copy['id']}").text
    assert f"/stories/{story['id']}" in page and f"/articles/{story['origin']}" in page
