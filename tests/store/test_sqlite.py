"""The SQLite archive: storing, reading, inputs, quarantine, transactions and failures."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from marsad.article import Article, Entity, Failure, Mention, Removal
from marsad.errors import NotFound, ReadOnlyStore, StoreError, StoreFull, StoreLocked
from marsad.store import SqliteStore, Store, migrations


def test_sqlite_is_a_store(store: SqliteStore) -> None:
    assert isinstance(store, Store)


def test_sqlite_add_is_idempotent(store: SqliteStore, news_article: Callable[..., Article]) -> None:
    article = news_article()
    assert store.add(article) is True
    assert store.add(article) is False
    assert store.add(news_article(title="عنوان آخر لنفس النص")) is False  # same id: same text
    assert store.count() == 1
    assert store.count("المستشفيات") == 1  # indexed once, not twice


def test_sqlite_article_round_trips_every_field(
    store: SqliteStore, news_article: Callable[..., Article]
) -> None:
    text = "قال الأمين العام أنطونيو غوتيريش إن الحل هو وقف إطلاق النار."
    article = news_article(
        id="gut",
        paragraphs=[text],
        text=text,
        author="مراسلنا",
        removed=[Removal("[ad_1]", "ad-placeholder")],
        entities=[Entity("Q311440", "PER", {"ar": "أنطونيو غوتيريش"}, [Mention("أنطونيو غوتيريش", 16, 31)])],
        topics=["politics"],
        flags={"machine_translated": 0.2},
    )
    store.add(article)
    assert store.article("gut") == article


def test_sqlite_article_keeps_paragraphs_that_do_not_split_from_text(
    store: SqliteStore, news_article: Callable[..., Article]
) -> None:
    article = news_article(id="odd", paragraphs=["فقرة أولى", "فقرة ثانية"], text="فقرة أولى\nفقرة ثانية")
    store.add(article)
    assert store.article("odd").paragraphs == ["فقرة أولى", "فقرة ثانية"]


def test_sqlite_article_unknown_id_raises_not_found(store: SqliteStore) -> None:
    with pytest.raises(NotFound, match="no article with id 'missing'"):
        store.article("missing")


def test_sqlite_add_refuses_articles_without_id_or_with_error(
    store: SqliteStore, news_article: Callable[..., Article]
) -> None:
    with pytest.raises(ValueError, match="without an id"):
        store.add(news_article(id=""))
    with pytest.raises(ValueError, match="quarantine it instead"):
        store.add(news_article(error=Failure("lang", "not Arabic")))


def test_sqlite_ids_in_storage_order(store: SqliteStore, news_article: Callable[..., Article]) -> None:
    for n in (3, 1, 2):
        store.add(news_article(id=f"a{n}"))
    assert list(store.ids()) == ["a3", "a1", "a2"]


def test_sqlite_inputs_done_by_origin_and_fingerprint(
    store: SqliteStore, news_article: Callable[..., Article]
) -> None:
    store.add(news_article())
    assert not store.input_done("page.html", "f1")
    store.record_input("page.html", "f1", "a1")
    store.record_input("empty.html", "f0", None, status="dropped")
    assert store.input_done("page.html", "f1")
    assert store.input_done("empty.html", "f0")
    assert not store.input_done("page.html", "f2")  # the page changed: process it again


def test_sqlite_quarantine_upserts_and_releases(
    store: SqliteStore, news_article: Callable[..., Article]
) -> None:
    half_done = news_article(id="", title=None)
    store.quarantine("bad.html", Failure("extract", "no body found"), half_done)
    store.quarantine("worse.html", Failure("decode", "binary data at byte 0"))
    store.quarantine("bad.html", Failure("lang", "not Arabic"), half_done)  # rerun failed elsewhere
    entries = {e.origin: e for e in store.quarantined()}
    assert set(entries) == {"bad.html", "worse.html"}
    assert (entries["bad.html"].stage, entries["bad.html"].reason) == ("lang", "not Arabic")
    assert entries["bad.html"].article() == half_done
    assert entries["worse.html"].article() is None
    assert store.release("bad.html") is True
    assert store.release("bad.html") is False
    assert [e.origin for e in store.quarantined()] == ["worse.html"]


def test_sqlite_migrations_applied_once(db_path: Path, news_article: Callable[..., Article]) -> None:
    SqliteStore(db_path).close()
    with SqliteStore(db_path) as store:
        store.add(news_article())
    conn = sqlite3.connect(db_path)
    # Run order is name order, whatever order modules registered them in (alerts registers its own).
    assert conn.execute("SELECT name FROM migrations").fetchall() == [(name,) for name in sorted(migrations.MIGRATIONS)]
    calls = []
    registry = dict(migrations.MIGRATIONS)
    registry["9999_test"] = lambda c: calls.append(c.execute("ALTER TABLE articles ADD COLUMN extra TEXT"))
    conn.isolation_level = None
    assert migrations.apply(conn, registry) == ["9999_test"]
    assert migrations.apply(conn, registry) == []
    assert len(calls) == 1
    conn.close()
    # This version does not know 9999_test: the archive is now a newer one, refused up front.
    with pytest.raises(StoreError, match="9999_test"):
        SqliteStore(db_path)


def test_sqlite_failed_migration_leaves_no_trace(db_path: Path) -> None:
    SqliteStore(db_path).close()
    conn = sqlite3.connect(db_path, isolation_level=None)

    def broken(c: sqlite3.Connection) -> None:
        c.execute("CREATE TABLE half (x)")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        migrations.apply(conn, {**migrations.MIGRATIONS, "0002_broken": broken})
    assert migrations.pending(conn, {**migrations.MIGRATIONS, "0002_broken": broken}) == ["0002_broken"]
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'half'").fetchone() is None


def test_sqlite_batch_failure_rolls_back_that_batch_only(
    db_path: Path, news_article: Callable[..., Article]
) -> None:
    with SqliteStore(db_path) as store:
        with store.batch():
            store.add(news_article(id="kept1"))
            store.add(news_article(id="kept2"))
        with pytest.raises(RuntimeError), store.batch():
            store.add(news_article(id="lost"))
            store.record_input("lost.html", "f", "lost")
            raise RuntimeError("a reader crashed mid-batch")
        assert store.count() == 2
    with SqliteStore(db_path) as store:
        assert list(store.ids()) == ["kept1", "kept2"]
        assert not store.input_done("lost.html", "f")
        assert store.count("الصحة") == 2


def test_sqlite_nested_batch_failure_keeps_outer_batch(
    store: SqliteStore, news_article: Callable[..., Article]
) -> None:
    with store.batch():
        store.add(news_article(id="outer"))
        with pytest.raises(RuntimeError), store.batch():
            store.add(news_article(id="inner"))
            raise RuntimeError("one article failed")
        store.add(news_article(id="after"))
    assert list(store.ids()) == ["outer", "after"]


def test_sqlite_file_is_wal_with_foreign_keys(db_path: Path) -> None:
    with SqliteStore(db_path) as store:
        conn = store._conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL


def test_sqlite_readonly_open_refuses_writes_but_reads(
    db_path: Path, news_article: Callable[..., Article]
) -> None:
    with SqliteStore(db_path) as store:
        store.add(news_article())
    with SqliteStore(db_path, readonly=True) as store:
        with pytest.raises(ReadOnlyStore, match=r"archive '.*archive.db' is read-only"):
            store.add(news_article(id="new"))
        with pytest.raises(ReadOnlyStore):
            store.quarantine("x", Failure("s", "r"))
        assert store.count() == 1
        assert [hit.id for hit in store.search("منظمة")] == ["a1"]


def test_sqlite_readonly_open_of_missing_file_is_clear(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        SqliteStore(tmp_path / "nope.db", readonly=True)
    assert not (tmp_path / "nope.db").exists()


def test_sqlite_readonly_open_of_outdated_archive_asks_for_upgrade(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    SqliteStore(db_path).close()
    monkeypatch.setitem(migrations.MIGRATIONS, "9999_future", lambda conn: None)
    with pytest.raises(StoreError, match="needs an upgrade: open it once without read-only"):
        SqliteStore(db_path, readonly=True)
    with SqliteStore(db_path) as store:  # a writable open applies it
        assert migrations.pending(store._conn) == []


def test_sqlite_readonly_open_of_empty_file_is_clear(db_path: Path) -> None:
    db_path.touch()
    with pytest.raises(StoreError, match="is empty, not a marsad archive"):
        SqliteStore(db_path, readonly=True)


def test_sqlite_unwritable_file_raises_read_only(
    db_path: Path, unwritable, news_article: Callable[..., Article]
) -> None:
    with SqliteStore(db_path) as store:
        store.add(news_article())
    with unwritable(db_path), SqliteStore(db_path) as store:
        with pytest.raises(ReadOnlyStore, match="is read-only"):
            store.add(news_article(id="new"))
        assert store.article("a1") == news_article()


def test_sqlite_new_archive_in_unwritable_folder_raises_read_only(tmp_path: Path, unwritable) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    with unwritable(folder), pytest.raises(ReadOnlyStore, match="folder .* is not writable"):
        SqliteStore(folder / "archive.db")


def test_sqlite_archive_in_unwritable_folder_opens_read_only(
    tmp_path: Path, unwritable, news_article: Callable[..., Article]
) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    with SqliteStore(folder / "archive.db") as store:
        store.add(news_article())
    with unwritable(folder):
        with SqliteStore(folder / "archive.db", readonly=True) as store:
            assert store.article("a1").title == news_article().title
            assert store.count("غزة") == 1
        with pytest.raises(ReadOnlyStore):
            SqliteStore(folder / "archive.db").add(news_article(id="new"))


def test_sqlite_locked_archive_raises_store_locked(
    db_path: Path, news_article: Callable[..., Article]
) -> None:
    SqliteStore(db_path).close()
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process is writing
    with SqliteStore(db_path, timeout=0.1) as store:
        with pytest.raises(StoreLocked, match=r"archive '.*archive.db' is locked"):
            store.add(news_article())
        assert store.count() == 0  # reading still works under WAL
        other.execute("ROLLBACK")
        assert store.add(news_article()) is True
    other.close()


def _fill_until_full(store: SqliteStore, news_article: Callable[..., Article]) -> int:
    """Commit batches of long articles until the page limit stops one; return the last good count."""
    body = " ".join(f"كلمة{n} منظمة" for n in range(400))
    for batch in range(1000):
        committed = store.count()
        try:
            with store.batch():
                for n in range(5):
                    store.add(news_article(id=f"f{batch}-{n}", paragraphs=[body], text=body))
        except StoreFull:
            return committed
    raise AssertionError("the page limit never stopped a write")


def test_sqlite_full_disk_keeps_committed_data(db_path: Path, news_article: Callable[..., Article]) -> None:
    with SqliteStore(db_path) as store:
        store.add(news_article())
    with SqliteStore(db_path, max_page_count=200) as store:
        committed = _fill_until_full(store, news_article)
        assert committed > 1
        assert store.count() == committed
        with pytest.raises(StoreFull, match=r"archive '.*archive.db' is full: the page limit"):
            big = " ".join(f"نص{n}" for n in range(5000))
            store.add(news_article(id="one more", paragraphs=[big], text=big))
        assert store.article("a1") == news_article()
    with SqliteStore(db_path) as store:
        assert store.count() == committed
        assert store.count("منظمة") == committed
        assert store._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        store.add(news_article(id="after"))  # room again without the limit


def test_sqlite_not_a_database_is_clear_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    content = "هذه ليست قاعدة بيانات، بل ملاحظات.\n" * 200
    path.write_text(content, encoding="utf-8")
    with pytest.raises(StoreError, match=r"'.*notes.db' is not an SQLite database"):
        SqliteStore(path)
    assert path.read_text(encoding="utf-8") == content


def test_sqlite_other_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not a marsad archive"):
        SqliteStore(path)
    tables = sqlite3.connect(path).execute("SELECT name FROM sqlite_master").fetchall()
    assert tables == [("contacts",)]


def test_sqlite_missing_folder_is_clear(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="folder .* does not exist"):
        SqliteStore(tmp_path / "no" / "such" / "archive.db")


def test_sqlite_closed_store_says_so(store: SqliteStore) -> None:
    store.close()
    with pytest.raises(StoreError, match="is closed"):
        store.count()


def test_sqlite_reindex_rebuilds_search(news_article: Callable[..., Article]) -> None:
    with SqliteStore(":memory:") as store:
        store.add(news_article())
        store._conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('delete-all')")
        assert store.count("منظمة") == 0
        assert store.reindex() == 1
        assert store.count("منظمة") == 1


def test_sqlite_stored_json_is_the_article(store: SqliteStore, news_article: Callable[..., Article]) -> None:
    article = news_article()
    store.add(article)
    assert Article.from_dict(article.to_dict()) == store.article(article.id)


def test_sqlite_read_runs_selects_only(store, news_article) -> None:
    store.add(news_article())
    assert store.read("SELECT count(*) FROM articles") == [(1,)]
    with pytest.raises(ValueError, match="SELECT"):
        store.read("DELETE FROM articles")
