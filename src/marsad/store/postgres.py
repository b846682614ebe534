"""The archive on a PostgreSQL server: the `Store` protocol for many writers and a shared server.

Opened by URL (`postgresql://user:password@host:port/db`) through a psycopg 3
connection pool. The schema mirrors the SQLite one (same tables, same migration
names); search indexes our own terms in a tsvector under GIN (see pg_search.py),
so both backends find the same articles for the same query.

Several processes may write at once. Uniqueness is the database's job: the article
id and the input (origin, fingerprint) are unique keys written with ON CONFLICT, so
a text ingested by two processes is stored once and counted once. Writers take
turns per batch on an advisory lock, as SQLite writers take turns on its write
lock: rows they share (entities, names, inputs) are then never locked in opposite
orders, so no batch is ever lost to a deadlock. The pipeline work, the costly part,
runs in parallel.

Every psycopg error leaves here as one of ours (errors.py) naming the server and
database, never the password.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Self
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import errors as pg
from psycopg_pool import ConnectionPool

from marsad.article import Article, Failure
from marsad.errors import NotFound, ReadOnlyStore, StoreError, StoreFull, StoreLocked
from marsad.search import BRACKETS, Marks, index_terms, parse, snippet
from marsad.search.query import Query
from marsad.search.rank import RERANK_DEPTH, query_forms, rerank
from marsad.store import pg_bulk, pg_entities, pg_faceted, pg_migrations, pg_named, pg_tables, stats  # noqa: F401  (pg_tables: its migrations)
from marsad.store import stories as story_tables
from marsad.store.base import Hit, QuarantineEntry, SearchFilters, for_index
from marsad.store.entities import EntitySummary
from marsad.store.pg_compat import Connection, Rows
from marsad.store.pg_search import ranking, terms_vector, tsquery
from marsad.store.sqlite import _decode, _encode

__all__ = ["PostgresStore", "redact"]

# pg_advisory_xact_lock key for writers: "marsad write" in ASCII, as one bigint.
WRITE_LOCK = 0x6D61727361647772
POOL = 300  # each query word's best articles ranked when a query may match more than EXACT (more for deep pages)
EXACT = 1000  # a query that may match up to this many articles is ranked over all of them

_INSERT = """
    INSERT INTO articles (id, url, source, title, author, published, lang, text, data, ingested_at,
                          terms, top_terms, length)
    VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s::tsvector, %s::tsvector, %s)
    ON CONFLICT (id) DO NOTHING RETURNING pk"""

def redact(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}@{host}" if parts.username else host
    netloc += f":{parts.port}" if parts.port else ""
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _reason(exc: BaseException) -> str:
    """The server's own words, without libpq's 'connection to server at … failed:' preamble."""
    text = " ".join(line.strip() for line in str(exc).splitlines() if line.strip()) or type(exc).__name__
    text = text.rsplit(" failed: ", 1)[-1] if " failed: " in text else text
    return text.replace("FATAL:  ", "").replace("FATAL: ", "").strip()


class PostgresStore:
    """An archive in a PostgreSQL database given by URL.

    `readonly=True` opens every session read-only. `timeout` is how long a writer
    waits for another writer's batch (or any lock) before StoreLocked, and how long
    a connection may take; `pool_size` caps the connections this process holds.
    """

    dialect = "postgresql"  # for the aggregate views' SQL (store/dialect.py)

    def __init__(self, url: str, *, readonly: bool = False, timeout: float = 60.0, pool_size: int = 4) -> None:
        self.url = url
        self.path = redact(url)  # what messages and `Archive.path` show
        self.readonly = readonly
        self.timeout = timeout
        self._local = threading.local()  # the connection a batch holds in this thread
        self._pool: ConnectionPool | None = None
        # enable_seqscan off: the planner's cost model does not count reading each row's
        # tsvector, so for a common word it picks a table scan 20x slower than the GIN index
        # (our other statements go by key anyway). jit off: JIT compiling our short
        # statements costs more than running them.
        options = f"-c lock_timeout={int(timeout * 1000)} -c jit=off -c enable_seqscan=off"
        if readonly:
            options += " -c default_transaction_read_only=on"
        self._kwargs = {"autocommit": True, "options": options, "application_name": "marsad",
                        "connect_timeout": max(1, int(min(timeout, 10)))}  # fmt: skip
        conn = self._connect()
        try:
            with self._guard():
                self._prepare(conn)
        finally:
            conn.close()
        self._pool = ConnectionPool(url, min_size=1, max_size=pool_size, kwargs=self._kwargs,
                                    timeout=timeout, open=True, name="marsad")  # fmt: skip

    # -- opening -----------------------------------------------------------------

    def _connect(self) -> psycopg.Connection:
        try:
            return psycopg.connect(self.url, **self._kwargs)
        except psycopg.ProgrammingError as exc:
            raise StoreError(f"{self.path!r} is not a PostgreSQL URL marsad can use: {_reason(exc)}") from exc
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to PostgreSQL archive {self.path!r}: {_reason(exc)}") from exc

    def _prepare(self, conn: psycopg.Connection) -> None:
        tables = {row[0] for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")}
        if tables and "migrations" not in tables:
            raise StoreError(f"database {self.path!r} holds other tables but no marsad archive: use an empty database")
        newer = pg_migrations.unknown(conn)
        if newer:
            raise StoreError(
                f"archive {self.path!r} was written by a newer marsad (schema {', '.join(newer)} is unknown here): "
                "upgrade marsad to open it"
            )
        if not self.readonly:
            pg_migrations.apply(conn)
        elif not tables:
            raise StoreError(f"database {self.path!r} is empty, not a marsad archive")
        elif pg_migrations.pending(conn):
            raise StoreError(f"archive {self.path!r} needs an upgrade: open it once without read-only to apply it")

    def close(self) -> None:
        """Close every pooled connection."""
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = ", readonly=True" if self.readonly else ""
        return f"PostgresStore({self.path!r}{mode})"

    @contextmanager
    def _conn(self) -> Iterator[psycopg.Connection]:
        """The connection of the batch in progress in this thread, else one from the pool."""
        held = getattr(self._local, "conn", None)
        if held is not None:
            yield held
            return
        if self._pool is None:
            raise StoreError(f"archive {self.path!r} is closed")
        with self._guard(), self._pool.connection() as conn:
            yield conn

    # -- errors ------------------------------------------------------------------

    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except psycopg.Error as exc:
            raise self._translate(exc) from exc

    def _translate(self, exc: psycopg.Error) -> StoreError:
        name, reason = repr(self.path), _reason(exc)
        if isinstance(exc, pg.ReadOnlySqlTransaction):
            return ReadOnlyStore(f"archive {name} is read-only: it was opened for reading only")
        if isinstance(exc, pg.InsufficientPrivilege):
            return ReadOnlyStore(f"archive {name} is read-only for this user: {reason}")
        if isinstance(exc, (pg.LockNotAvailable, pg.DeadlockDetected)):
            return StoreLocked(f"archive {name} is locked: another process is writing to it (waited {self.timeout:g} s)")
        if isinstance(exc, pg.DiskFull):
            return StoreFull(f"archive {name} is full: the server's disk is full; the current batch was not written")
        if isinstance(exc, psycopg.OperationalError):
            return StoreError(f"archive {name}: the server connection failed: {reason}")
        return StoreError(f"archive {name}: {reason}")

    # -- writing -----------------------------------------------------------------

    @contextmanager
    def batch(self) -> Iterator[None]:
        """One transaction for everything inside; an exception rolls back this batch only.

        Batches nest (as savepoints). The outermost one of a writable store waits its
        turn on the writers' advisory lock (released when it commits or rolls back).
        """
        held = getattr(self._local, "conn", None)
        if held is not None:
            with self._guard(), held.transaction():
                yield
            return
        if self._pool is None:
            raise StoreError(f"archive {self.path!r} is closed")
        with self._guard(), self._pool.connection() as conn:
            self._local.conn, self._local.added = conn, []
            try:
                with conn.transaction():
                    if not self.readonly:
                        conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
                    yield
                    if self._local.added:
                        self._index_terms(conn, self._local.added)
            finally:
                self._local.conn, self._local.added = None, []

    @staticmethod
    def _index_terms(conn: psycopg.Connection, pks: list[int]) -> None:
        """Count the batch's new articles into each term's article count and list their top terms'
        weights: once per batch, so a writer pays one statement each, not one per article."""
        conn.execute(
            """INSERT INTO lexicon (term, docs)
               SELECT term, count(*) FROM articles, unnest(tsvector_to_array(terms)) term
               WHERE pk = ANY(%s) GROUP BY term ORDER BY term
               ON CONFLICT (term) DO UPDATE SET docs = lexicon.docs + excluded.docs""",
            (pks,),
        )
        conn.execute(f"INSERT INTO impacts (term_id, impact, article_pk) {pg_migrations.IMPACTS}", {"pks": pks})

    def add(self, article: Article) -> bool:
        """Store `article` and index it; True if new, False if its id is already stored."""
        if not article.id:
            raise ValueError("cannot store an article without an id")
        if article.error is not None:
            raise ValueError(f"article {article.id!r} failed at {article.error.stage!r}: quarantine it instead")
        article, body = for_index(article)
        vector, top_vector, length = terms_vector(article.title, body)
        row = (article.id, article.url, article.source, article.title, article.author, article.published,
               article.lang, article.text, _encode(article), _now(), vector, top_vector, length)  # fmt: skip
        with self.batch(), self._conn() as conn:
            inserted = conn.execute(_INSERT, row).fetchone()
            if inserted is None:
                return False
            conn.execute("UPDATE totals SET articles = articles + 1, terms = terms + %s", (length,))
            pg_entities.write(conn, inserted[0], article)
            self._local.added.append(inserted[0])
        return True

    def add_many(self, articles: Iterable[Article]) -> int:
        """Store many articles as one batch of `add` calls would, in a few COPY statements instead
        of round trips per article (large loads, migrations); return how many were new."""
        with self.batch(), self._conn() as conn:
            pks = pg_bulk.write(conn, articles, _now())
            self._local.added.extend(pks)
        return len(pks)

    def record_input(
        self, origin: str, fingerprint: str, article_id: str | None = None, *, status: str = "stored"
    ) -> None:
        """Remember that `origin` with this content `fingerprint` was processed, so a rerun skips it."""
        with self.batch(), self._conn() as conn:
            conn.execute(
                """INSERT INTO inputs (origin, fingerprint, article_id, status, at) VALUES (%s, %s, %s, %s, %s)
                   ON CONFLICT (origin, fingerprint) DO UPDATE
                   SET article_id = excluded.article_id, status = excluded.status, at = excluded.at""",
                (origin, fingerprint, article_id, status, _now()),
            )

    def input_done(self, origin: str, fingerprint: str) -> bool:
        """True if `origin` with this exact content was processed before (by any process)."""
        with self._conn() as conn:
            sql = "SELECT 1 FROM inputs WHERE origin = %s AND fingerprint = %s"
            return conn.execute(sql, (origin, fingerprint)).fetchone() is not None

    def quarantine(self, origin: str, failure: Failure, article: Article | None = None) -> None:
        """Keep `origin` in quarantine with why it failed; a later failure replaces the entry."""
        data = article.to_json() if article is not None else None
        with self.batch(), self._conn() as conn:
            conn.execute(
                """INSERT INTO quarantine (origin, stage, reason, at, article) VALUES (%s, %s, %s, %s, %s)
                   ON CONFLICT (origin) DO UPDATE SET stage = excluded.stage, reason = excluded.reason,
                   at = excluded.at, article = excluded.article""",
                (origin, failure.stage, failure.reason, _now(), data),
            )

    def release(self, origin: str) -> bool:
        """Take `origin` out of quarantine (a rerun got it through); True if it was there."""
        with self.batch(), self._conn() as conn:
            return conn.execute("DELETE FROM quarantine WHERE origin = %s", (origin,)).rowcount > 0

    def reindex(self) -> int:
        """Rebuild every article's terms (after the stemmer changed); return the count."""
        done = 0
        with self.batch(), self._conn() as conn:
            rows = conn.execute("SELECT pk, title, text FROM articles").fetchall()
            for pk, title, text in rows:
                vector, top_vector, length = terms_vector(title, text)
                conn.execute("UPDATE articles SET terms = %s::tsvector, top_terms = %s::tsvector, length = %s "
                             "WHERE pk = %s", (vector, top_vector, length, pk))  # fmt: skip
                done += 1
            conn.execute("UPDATE totals SET articles = (SELECT count(*) FROM articles), "
                         "terms = (SELECT coalesce(sum(length), 0) FROM articles)")  # fmt: skip
            conn.execute("TRUNCATE lexicon, impacts")
            self._index_terms(conn, [pk for pk, _, _ in rows])
        return done

    def optimize(self) -> None:
        """Refresh the planner's statistics and tidy the indexes after a large ingest."""
        with self._conn() as conn:
            conn.execute("VACUUM ANALYZE")

    # -- reading -----------------------------------------------------------------

    def article(self, id: str) -> Article:
        """The stored article with this id, with its story and provenance; NotFound if there is none."""
        with self._conn() as conn:
            row = conn.execute("SELECT text, data FROM articles WHERE id = %s", (id,)).fetchone()
        if row is None:
            raise NotFound(f"no article with id {id!r} in archive {self.path!r}")
        return story_tables.with_links(_decode(*row), story_tables.overlay(self.connection(), id))

    def rewrite(self, article: Article) -> None:
        """Store a stored article's record again after the pipeline re-ran a stage on it (same id, same text)."""
        with self.batch(), self._conn() as conn:
            conn.execute("UPDATE articles SET data = %s WHERE id = %s", (_encode(article), article.id))

    def pk(self, id: str) -> int | None:
        """The row number of a stored article (what the link tables key on)."""
        with self._conn() as conn:
            row = conn.execute("SELECT pk FROM articles WHERE id = %s", (id,)).fetchone()
        return row[0] if row else None

    def connection(self) -> Connection:
        """SQLite-style access for the story and copy tables (store/stories.py runs its SQL on it)."""
        return Connection(self._guard, self._conn)

    def execute(self, sql: str, params: tuple | list = ()) -> Rows:
        """Run one statement (SQLite's `?` placeholders) on tables another package owns (alerts),
        errors mapped to ours; inside `batch()` it joins the batch's transaction. A new row's id
        comes back through `RETURNING id`, which SQLite speaks too."""
        return self.connection().execute(sql, params)

    def executemany(self, sql: str, rows: list[tuple]) -> None:
        """One statement over many rows (see `execute`)."""
        self.connection().executemany(sql, rows)

    def reopened(self) -> PostgresStore:
        """Another store on the same archive (its own pool), for a thread that writes on its own."""
        return PostgresStore(self.url, readonly=self.readonly, timeout=self.timeout)

    def ids(self, page: int = 1000) -> Iterator[str]:
        """Every stored article id, in the order they were stored (read a page at a time)."""
        after = 0
        while True:
            with self._conn() as conn:
                rows = conn.execute(
                    "SELECT pk, id FROM articles WHERE pk > %s ORDER BY pk LIMIT %s", (after, page)
                ).fetchall()
            yield from (article_id for _, article_id in rows)
            if len(rows) < page:
                return
            after = rows[-1][0]

    def count(self, query: str | None = None) -> int:
        """How many articles are stored, or match `query`."""
        with self._conn() as conn:
            if query is None:
                return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            q = tsquery(parse(query).node)
            return conn.execute("SELECT count(*) FROM articles WHERE terms @@ %s::tsquery", (q,)).fetchone()[0]

    def search(
        self,
        query: str | None,
        limit: int = 10,
        offset: int = 0,
        *,
        marks: Marks = BRACKETS,
        entity_ids: list[str] | None = None,
    ) -> list[Hit]:
        """Best matches first: BM25 with title terms weighted over body terms; snippets in display text.

        With `entity_ids`, only articles mentioning one of those entities; with those and
        no query, every such article, newest first, scored by how often it names them.
        """
        if limit < 0 or offset < 0:
            raise ValueError(f"limit and offset must not be negative (got {limit}, {offset})")
        if entity_ids is not None and not entity_ids:
            return []
        if query is None or not query.strip():
            if not entity_ids:
                parse(query or "")  # raises the clear "no words" error
            return self._mentioning(entity_ids, limit, offset, marks)
        parsed = parse(query)
        # As SQLite does: the best RERANK_DEPTH by BM25 are re-ranked by their titles, then the page cut.
        top = max(RERANK_DEPTH, offset + limit)
        with self._conn() as conn:
            mentions = None
            if entity_ids is not None:
                # only compared with EXACT: counted no further than one past it
                sql = "SELECT count(*) FROM (SELECT 1 FROM mentions WHERE entity_id = ANY(%s) LIMIT %s) m"
                mentions = conn.execute(sql, (entity_ids, EXACT + 1)).fetchone()[0]
            plan = ranking(conn, parsed, within=entity_ids is not None, exact=EXACT, mentions=mentions)
            rows = _ranked(conn, plan, top, offset + limit, entity_ids)
            named = _named(conn, query, plan, rows, top) if entity_ids is None else None
        ranked = rerank(rows, query_forms(query), title=lambda row: row[1], score=lambda row: row[6],
                        depth=max(RERANK_DEPTH, len(rows)) if named else RERANK_DEPTH, named=named)
        return [
            Hit(id, title, url, score, snippet(text, parsed.terms, marks=marks), published, source)
            for score, (id, title, url, published, source, text, _) in ranked[offset : offset + limit]
        ]

    def _mentioning(self, entity_ids: list[str], limit: int, offset: int, marks: Marks) -> list[Hit]:
        with self._conn() as conn:
            rows = pg_entities.mentioning(conn, entity_ids, limit, offset)
            names = conn.execute("SELECT DISTINCT name FROM entity_names WHERE entity_id = ANY(%s)", (entity_ids,))
            terms = set(index_terms(" ".join(name for (name,) in names)))
        return [
            Hit(id, title, url, float(score), snippet(text, terms, marks=marks), published, source)
            for id, title, url, published, source, text, score in rows
        ]

    def ranked(self, query: Query | None, filters: SearchFilters, *, newest: bool, limit: int,
               cap: int) -> tuple[list[tuple[int, float | None]], bool]:
        """The matches of a faceted search in order, and whether all were read (see `Store.ranked`)."""
        with self._conn() as conn:
            return pg_faceted.ranked(conn, query, filters, newest=newest, limit=limit, cap=cap, exact=EXACT)

    def count_matching(self, query: Query | None, filters: SearchFilters, cap: int) -> int:
        """How many articles match `query` and the entity filters, up to `cap`."""
        with self._conn() as conn:
            return pg_faceted.count_matching(conn, query, filters, cap)

    def facets(self, pks: list[int], limit: int = 10) -> dict[str, list[dict]]:
        """Counts over these articles by entity, place, type, topic, source and month (stats.py)."""
        return stats.facets(self, pks, limit)

    def read(self, sql: str, params: tuple | list = ()) -> list[tuple]:
        """Rows of one read-only SQL statement, for aggregate views built outside this module.

        Takes SQLite's `?` placeholders, so callers written for SQLite work where their SQL is standard.
        """
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            raise ValueError("read() runs SELECT statements only")
        with self._conn() as conn:
            return conn.execute(sql.replace("%", "%%").replace("?", "%s"), params).fetchall()

    def resolve_entity(self, id_or_name: str) -> list[str]:
        """Stored entity ids that `id_or_name` means: the id itself, or every entity seen under that name."""
        with self._conn() as conn:
            return pg_entities.resolve(conn, id_or_name)

    def entities(self, kind: str | None = None, limit: int = 50) -> list[EntitySummary]:
        """Entities by how many articles mention them, with the names they were seen under."""
        with self._conn() as conn:
            return pg_entities.summaries(conn, kind, limit)

    def quarantined(self) -> list[QuarantineEntry]:
        """Every quarantined input, oldest first."""
        with self._conn() as conn:
            sql = "SELECT origin, stage, reason, at, article FROM quarantine ORDER BY at, origin"
            return [QuarantineEntry(*row) for row in conn.execute(sql)]


def _ranked(conn: psycopg.Connection, plan, top: int, needed: int, entity_ids: list[str] | None) -> list[tuple]:
    """The best `top` matches: from the words' best articles by stored weight when the query
    matches many (`plan.pooled`), else (or when those hold fewer than `needed`: words seldom
    together, or an entity filter) from every match."""
    if plan.pooled:
        sql, params = plan.statement(max(POOL, 4 * top))
        rows = conn.execute(sql, {**params, "limit": top, "ids": entity_ids}).fetchall()
        if len(rows) >= needed:
            return rows
    sql, params = plan.statement(None)
    return conn.execute(sql, {**params, "limit": top, "ids": entity_ids}).fetchall()


def _named(conn: psycopg.Connection, query: str, plan, rows: list[tuple], top: int) -> Callable[[tuple], int] | None:
    """As `SqliteStore._named`: for a query that names entities, the articles mentioning them
    join `rows` (in place, BM25 order kept) when they are few, and the function that says how
    many of the names a row's article mentions; None for a query that names none."""
    found = pg_named.names(conn, query)
    if not found:
        return None
    ids = sorted(set().union(*found))
    if pg_named.few(conn, ids) is not None:
        seen = {row[0] for row in rows}
        sql, params = dataclasses.replace(plan, within=True).statement(None)
        rows += [row for row in conn.execute(sql, {**params, "limit": top, "ids": ids}) if row[0] not in seen]
        rows.sort(key=lambda row: -row[6])  # re-ranked as BM25 ordered them
    return pg_named.mentioned(conn, rows, found)
