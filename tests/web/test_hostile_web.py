"""The web app on hostile requests: deep nesting, poison text, odd paths and hosts (issue 15)."""

import logging
import shutil
import urllib.request

import pytest
from fastapi import Request
from fastapi.testclient import TestClient
from serving import start_serve

from marsad.service import Archive
from marsad.web import create_app
from marsad.web.accesslog import QueryStrings
from marsad.web.app import _writable
from marsad.web.slashes import slash_redirect

TEXT = ("أعلنت وزارة الصحة في السودان يوم الأحد عن افتتاح مستشفى ميداني جديد في مدينة بورتسودان، "
        "بدعم من منظمة الصحة العالمية، لاستقبال النازحين من مناطق القتال.")


@pytest.fixture
def auth(token):
    return {"Authorization": f"Bearer {token}"}


def test_deeply_nested_query_is_a_400_with_a_message(client):
    deep = "(" * 250 + "السودان" + ")" * 250
    for path in ("/api/search", "/search"):
        response = client.get(path, params={"q": deep})
        assert response.status_code == 400, path
        assert "nested too deeply" in response.text


def test_deeply_nested_json_body_is_a_400(fresh_client, auth):
    body = "{\"text\": " + "[" * 20_000 + "]" * 20_000 + "}"
    response = fresh_client.post("/api/articles", content=body, headers={**auth, "Content-Type": "application/json"})
    assert response.status_code == 400 and "nested too deeply" in response.json()["error"]["message"]


def test_a_lone_surrogate_over_http_is_quarantined_not_a_500(fresh_client, auth, tmp_path):
    body = '{"text": "\\ud83d ' + TEXT + '", "url": "https://x.example/poison"}'
    response = fresh_client.post("/api/articles", content=body, headers={**auth, "Content-Type": "application/json"})
    assert response.status_code == 422
    assert "lone surrogate" in response.json()["error"]["message"] and "quarantine" in response.json()["error"]["message"]
    path = fresh_client.app.state.archives.path
    with Archive(path, readonly=True) as archive:
        assert [e.origin for e in archive.quarantine()] == ["https://x.example/poison"]


def test_a_source_name_with_a_slash_has_its_page(fresh_client, auth):
    body = {"text": TEXT, "url": "https://x.example/s", "source": "example.org/news"}
    assert fresh_client.post("/api/articles", json=body, headers=auth).status_code == 201
    assert fresh_client.get("/api/sources/example.org%2Fnews").json()["name"] == "example.org/news"
    assert fresh_client.get("/sources/example.org/news").status_code == 200


def test_the_trailing_slash_redirect_is_relative_whatever_the_host(client):
    response = client.get("/search/?q=x", headers={"Host": "evil.example"}, follow_redirects=False)
    assert response.status_code == 307 and response.headers["location"] == "/search?q=x"
    scope = {"type": "http", "method": "GET", "path": "//evil.example/", "query_string": b"", "headers": [],
             "app": client.app}
    assert slash_redirect(Request(scope)) is None  # would read as a host
    assert client.get("/no-such-page/", follow_redirects=False).status_code == 404


def test_entity_page_isolates_scraped_text_in_bdi(fresh_client, auth):
    title = "\u202eعنوان مقلوب"
    body = {"text": "قال أنطونيو غوتيريش إن " + TEXT, "url": "https://x.example/bidi", "title": title,
            "source": "src\u202e.example"}
    assert fresh_client.post("/api/articles", json=body, headers=auth).status_code == 201
    html = fresh_client.get("/entities/PER:antonio-guterres").text
    # Cleaning strips the override from the title; the source comes as sent, isolated.
    assert "<bdi>عنوان مقلوب</bdi>" in html and "<bdi>src\u202e.example</bdi>" in html
    assert title not in html


def test_access_log_filter_cuts_query_strings():
    record = logging.LogRecord("uvicorn.access", logging.INFO, "", 0, '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:1", "GET", "/search?q=secret", "1.1", 200), None)
    assert QueryStrings().filter(record) and record.getMessage() == '127.0.0.1:1 - "GET /search HTTP/1.1" 200'


def _stop(proc) -> str:
    proc.terminate()
    out, _ = proc.communicate(timeout=10)
    return out.decode()


def test_serve_logs_paths_without_query_strings_by_default(web_db, tmp_path):
    db = tmp_path / "copy.db"
    with Archive(web_db, readonly=True):
        shutil.copy(web_db, db)
    proc, base = start_serve(db, {"MARSAD_WEB_WORKERS": "1"})
    urllib.request.urlopen(base + "/search?q=secretword", timeout=5).read()
    out = _stop(proc)
    assert "GET /search HTTP" in out and "secretword" not in out


def test_an_archive_nobody_may_write_is_served_read_only_with_post_off(web_db, tmp_path, unwritable, token):
    folder = tmp_path / "ro"
    folder.mkdir()
    with Archive(web_db, readonly=True):
        shutil.copy(web_db, folder / "a.db")
    with unwritable(folder):
        assert _writable(folder / "a.db") is False
        app = create_app(folder / "a.db", token=token, readonly=True)
        with TestClient(app, raise_server_exceptions=False) as ro:
            assert ro.get("/api/stats").json()["totals"]["articles"] > 0
            assert ro.get("/search", params={"q": "السودان"}).status_code == 200
            posted = ro.post("/api/articles", json={"text": TEXT}, headers={"Authorization": f"Bearer {token}"})
            assert posted.status_code == 403 and "read-only" in posted.json()["error"]["message"]
            signup = ro.post("/alerts", data={"email": "a@example.org", "q": "السودان"})
            assert signup.status_code == 403 and "read-only" in signup.text
    assert _writable(folder / "a.db") is True
