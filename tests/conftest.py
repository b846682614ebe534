"""Fixtures shared by the whole suite: articles, archives, and the shared data folder."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from serving import start_serve

from marsad.article import Article, DateMention, Entity, Mention, Quote, Removal
from marsad.service import Archive
from marsad.store import SqliteStore

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_022d3e44706ecb06.txt"
SAMPLES = ROOT / "samples" / "news"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--runslow", action="store_true", help="also run tests marked slow")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--runslow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --runslow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def make_article():
    """An Article with sensible defaults; override any field by keyword."""

    def make(**overrides) -> Article:
        values = {"url": "test.txt", "raw_text": "نص تجريبي قصير عن الأخبار."}
        values.update(overrides)
        return Article(**values)

    return make


@pytest.fixture
def shared() -> Path:
    """The shared data folder beside the repo; skip clearly when it is not there."""
    if not SHARED.is_dir():
        pytest.skip(f"shared data folder {SHARED} is absent")
    return SHARED


@pytest.fixture
def seed_text(shared: Path) -> str:
    """The canonical input: a machine-translated UN News story reposted by an autoblog."""
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def archive_path(tmp_path: Path) -> Path:
    """A path for a fresh archive file in a temporary folder."""
    return tmp_path / "archive.db"


@pytest.fixture
def samples() -> Path:
    """Our own sample corpus (written by us, shipped with the repo)."""
    return SAMPLES


def _news_article(**overrides: object) -> Article:
    """An Arabic article whose paragraphs and text agree; any field can be overridden."""
    paragraphs = overrides.pop("paragraphs", None) or [
        "قالت منظمة الصحة العالمية يوم الخميس إن الوضع الصحي في غزة بلغ مستوى خطيرا.",
        "وأضاف المتحدث باسم المنظمة أن المستشفيات تعمل بأقل من نصف طاقتها.",
    ]
    values: dict[str, object] = {
        "id": "a1",
        "url": "https://example.org/news/1",
        "source": "example.org",
        "title": "الصحة العالمية تحذر من انهيار المستشفيات",
        "published": "2024-03-07",
        "lang": "ar",
        "paragraphs": list(paragraphs),
        "text": "\n\n".join(paragraphs),
    }
    values.update(overrides)
    return Article(**values)  # type: ignore[arg-type]


@pytest.fixture
def news_article() -> Callable[..., Article]:
    """`news_article(**overrides)`: a stored-ready Arabic article (id, title, text, paragraphs…)."""
    return _news_article


# -- PostgreSQL: one throwaway cluster per session, started only when a test asks for it


@pytest.fixture(scope="session")
def pg_cluster():
    """A private PostgreSQL cluster (initdb in a temporary folder, a free loopback port).

    Skips when PostgreSQL is not installed, except in CI (`CI=true`), where it must run.
    """
    from marsad.store.pg_local import LocalCluster, find_binaries

    if find_binaries() is None:
        message = "PostgreSQL binaries (initdb, pg_ctl) not found: install Debian's postgresql to run these tests"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI=true: they must run in CI)")
        pytest.skip(message)
    cluster = LocalCluster.start()
    try:
        template = cluster.create_database("marsad_template")
        from marsad.store.postgres import PostgresStore

        PostgresStore(template).close()  # migrated once; fresh databases are copies
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def pg_url(pg_cluster, request: pytest.FixtureRequest) -> str:
    """The URL of a new, empty database in the session's cluster (no marsad schema yet)."""
    import uuid

    return pg_cluster.create_database(f"t_{uuid.uuid4().hex[:12]}")


@pytest.fixture
def pg_archive_url(pg_cluster) -> str:
    """The URL of a new database holding an empty, migrated marsad archive."""
    import uuid

    return pg_cluster.create_database(f"a_{uuid.uuid4().hex[:12]}", template="marsad_template")


def _shared_pg_store(cluster):
    """The session's store database, emptied: faster than a new database for every test."""
    import psycopg

    from marsad.store.postgres import PostgresStore

    url = cluster.url("marsad_store")
    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = 'marsad_store'").fetchone():
            conn.execute("CREATE DATABASE marsad_store TEMPLATE marsad_template")
    with psycopg.connect(url, autocommit=True) as conn:
        tables = [row[0] for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                                                 "AND tablename NOT IN ('migrations', 'totals')")]  # fmt: skip
        conn.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
        conn.execute("UPDATE totals SET articles = 0, terms = 0")
        conn.execute("INSERT INTO alert_state (key, value) VALUES ('secret', md5(random()::text)), ('matched_pk', '0')")
    return PostgresStore(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest):
    """A fresh, empty archive: in-memory SQLite, and the same tests again on PostgreSQL."""
    fresh = SqliteStore(":memory:") if request.param == "sqlite" else _shared_pg_store(request.getfixturevalue("pg_cluster"))
    with fresh:
        yield fresh


@pytest.fixture(params=["sqlite", "postgresql"])
def archive_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a new archive goes, as `--db` takes it: a file path, or a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "archive.db")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where an on-disk archive goes (not created yet)."""
    return tmp_path / "archive.db"


@contextmanager
def _unwritable(path: Path) -> Iterator[None]:
    """Make `path` unwritable for real, even for root, or skip the test.

    chmod does not stop root, so as root we set the immutable attribute
    (chattr +i), which the kernel enforces for every user.
    """
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
        try:
            yield
        finally:
            path.chmod(mode)
        return
    if shutil.which("chattr") is None:
        pytest.skip("running as root without chattr: cannot make a path unwritable")
    done = subprocess.run(["chattr", "+i", str(path)], check=False, capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"running as root and chattr +i failed: {done.stderr.decode().strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


@pytest.fixture
def unwritable() -> Callable[[Path], contextmanager]:
    """`with unwritable(path):` nobody, root included, may write to `path` inside the block."""
    return _unwritable


# -- the web app: an archive of our samples plus constructed articles, clients, a live server

TOKEN = "test-token-0123456789abcdef"
XSS = '<script>alert(1)</script>'
ATTR = '" onmouseover="alert(2)'


@pytest.fixture(scope="session")
def token() -> str:
    """The API token the test apps and the live server are given."""
    return TOKEN


@pytest.fixture(scope="session")
def hostile() -> dict[str, str]:
    """The markup planted in the hostile article: a script element and an attribute break-out."""
    return {"script": XSS, "attribute": ATTR}


def _mentions(text: str, name: str) -> list[Mention]:
    found, start = [], text.find(name)
    while start != -1:
        found.append(Mention(name, start, start + len(name)))
        start = text.find(name, start + 1)
    return found


def _article(id: str, paragraphs: list[str], **fields) -> Article:
    text = "\n\n".join(paragraphs)
    article = Article(id=id, text=text, paragraphs=paragraphs, lang="ar", **fields)
    names = {"PER:antonio-guterres": ("PER", "أنطونيو غوتيريش", "António Guterres", ["غوتيريش", "غوتيريس"]),
             "ORG:un": ("ORG", "الأمم المتحدة", "United Nations", ["الأمم المتحدة"]),
             "LOC:SD": ("LOC", "السودان", "Sudan", ["السودان"]),
             "LOC:SA": ("LOC", "السعودية", "Saudi Arabia", ["السعودية"])}
    for entity_id, (kind, ar, en, forms) in names.items():
        mentions = [m for form in forms for m in _mentions(text, form)]
        if mentions:
            article.entities.append(Entity(entity_id, kind, {"ar": ar, "en": en}, sorted(mentions, key=lambda m: m.start)))
    return article


def constructed() -> list[Article]:
    """Articles with every annotation a page shows, across three months, and one with markup."""
    first = [
        "قال الأمين العام للأمم المتحدة أنطونيو غوتيريش يوم الخميس إن الوضع في السودان كارثي.",
        "وأضاف غوتيريش: «يجب أن تتوقف الحرب الآن» داعيا إلى هدنة إنسانية عاجلة في السودان.",
    ]
    main = _article("web-un-sudan", first, url="https://news.example.org/un/sudan", source="news.example.org",
                    title="غوتيريش يدعو إلى هدنة في السودان", published="2024-03-07",
                    author="مراسل الموقع", topics=["politics", "conflict-security"],
                    summary="الأمين العام يدعو إلى وقف الحرب في السودان.",
                    flags={"machine_translated": 0.82},
                    removed=[Removal("[ad_1]", "ad-placeholder"), Removal("اشترك في النشرة", "widget")])
    quote_start = main.text.index("«")
    quote_end = main.text.index("»") + 1
    main.quotes.append(Quote(main.text[quote_start:quote_end], "PER:antonio-guterres", "غوتيريش", "direct",
                             quote_start, quote_end))
    day = main.text.index("يوم الخميس")
    main.dates.append(DateMention("يوم الخميس", "2024-03-07", day, day + len("يوم الخميس")))
    later = [
        _article(f"web-followup-{i}", [f"عاد غوتيريس إلى ملف السودان والسعودية في تصريح جديد رقم {i} عن المساعدات."],
                 url=f"https://wire.example.com/{i}", source="wire.example.com", title=f"متابعة رقم {i} لملف السودان",
                 published=f"2024-0{4 + i % 2}-1{i}", topics=["politics"])
        for i in range(4)
    ]
    # Dated in the samples' last week, so the overview's "last 7 days" has an entity to show.
    recent = _article("web-recent", ["جدد غوتيريش نداءه بشأن السودان أمام الأمم المتحدة."],
                      url="https://news.example.org/recent", source="news.example.org",
                      title="نداء جديد بشأن السودان", published="2025-11-02", topics=["politics"])
    hostile = _article(
        "web-hostile",
        [f"نص فيه {XSS} وكذلك {ATTR} داخل الفقرة عن السودان.", "<img src=x onerror=alert(3)> فقرة ثانية."],
        url="javascript:alert(4)", source=f"<b>{XSS}</b>", title=f"عنوان {XSS} {ATTR}",
        author=ATTR, published="2024-03-08", topics=[XSS], summary=f"ملخص {XSS}",
        removed=[Removal(XSS, ATTR)],
    )
    hostile.entities.append(Entity("PER:hostile", "PER", {"ar": f"اسم {XSS}", "en": ATTR},
                                   [Mention("نص", 0, 2)]))
    hostile.quotes.append(Quote("فقرة", "PER:hostile", ATTR, "direct", hostile.text.index("فقرة"),
                                hostile.text.index("فقرة") + 4))
    return [main, *later, recent, hostile]


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An archive of samples/news (through the pipeline) plus the constructed articles."""
    path = tmp_path_factory.mktemp("web") / "archive.db"
    fill_web_archive(path)
    return path


@pytest.fixture(scope="session")
def web_filler() -> Callable[[Path | str], None]:
    """`fill(target)`: what `web_db` holds, written into another archive (a PostgreSQL URL)."""
    return fill_web_archive


def fill_web_archive(target: Path | str) -> None:
    """The web tests' archive at `target` (a file or a PostgreSQL URL): samples/news through the
    pipeline, then the constructed articles."""
    with Archive(target) as archive:
        report = archive.ingest([str(SAMPLES)])
        assert not report.failed
        with archive.store.batch():
            for article in constructed():
                archive.store.add(article)


@pytest.fixture
def client(web_db: Path):
    """The app in-process over `web_db`, with an API token; server errors come back as 500s."""
    from fastapi.testclient import TestClient

    from marsad.web import create_app

    with TestClient(create_app(web_db, token=TOKEN), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def fresh_client(tmp_path: Path, web_db: Path):
    """A client over a private copy of the archive, for tests that write to it."""
    import shutil

    from fastapi.testclient import TestClient

    from marsad.web import create_app

    copy = tmp_path / "copy.db"
    with Archive(web_db, readonly=True):
        shutil.copy(web_db, copy)
    with TestClient(create_app(copy, token=TOKEN, max_request_bytes=100_000), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="session")
def live_server(web_db: Path) -> Iterator[str]:
    """`marsad serve` on a free loopback port over `web_db`; its base URL."""
    proc, base = start_serve(web_db, {"MARSAD_API_TOKEN": TOKEN})
    try:
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def newsroom(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """A loopback news site (tests/newsroom.py) and fetch settings that suit it: private addresses
    allowed (it is on 127.0.0.1), no politeness delay, short deadlines, a 1 MB cap, cleaning only."""
    from newsroom import Newsroom

    for name, value in {"FETCH_ALLOW_PRIVATE": "1", "FETCH_DELAY": "0", "FETCH_BACKOFF": "0.01",
                        "FETCH_DEADLINE": "1", "FETCH_READ_TIMEOUT": "1", "FETCH_MAX_BYTES": "1000000",
                        "FETCH_RETRIES": "1", "PIPELINE": "clean", "PROGRESS": "0"}.items():
        monkeypatch.setenv(f"MARSAD_{name}", value)
    room = Newsroom(feeds=2, per_feed=3)
    room.trickle_seconds = 3.0
    yield room
    room.close()


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _browser_unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"browser tests must run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright (no browser is downloaded); a skip without it,
    a failure in CI."""
    if not CHROMIUM.exists():
        _browser_unavailable(f"{CHROMIUM} is absent (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _browser_unavailable("playwright is not installed (pip install playwright; no browser download needed)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
