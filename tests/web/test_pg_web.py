"""The web pages, the JSON API, story pages, feeds and the alert sign-up pages on a PostgreSQL
archive: their tests, run again there.

The tests are theirs, imported as they are (as tests/store/test_pg_shared.py does for
stories); only the archive under `client` and `fresh_client` changes: the same articles
written into a PostgreSQL database. Tests that open the SQLite file themselves are
left to SQLite. The second half holds what only a server archive has: `marsad serve`
by URL, and its errors when the server is away or the password wrong.
"""

from __future__ import annotations

import importlib.util
import inspect
import uuid
from pathlib import Path

import pytest

from serving import start_serve

SQLITE_ONLY = ("SqliteStore(", "._db()", "shutil")


def _borrowed(name: str, fixtures: tuple[str, ...] = ()) -> dict:
    """The tests of tests/`name`.py that run on `client` or `fresh_client` (and its own `fixtures`)."""
    path = Path(__file__).resolve().parents[1] / f"{name}.py"
    spec = importlib.util.spec_from_file_location("pg_" + name.replace("/", "_"), path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    found = {key: getattr(module, key) for key in fixtures}
    for key, value in vars(module).items():
        if not key.startswith("test_") or not callable(value):
            continue
        uses = set(inspect.signature(value).parameters)
        if uses & {"client", "fresh_client", *fixtures} and not any(s in inspect.getsource(value) for s in SQLITE_ONLY):
            found[key] = value
    return found


globals().update(_borrowed("web/test_api"))
globals().update(_borrowed("web/test_pages"))
globals().update(_borrowed("web/test_stories_pages"))
globals().update(_borrowed("alerts/test_alerts_feeds", ("feeds",)))
globals().update(_borrowed("alerts/test_alerts_pages", ("signups",)))


@pytest.fixture(scope="module")
def web_template(pg_cluster, web_filler) -> str:
    """A database holding what conftest's `web_db` holds; the tests read copies of it."""
    name = f"web_{uuid.uuid4().hex[:12]}"
    web_filler(pg_cluster.create_database(name, template="marsad_template"))
    return name


@pytest.fixture(scope="module")
def web_db(pg_cluster, web_template: str) -> str:
    return pg_cluster.create_database(f"w_{uuid.uuid4().hex[:12]}", template=web_template)


@pytest.fixture
def fresh_client(pg_cluster, web_template: str, token: str):
    """A client over a private copy of the archive, for tests that write to it."""
    from fastapi.testclient import TestClient

    from marsad.web import create_app

    url = pg_cluster.create_database(f"f_{uuid.uuid4().hex[:12]}", template=web_template)
    with TestClient(create_app(url, token=token, max_request_bytes=100_000), raise_server_exceptions=False) as c:
        yield c


def test_pg_web_borrowed_tests_run_on_postgresql(client, fresh_client) -> None:
    for app_client in (client, fresh_client):
        archives = app_client.app.state.archives
        assert str(archives.path).startswith("postgresql://")
        assert type(archives.reader().store).__name__ == "PostgresStore"


@pytest.fixture(scope="module")
def sqlite_web_db(tmp_path_factory: pytest.TempPathFactory, web_filler) -> Path:
    """The same archive as an SQLite file (conftest's `web_db` is the PostgreSQL one here)."""
    path = tmp_path_factory.mktemp("web-twin") / "archive.db"
    web_filler(path)
    return path


@pytest.mark.parametrize("params", [{"q": "السودان"}, {"q": "السودان", "sort": "date"}, {"entity": "LOC:SD"},
                                    {"q": "الأمم المتحدة", "type": "LOC"}, {"q": "السودان", "source": "news.example.org"}])
def test_pg_web_search_gives_what_sqlite_gives(client, sqlite_web_db: Path, params: dict) -> None:
    """The same archive on both backends: the same hits in the same order, the same total and facets."""
    from fastapi.testclient import TestClient

    from marsad.web import create_app

    on_pg = client.get("/api/search", params=params).json()
    with TestClient(create_app(sqlite_web_db)) as sqlite_client:
        on_sqlite = sqlite_client.get("/api/search", params=params).json()
    assert on_pg["hits"] and [h["id"] for h in on_pg["hits"]] == [h["id"] for h in on_sqlite["hits"]]
    assert (on_pg["total"], on_pg["facets"]) == (on_sqlite["total"], on_sqlite["facets"])


def test_pg_web_archive_url_from_the_environment(web_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from fastapi.testclient import TestClient

    from marsad.web import create_app

    monkeypatch.setenv("MARSAD_DB", web_db)
    with TestClient(create_app()) as client:
        assert client.get("/api/stats").json()["totals"]["articles"] > 3


def test_pg_serve_by_url_answers_pages_and_api(web_db: str) -> None:
    proc, base = start_serve(web_db, {"MARSAD_WEB_WORKERS": "1", "MARSAD_ACCESS_LOG": "0"})
    try:
        import httpx

        assert "السودان" in httpx.get(base + "/search", params={"q": "السودان"}).text
        assert httpx.get(base + "/api/articles/web-un-sudan").json()["id"] == "web-un-sudan"
    finally:
        proc.terminate()
        out = proc.communicate(timeout=10)[0].decode()
    password = web_db.split(":")[2].split("@")[0]
    assert "postgresql://" in out and password not in out  # the banner names the server, never the password


def test_pg_serve_with_a_wrong_password_exits_4_without_traceback(pg_cluster, capsys) -> None:
    from clirun import run

    code, _, err = run(capsys, "serve", "--db", pg_cluster.url("postgres", password="not-the-password"), "--port", "0")
    assert code == 4 and err.startswith("marsad: cannot connect to PostgreSQL archive") and err.count("\n") == 1
    assert "password authentication failed" in err and "not-the-password" not in err and "Traceback" not in err
