"""The PostgreSQL archive: what only it has (URL, server errors, many writers, migrate).

The Store behaviour both backends share runs on both through the `store` fixture
(test_sqlite.py, test_search.py); here is what differs.
"""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
from collections import Counter
from collections.abc import Callable

import psycopg
import pytest
from clirun import run

from marsad.article import Article, Entity, Failure, Mention
from marsad.errors import NotFound, ReadOnlyStore, StoreError
from marsad.search import parse
from marsad.service import Archive, process_paths
from marsad.store import SqliteStore, migrations, pg_migrations
from marsad.store.factory import open_store
from marsad.store.postgres import PostgresStore, redact


@pytest.fixture
def marsad(capsys):
    """`marsad(*args)` runs the command in-process: (exit code, stdout, stderr)."""
    return lambda *args: run(capsys, *args)


def test_postgres_is_chosen_by_url_and_migrations_match_sqlite_names(pg_url: str) -> None:
    with Archive(pg_url) as archive:
        assert isinstance(archive.store, PostgresStore)
        assert archive.path == pg_url and archive.store.path == redact(pg_url)
    with psycopg.connect(pg_url) as conn:
        recorded = [row[0] for row in conn.execute("SELECT name FROM migrations ORDER BY name")]
    assert recorded == sorted(pg_migrations.MIGRATIONS)
    assert {name for name in pg_migrations.MIGRATIONS if "_pg_" not in name} <= set(migrations.MIGRATIONS)  # same names


def test_postgres_url_from_environment(pg_archive_url: str, monkeypatch: pytest.MonkeyPatch, news_article) -> None:
    monkeypatch.setenv("MARSAD_DB", pg_archive_url)
    with Archive() as archive:
        archive.store.add(news_article())
    with PostgresStore(pg_archive_url) as store:
        assert store.count() == 1


def test_postgres_migrations_applied_once(pg_url: str) -> None:
    PostgresStore(pg_url).close()
    calls = []
    registry = {**pg_migrations.MIGRATIONS,
                "9999_test": lambda c: calls.append(c.execute("ALTER TABLE articles ADD COLUMN extra text"))}
    with psycopg.connect(pg_url, autocommit=True) as conn:
        assert pg_migrations.apply(conn, registry) == ["9999_test"]
        assert pg_migrations.apply(conn, registry) == []
    assert len(calls) == 1


def test_postgres_failed_migration_leaves_no_trace(pg_url: str) -> None:
    PostgresStore(pg_url).close()

    def broken(conn: psycopg.Connection) -> None:
        conn.execute("CREATE TABLE half (x int)")
        raise RuntimeError("boom")

    registry = {**pg_migrations.MIGRATIONS, "0003_broken": broken}
    with psycopg.connect(pg_url, autocommit=True) as conn:
        with pytest.raises(RuntimeError):
            pg_migrations.apply(conn, registry)
        assert pg_migrations.pending(conn, registry) == ["0003_broken"]
        assert conn.execute("SELECT to_regclass('half')").fetchone()[0] is None


def test_postgres_newer_schema_is_refused(pg_archive_url: str, news_article) -> None:
    with PostgresStore(pg_archive_url) as store:
        store.add(news_article())
    with psycopg.connect(pg_archive_url, autocommit=True) as conn:
        conn.execute("INSERT INTO migrations VALUES ('9999_from_the_future', 'later')")
    for readonly in (False, True):
        with pytest.raises(StoreError, match="written by a newer marsad .*9999_from_the_future.*upgrade marsad"):
            PostgresStore(pg_archive_url, readonly=readonly)
    with psycopg.connect(pg_archive_url) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 1  # untouched


def test_postgres_readonly_refuses_writes_but_reads(pg_archive_url: str, news_article) -> None:
    with PostgresStore(pg_archive_url) as store:
        store.add(news_article())
    with PostgresStore(pg_archive_url, readonly=True) as store:
        with pytest.raises(ReadOnlyStore, match="is read-only"):
            store.add(news_article(id="new"))
        with pytest.raises(ReadOnlyStore):
            store.quarantine("x", Failure("s", "r"))
        assert [hit.id for hit in store.search("منظمة")] == ["a1"]
        assert store.count() == 1


def test_postgres_readonly_open_of_empty_or_outdated_database_is_clear(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(StoreError, match="is empty, not a marsad archive"):
        PostgresStore(pg_url, readonly=True)
    PostgresStore(pg_url).close()
    monkeypatch.setitem(pg_migrations.MIGRATIONS, "9999_future", lambda conn: None)
    with pytest.raises(StoreError, match="needs an upgrade: open it once without read-only"):
        PostgresStore(pg_url, readonly=True)


def test_postgres_database_with_other_tables_is_refused(pg_url: str) -> None:
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE contacts (name text)")
    with pytest.raises(StoreError, match="holds other tables but no marsad archive"):
        PostgresStore(pg_url)
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT to_regclass('articles')").fetchone()[0] is None


def test_postgres_wrong_password_and_unreachable_server_exit_4_without_traceback(pg_cluster) -> None:
    wrong = pg_cluster.url("postgres", password="not-the-password")
    done = subprocess.run([sys.executable, "-m", "marsad", "search", "غزة", "--db", wrong],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 4
    assert "password authentication failed" in done.stderr and "Traceback" not in done.stderr
    assert "not-the-password" not in done.stderr  # the URL is shown without its password


def test_postgres_unreachable_server_exits_4(marsad) -> None:
    code, _, err = marsad("ingest", "-", "--db", "postgresql://marsad:secret@127.0.0.1:1/nope")
    assert code == 4
    assert err.startswith("marsad: cannot connect to PostgreSQL archive 'postgresql://marsad@127.0.0.1:1/nope': ")
    assert "Connection refused" in err and "secret" not in err


def test_postgres_batch_failure_rolls_back_that_batch_only(pg_archive_url: str, news_article) -> None:
    with PostgresStore(pg_archive_url) as store:
        with store.batch():
            store.add(news_article(id="kept"))
        with pytest.raises(RuntimeError), store.batch():
            store.add(news_article(id="lost"))
            store.record_input("lost.html", "f", "lost")
            raise RuntimeError("a reader crashed mid-batch")
    with PostgresStore(pg_archive_url) as store:
        assert list(store.ids()) == ["kept"]
        assert not store.input_done("lost.html", "f")
        assert store.count("الصحة") == 1
        with pytest.raises(NotFound):
            store.article("lost")


def test_postgres_reindex_rebuilds_terms(pg_archive_url: str, news_article) -> None:
    with PostgresStore(pg_archive_url) as store:
        store.add(news_article())
        with psycopg.connect(store.url, autocommit=True) as conn:
            conn.execute("UPDATE articles SET terms = ''::tsvector")
        assert store.count("منظمة") == 0
        assert store.reindex() == 1
        assert store.count("منظمة") == 1


# -- several writers at once


def _entity(entity_id: str, name: str) -> Entity:
    return Entity(entity_id, "ORG", {"ar": name}, [Mention(name, 0, len(name))])


def _corpus(n: int) -> list[Article]:
    """`n` articles; each names one of three shared entities, so writers upsert the same rows."""
    names = ["الأمم المتحدة", "منظمة الصحة العالمية", "الاتحاد الأفريقي"]
    out = []
    for i in range(n):
        name = names[i % 3]
        text = f"{name} تصدر البيان رقم {i} عن الأوضاع في المنطقة."
        out.append(Article(id=f"c{i}", title=f"بيان {i}", text=text, paragraphs=[text],
                           entities=[_entity(f"ORG:{i % 3}", name)]))  # fmt: skip
    return out


def _writer(url: str, order: list[int], batch: int) -> int:
    """One writer process: add its share in batches with the inputs; return how many were new."""
    articles = _corpus(120)
    new = 0
    with PostgresStore(url) as store:
        for start in range(0, len(order), batch):
            with store.batch():
                for i in order[start : start + batch]:
                    new += store.add(articles[i])
                    store.record_input(f"input-{i}.txt", f"f{i}", articles[i].id)
    return new


def test_postgres_concurrent_writers_lose_and_double_nothing(pg_archive_url: str) -> None:
    # Four processes, overlapping shares (every article by two or three writers), opposite orders.
    shares = [list(range(0, 90)), list(range(119, 29, -1)), list(range(0, 120, 2)), list(range(119, -1, -3))]
    with multiprocessing.get_context("fork").Pool(4) as pool:
        new = pool.starmap(_writer, [(pg_archive_url, share, 7) for share in shares])
    assert sum(new) == 120  # each article was new to exactly one writer
    with PostgresStore(pg_archive_url) as store:
        assert sorted(store.ids()) == sorted(a.id for a in _corpus(120))
        assert store.count("البيان") == 120
        rows = store.read("SELECT entity_id, count FROM entity_names")
        assert Counter(dict(rows)) == Counter({"ORG:0": 40, "ORG:1": 40, "ORG:2": 40})
        assert store.read("SELECT count(*), count(DISTINCT origin) FROM inputs") == [(120, 120)]
        assert store.read("SELECT articles FROM totals") == [(120,)]


def test_postgres_two_ingest_commands_at_once(pg_archive_url: str, samples) -> None:
    procs = [subprocess.Popen([sys.executable, "-m", "marsad", "ingest", str(samples), "--pipeline", "clean",
                               "--db", pg_archive_url], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]  # fmt: skip
    outputs = [proc.communicate(timeout=120) for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0], outputs
    expected = {article.id for _, article in process_paths([str(samples)], "clean") if article.error is None}
    with PostgresStore(pg_archive_url, readonly=True) as store:
        assert sorted(store.ids()) == sorted(expected)


# -- migrate


def _sqlite_archive(path, news_article, n: int = 30) -> None:
    with SqliteStore(path) as store, store.batch():
        for i in range(n):
            text = f"خبر رقم {i} عن غزة والسودان ومنظمة الصحة العالمية."
            entities = [_entity("ORG:who", "منظمة الصحة العالمية")] if i % 2 else []
            store.add(news_article(id=f"m{i}", paragraphs=[text], text=text, entities=entities))
            store.record_input(f"in{i}.html", f"f{i}", f"m{i}")
        store.quarantine("bad.html", Failure("extract", "no body found"))


def test_migrate_moves_an_archive_and_verifies_counts(tmp_path, pg_url: str, news_article, marsad) -> None:
    source = tmp_path / "marsad.db"
    _sqlite_archive(source, news_article)
    code, out, err = marsad("migrate", "--from", str(source), "--to", pg_url, "--batch-size", "7")
    assert code == 0, err
    assert "copied 30 articles (0 were there already), 30 inputs, 1 quarantined" in out
    assert "articles 30/30" in out and "mentions 15/15" in out
    with SqliteStore(source, readonly=True) as old, open_store(pg_url, readonly=True) as new:
        assert list(new.ids()) == list(old.ids())
        assert new.article("m3") == old.article("m3")
        assert [h.id for h in new.search("غزة", limit=50)] == [h.id for h in old.search("غزة", limit=50)]
        assert new.entities()[0].articles == old.entities()[0].articles == 15
        assert new.input_done("in4.html", "f4")
        assert [e.origin for e in new.quarantined()] == ["bad.html"]


def test_migrate_resumes_an_interrupted_copy(tmp_path, pg_url: str, news_article, marsad) -> None:
    source = tmp_path / "marsad.db"
    _sqlite_archive(source, news_article)
    with SqliteStore(source, readonly=True) as old, PostgresStore(pg_url) as new, new.batch():
        for article_id in list(old.ids())[:12]:  # what a first run got through before it stopped
            new.add(old.article(article_id))
    code, out, err = marsad("migrate", "--from", str(source), "--to", pg_url)
    assert code == 0, err
    assert "copied 18 articles (12 were there already)" in out
    assert "copied 0 articles (30 were there already)" in marsad("migrate", "--from", str(source), "--to", pg_url)[1]
    with PostgresStore(pg_url, readonly=True) as new:
        assert new.count() == 30
        assert new.read("SELECT sum(count) FROM entity_names") == [(15,)]  # nothing counted twice


def test_migrate_carries_stories_over(tmp_path, pg_url: str, samples, marsad) -> None:
    source = str(tmp_path / "marsad.db")
    assert marsad("ingest", str(samples), "--db", source, "--no-progress")[0] == 0
    code, out, err = marsad("migrate", "--from", source, "--to", pg_url)
    assert code == 0 and "linked stories and copies over" in out, err
    stories = [marsad("stories", "--json", "--limit", "100", "--db", db)[1] for db in (source, pg_url)]
    assert stories[0] == stories[1] and stories[0].count("\n") > 3


def test_migrate_to_an_unreachable_server_exits_4(tmp_path, news_article, marsad) -> None:
    source = tmp_path / "marsad.db"
    _sqlite_archive(source, news_article, n=2)
    code, _, err = marsad("migrate", "--from", str(source), "--to", "postgresql://marsad:pw@127.0.0.1:1/x")
    assert code == 4 and "cannot connect" in err


# -- ranking: the same top results as SQLite


@pytest.fixture(scope="module")
def twins(pg_cluster):
    """The same 60 articles in SQLite and in PostgreSQL (words mixed so scores spread)."""
    words = ["غزة", "رفح", "منظمة", "الصحة", "الأمم", "المتحدة", "السودان", "مصر", "اليوم", "قال"]
    url = pg_cluster.create_database("ranking", template="marsad_template")
    with SqliteStore(":memory:") as lite, PostgresStore(url) as pg:
        for i in range(60):
            body = " ".join(words[(i * k + k) % len(words)] for k in range(1, 4 + i % 17))
            title = " ".join(words[(i + k) % len(words)] for k in range(i % 3)) or None
            article = Article(id=f"r{i}", title=title, paragraphs=[body], text=body)
            lite.add(article)
            pg.add(article)
        yield lite, pg


@pytest.mark.parametrize("exact", [1000, 3], ids=["every-match", "pool"])
@pytest.mark.parametrize("query", ["غزة", "منظمة الصحة", "الأمم المتحدة", "السودان OR مصر", "غزة NOT رفح"])
def test_postgres_ranks_like_sqlite(query: str, exact: int, twins, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ranked over every match, or (as on a large archive) over each word's best articles by
    stored weight: here the pool holds every match, so the ranking must be the same."""
    from marsad.store import pg_search, postgres

    lite, pg = twins
    monkeypatch.setattr(postgres, "EXACT", exact)
    with pg._conn() as conn:
        assert pg_search.ranking(conn, parse(query), within=False, exact=exact).pooled == (exact == 3)
    ours, theirs = pg.search(query, limit=20), lite.search(query, limit=20)
    assert len(theirs) > 3
    assert [h.id for h in ours] == [h.id for h in theirs]
    assert [h.score for h in ours] == pytest.approx([h.score for h in theirs], rel=1e-6)


def test_serve_on_an_unreachable_postgresql_is_one_line_and_exit_4(marsad) -> None:
    code, _, err = marsad("serve", "--db", "postgresql://marsad:s3cret@127.0.0.1:1/x")
    assert code == 4 and "cannot connect to PostgreSQL archive 'postgresql://marsad@127.0.0.1:1/x'" in err
    assert err.count("\n") == 1 and "s3cret" not in err and "Traceback" not in err


def test_postgres_terms_vector_keeps_positions_and_top_counts() -> None:
    from marsad.store.pg_search import terms_vector

    full, top, length = terms_vector("غزة اليوم", "وصلت القافلة إلى غزة. غزة تنتظر.")
    assert length == 8
    assert "'غزه':1A,7,8" in full  # title positions weighted A; the body starts a position after the title's end + 1
    assert top.startswith("'غزه':1,2,3,4,5,6,7 ")  # 5 for the title + 2 in the body


def test_postgres_redact_hides_only_the_password() -> None:
    assert redact("postgresql://u:secret@db.example.org:5433/news") == "postgresql://u@db.example.org:5433/news"
    assert redact("postgresql://u@db/news") == "postgresql://u@db/news"


def _lexicon_matches_the_index(url: str) -> None:
    """Each term's kept article count is what the tsvectors hold, and every article lists its top terms."""
    with psycopg.connect(url) as conn:
        kept = dict(conn.execute("SELECT term, docs FROM lexicon").fetchall())
        counted = dict(conn.execute("SELECT word, ndoc FROM ts_stat('SELECT terms FROM articles')").fetchall())
        listed = conn.execute("SELECT count(*), count(DISTINCT article_pk) FROM impacts").fetchone()
        top = conn.execute("SELECT sum(length(top_terms)), count(*) FROM articles").fetchone()
    assert kept == counted and len(kept) > 10
    assert listed == top


def test_postgres_term_counts_follow_writes_reindex_and_the_migration(pg_url: str, news_article) -> None:
    texts = ["غزة تنتظر القافلة والأمم المتحدة تحذر", "منظمة الصحة العالمية في غزة", "السودان ومصر والأمم المتحدة"]
    old = {name: step for name, step in pg_migrations.MIGRATIONS.items() if name < "0002b"}
    with psycopg.connect(pg_url, autocommit=True) as conn:
        pg_migrations.apply(conn, old)  # an archive written before the lexicon existed
    with PostgresStore(pg_url) as store:  # applies the rest, the lexicon from what is stored (nothing)
        with store.batch():
            for i, text in enumerate(texts):
                store.add(news_article(id=f"t{i}", title=text.split()[0], paragraphs=[text], text=text))
        assert not store.add(news_article(id="t0"))  # a duplicate counts nothing
    _lexicon_matches_the_index(pg_url)
    with psycopg.connect(pg_url, autocommit=True) as conn:  # the migration on a filled archive
        conn.execute("DROP TABLE lexicon, impacts")
        conn.execute("DELETE FROM migrations WHERE name = '0002b_pg_search_lexicon'")
    with PostgresStore(pg_url) as store:
        _lexicon_matches_the_index(pg_url)
        assert store.reindex() == 3
        store.add(news_article(id="t9", paragraphs=["غزة مرة أخرى"], text="غزة مرة أخرى"))
    _lexicon_matches_the_index(pg_url)
