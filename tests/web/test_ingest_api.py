"""POST /api/articles: JSON, HTML and text bodies through the whole pipeline into the archive."""

import pytest

TEXT = ("أعلنت وزارة الصحة في السودان يوم الأحد عن افتتاح مستشفى ميداني جديد في مدينة بورتسودان، "
        "بدعم من منظمة الصحة العالمية، لاستقبال النازحين من مناطق القتال.\n\n"
        "وقال مدير المستشفى إن الطاقم الطبي يعمل على مدار الساعة لتقديم الرعاية للمرضى والجرحى.")


@pytest.fixture
def auth(token):
    return {"Authorization": f"Bearer {token}"}


def test_post_json_ingests_through_the_pipeline(fresh_client, auth):
    body = {"text": TEXT, "url": "https://news.example.net/hospital", "title": "مستشفى ميداني في بورتسودان",
            "source": "news.example.net", "published": "2025-11-01"}
    before = fresh_client.get("/api/stats").json()["totals"]["articles"]
    created = fresh_client.post("/api/articles", json=body, headers=auth)
    assert created.status_code == 201
    answer = created.json()
    assert answer["status"] == "new" and answer["page"] == f"/articles/{answer['id']}"
    stored = fresh_client.get(answer["api"]).json()
    assert stored["source"] == "news.example.net" and stored["title"] == "مستشفى ميداني في بورتسودان"
    assert stored["lang"] == "ar" and stored["summary"]  # the pipeline ran
    found = fresh_client.get("/api/search", params={"q": "بورتسودان"}).json()
    assert [h["id"] for h in found["hits"]] == [answer["id"]]
    assert fresh_client.get("/api/stats").json()["totals"]["articles"] == before + 1  # the cache moved on


def test_posting_again_is_unchanged_and_a_repost_is_a_duplicate(fresh_client, auth):
    body = {"text": TEXT, "url": "https://news.example.net/again"}
    first = fresh_client.post("/api/articles", json=body, headers=auth).json()
    again = fresh_client.post("/api/articles", json=body, headers=auth)
    assert again.status_code == 200 and again.json()["status"] == "unchanged" and again.json()["id"] == first["id"]
    repost = fresh_client.post("/api/articles", json={**body, "url": "https://copy.example/x"}, headers=auth)
    assert repost.status_code == 200 and repost.json() == {**repost.json(), "status": "duplicate", "id": first["id"]}


def test_post_html_body_with_metadata_in_the_query(fresh_client, auth):
    html = f"<html><head><title>مستشفى</title></head><body><article><h1>مستشفى ميداني</h1>" \
           f"{''.join(f'<p>{p}</p>' for p in TEXT.split(chr(10) * 2))}</article></body></html>"
    response = fresh_client.post("/api/articles", params={"url": "https://site.example/h", "source": "site.example"},
                                 content=html.encode(), headers={**auth, "Content-Type": "text/html; charset=utf-8"})
    assert response.status_code == 201, response.text
    stored = fresh_client.get(response.json()["api"]).json()
    assert stored["url"] == "https://site.example/h" and stored["source"] == "site.example"
    assert "بورتسودان" in stored["text"] and "<p>" not in stored["text"]


def test_post_plain_text(fresh_client, auth):
    response = fresh_client.post("/api/articles", content=TEXT.encode(),
                                 headers={**auth, "Content-Type": "text/plain; charset=utf-8"})
    assert response.status_code == 201 and response.json()["status"] == "new"


@pytest.mark.parametrize(("content", "kind", "status", "message"), [
    (b"{not json", "application/json", 400, "the body is not JSON"),
    (b'["a list"]', "application/json", 400, "a JSON list, not an object"),
    (b'{"title": "no text"}', "application/json", 400, 'no "text" or "html" field'),
    (b"", "application/json", 400, "the request body is empty"),
    (b"\xff\xfe\x00garbage", "application/json", 400, "not UTF-8"),
    (b"<p>x</p>", "application/pdf", 415, "cannot ingest a application/pdf"),
])
def test_bad_bodies_are_refused_with_a_reason(fresh_client, auth, content, kind, status, message):
    response = fresh_client.post("/api/articles", content=content, headers={**auth, "Content-Type": kind})
    assert response.status_code == status
    assert message in response.json()["error"]["message"]


def test_binary_data_is_refused(fresh_client, auth):
    binary = b"\x00\x01\x02\x03" * 100
    response = fresh_client.post("/api/articles", content=binary, headers={**auth, "Content-Type": "text/plain"})
    assert response.status_code == 400 and "binary" in response.json()["error"]["message"]


def test_an_input_the_pipeline_cannot_process_is_quarantined(fresh_client, auth):
    empty_page = b"<html><body><div></div></body></html>"
    response = fresh_client.post("/api/articles", content=empty_page, headers={**auth, "Content-Type": "text/html"})
    assert response.status_code == 422
    assert "no article text found in HTML; the input is kept in quarantine" in response.json()["error"]["message"]
    assert fresh_client.get("/api/stats").json()["totals"]["quarantined"] >= 1
