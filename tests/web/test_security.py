"""Scraped content is escaped everywhere; headers, size limits, errors and the token hold."""

import logging

import pytest

HOSTILE_PAGES = ["/articles/web-hostile", "/search?q=الفقرة", "/search?q=فقرة&sort=date", "/entities/PER:hostile",
                 "/sources", "/", "/entities", "/search?topic=%3Cscript%3Ealert(1)%3C/script%3E"]


@pytest.mark.parametrize("path", HOSTILE_PAGES)
def test_article_content_is_escaped_on_every_page(client, hostile, path):
    html = client.get(path).text
    assert hostile["script"] not in html
    assert "<img src=x" not in html
    assert hostile["attribute"] not in html  # breaking out of an attribute needs the raw quote


def test_hostile_article_shows_its_text_escaped(client):
    html = client.get("/articles/web-hostile").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(3)&gt;" in html
    assert 'title="&#34; onmouseover=&#34;alert(2)"' in html  # quote speaker, inside an attribute


def test_a_javascript_url_is_never_a_link(client):
    html = client.get("/articles/web-hostile").text
    assert 'href="javascript:' not in html and "<bdi>javascript:alert(4)</bdi>" in html


def test_hostile_json_is_json_not_html(client):
    response = client.get("/api/articles/web-hostile")
    assert response.headers["content-type"] == "application/json"
    assert response.json()["title"].startswith("عنوان <script>")  # data as stored; JSON is not rendered


EXPECTED = {
    "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


@pytest.mark.parametrize("path", ["/", "/search?q=السودان", "/api/stats", "/static/style.css", "/nope",
                                  "/api/articles/nope", "/search?q=%22"])
def test_every_response_carries_the_security_headers(client, path):
    headers = client.get(path).headers
    for name, value in EXPECTED.items():
        assert headers[name] == value
    assert "server" not in headers or "uvicorn" not in headers["server"]


def test_oversized_bodies_get_413_declared_or_streamed(fresh_client, token):
    big = b"x" * 100_001
    declared = fresh_client.post("/api/articles", content=big, headers={"Content-Type": "text/plain",
                                                                         "Authorization": f"Bearer {token}"})
    assert declared.status_code == 413
    assert "100,000 byte limit" in declared.json()["error"]["message"]
    assert declared.headers["x-content-type-options"] == "nosniff"

    def chunks():
        for _ in range(20):
            yield b"y" * 10_000

    streamed = fresh_client.post("/api/articles", content=chunks(), headers={
        "Content-Type": "text/plain", "Authorization": f"Bearer {token}"})
    assert streamed.status_code == 413


def test_a_crash_is_a_generic_500_without_traceback(client, monkeypatch, caplog):
    from marsad.web import views

    def boom(*args, **kwargs):
        raise RuntimeError("secret internals /etc/passwd")

    monkeypatch.setattr(views, "overview", boom)
    with caplog.at_level(logging.ERROR, logger="marsad.web"):
        page, api = client.get("/"), client.get("/api/stats")
    assert page.status_code == api.status_code == 500
    assert api.json() == {"error": {"status": 500, "message": "internal error: the server log has the details"}}
    for response in (page, api):
        assert "secret internals" not in response.text and "Traceback" not in response.text
        assert response.headers["content-security-policy"] == EXPECTED["content-security-policy"]
    assert "secret internals" in caplog.text  # the server log has it


def test_ingest_needs_the_token(client, token):
    body = {"text": "نص قصير", "url": "https://x.example/1"}
    missing = client.post("/api/articles", json=body)
    assert missing.status_code == 401 and missing.headers["www-authenticate"].startswith("Bearer")
    wrong = client.post("/api/articles", json=body, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.json()["error"]["message"] == "the API token is not valid"
    basic = client.post("/api/articles", json=body, headers={"Authorization": f"Basic {token}"})
    assert basic.status_code == 401


def test_ingest_is_off_without_a_configured_token(web_db, monkeypatch):
    from fastapi.testclient import TestClient

    from marsad.web import create_app

    monkeypatch.delenv("MARSAD_API_TOKEN", raising=False)
    with TestClient(create_app(web_db)) as client:
        response = client.post("/api/articles", json={"text": "نص"}, headers={"Authorization": "Bearer "})
    assert response.status_code == 403 and "MARSAD_API_TOKEN" in response.json()["error"]["message"]


def test_the_token_is_never_logged_or_echoed(fresh_client, caplog, token):
    wrong = "wrong-" + token[::-1]
    with caplog.at_level(logging.DEBUG):
        answers = [
            fresh_client.post("/api/articles", json={"text": "نص"}, headers={"Authorization": f"Bearer {wrong}"}),
            fresh_client.post("/api/articles", content=b"{bad json", headers={
                "Authorization": f"Bearer {token}", "Content-Type": "application/json"}),
        ]
    for secret in (token, wrong):
        assert secret not in caplog.text
        assert all(secret not in a.text for a in answers)


def test_the_token_is_compared_in_constant_time():
    import inspect

    from marsad.web import security

    assert "hmac.compare_digest" in inspect.getsource(security.check_token)
