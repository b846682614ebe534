"""The default archive: one SQLite file in WAL mode with an FTS5 index over our terms.

FTS5 cannot call our Python stemmer, so we index the *terms* instead of the text:
`index_text()` turns a title or body into its space-joined search terms and FTS5
(unicode61, diacritics kept) just splits them on spaces. The index is contentless;
display text lives in `articles`, where snippets are cut from.

Every sqlite3 error leaves here as one of ours (errors.py) naming the file, and a
failed write only loses its own batch: what was committed before stays intact.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Self

from marsad import settings
from marsad.alerts import schema as _alert_tables  # noqa: F401  (registers migration 0005_alerts)
from marsad.article import Article, Failure
from marsad.errors import NotFound, QueryError, ReadOnlyStore, StoreError, StoreFull, StoreLocked
from marsad.search import BRACKETS, Marks, index_terms, index_text, indexed_part, parse, snippet
from marsad.search.names import kb_entity_ids, query_names
from marsad.search.query import Query
from marsad.search.rank import RERANK_DEPTH, query_forms, rerank
from marsad.store import entities, migrations, sqlite_faceted, sqlite_search, stats
from marsad.store import stories as story_tables
from marsad.store.base import Hit, QuarantineEntry, SearchFilters, for_index
from marsad.store.sqlite_search import MENTIONING, SEARCH

__all__ = ["SqliteStore"]

MEMORY = ":memory:"
# Primary result codes (extended codes carry them in the low byte).
_PERM, _BUSY, _LOCKED, _READONLY, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 3, 5, 6, 8, 11, 13, 14, 26
_ERROR = 1

# A name mentioned in more articles than this (a country) is left to BM25 to find: the pool holds
# enough of them, and a second full-text pass over its articles would double a broad query's time.
NAMED_POOL_MAX = 2000
_NAMED_COUNT = "SELECT count(*) FROM (SELECT DISTINCT article_pk FROM mentions WHERE entity_id IN ({ids}))"
_MENTIONING = """
    SELECT a.id, a.title, a.url, a.published, a.source, a.text, sum(m.count)
    FROM mentions m JOIN articles a ON a.pk = m.article_pk
    WHERE m.entity_id IN ({ids})
    GROUP BY a.pk ORDER BY a.published DESC, a.pk DESC LIMIT ? OFFSET ?"""
_INSERT = """
    INSERT INTO articles (id, url, source, title, author, published, lang, text, data, ingested_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING"""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SqliteStore:
    """An archive in one SQLite file (`":memory:"` for a throwaway one).

    `readonly=True` opens it for reading only; in a folder nobody may write to, the
    file is opened as immutable (SQLite could not create its WAL index there, and
    nobody can be writing to it either). `max_page_count` caps the file size in
    pages (the disk-full case, testable); `timeout` is how long to wait for another
    writer's lock before StoreLocked.
    """

    dialect = "sqlite"  # for the aggregate views' SQL (store/dialect.py)

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        readonly: bool = False,
        max_page_count: int | None = None,
        timeout: float = 5.0,
    ) -> None:
        self.path = str(path)
        self.readonly = readonly
        self.max_page_count = max_page_count
        self.timeout = timeout
        self._depth = 0  # nesting of batch(); >0 means a transaction is open
        self._term_counts = sqlite_search.TermCounts()
        self._conn: sqlite3.Connection | None = None
        with self._guard():
            self._conn = self._connect()
            try:
                self._prepare()
            except BaseException:
                self.close()
                raise

    # -- opening -----------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        if self.path == MEMORY:
            return self._sqlite(MEMORY, uri=False)
        if os.path.isdir(self.path):
            raise StoreError(f"archive {self.path!r} is a folder, not an archive file (give a file name, e.g. marsad.db)")
        uri = Path(self.path).absolute().as_uri()
        if not self.readonly:
            return self._sqlite(uri + "?mode=rwc")
        if not os.path.exists(self.path):
            raise StoreError(f"archive {self.path!r} does not exist")
        conn = self._sqlite(uri + "?mode=ro")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.OperationalError:
            conn.close()
            if os.access(self._folder(), os.W_OK):
                raise
            # No -shm can be made here, so no one can be writing: safe to read as immutable.
            return self._sqlite(uri + "?mode=ro&immutable=1")

    def _sqlite(self, target: str, uri: bool = True) -> sqlite3.Connection:
        # isolation_level=None: we open and close transactions ourselves (batch()).
        return sqlite3.connect(target, uri=uri, timeout=self.timeout, isolation_level=None)

    def _prepare(self) -> None:
        conn = self._db()
        conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if tables and "migrations" not in tables:
            raise StoreError(f"{self.path!r} is an SQLite database but not a marsad archive")
        migrations.check_known(conn, self.path)
        conn.execute("PRAGMA cache_size = -32000")  # 32 MB: the FTS index pages stay hot
        if self.readonly:
            if not tables:
                raise StoreError(f"{self.path!r} is empty, not a marsad archive")
            if migrations.pending(conn):
                raise StoreError(
                    f"archive {self.path!r} needs an upgrade: open it once without read-only to apply it"
                )
            return
        if conn.execute("PRAGMA journal_mode").fetchone()[0] not in ("wal", "memory"):
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        if self.max_page_count is not None:
            conn.execute(f"PRAGMA max_page_count = {int(self.max_page_count)}")
        migrations.apply(conn)

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(f"archive {self.path!r} is closed")
        return self._conn

    def _folder(self) -> str:
        return os.path.dirname(os.path.abspath(self.path))

    def close(self) -> None:
        """Close the file; a WAL archive is checkpointed back into the one file."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = ", readonly=True" if self.readonly else ""
        return f"SqliteStore({self.path!r}{mode})"

    # -- errors ------------------------------------------------------------------

    @contextmanager
    def _guard(self, query: str | None = None) -> Iterator[None]:
        """Turn sqlite3 errors into ours; with `query`, FTS5 complaints become QueryError."""
        try:
            yield
        except sqlite3.Error as exc:
            code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
            if query is not None and code == _ERROR:
                raise QueryError(f"cannot search for {query!r}: {exc}") from exc
            raise self._translate(exc, code) from exc

    def _translate(self, exc: sqlite3.Error, code: int) -> StoreError:
        name = repr(self.path)
        if code in (_BUSY, _LOCKED):
            return StoreLocked(
                f"archive {name} is locked: another process is writing to it (waited {self.timeout:g} s)"
            )
        if code == _FULL:
            limit = f"the page limit ({self.max_page_count} pages)" if self.max_page_count else "the disk"
            return StoreFull(f"archive {name} is full: {limit} is reached; the current batch was not written")
        if code == _NOTADB:
            return StoreError(f"{name} is not an SQLite database, so not a marsad archive ({exc})")
        if code == _CORRUPT:
            return StoreError(f"archive {name} is damaged: {exc}")
        if code in (_READONLY, _PERM, _CANTOPEN):
            return self._not_writable(exc, code)
        return StoreError(f"archive {name}: {exc}")

    def _not_writable(self, exc: sqlite3.Error, code: int) -> StoreError:
        name, folder = repr(self.path), self._folder()
        if code == _READONLY and self.readonly:
            return ReadOnlyStore(f"archive {name} is read-only: it was opened for reading only")
        if not os.path.isdir(folder):
            return StoreError(f"cannot open archive {name}: folder {folder!r} does not exist")
        if not os.access(folder, os.W_OK):
            hint = "; it can still be opened read-only" if os.path.exists(self.path) else ""
            return ReadOnlyStore(
                f"archive {name} is read-only: folder {folder!r} is not writable{hint} ({exc})"
            )
        if os.path.exists(self.path) and not os.access(self.path, os.W_OK):
            return ReadOnlyStore(f"archive {name} is read-only: the file is not writable ({exc})")
        if code == _READONLY:
            return ReadOnlyStore(f"archive {name} is read-only: {exc}")
        return StoreError(f"cannot open archive {name}: {exc}")

    # -- writing -----------------------------------------------------------------

    @contextmanager
    def batch(self) -> Iterator[None]:
        """One transaction for everything inside; an exception rolls back this batch only.

        Batches nest (as savepoints), so `add()` is atomic on its own and inside a batch.
        """
        conn, depth = self._db(), self._depth
        with self._guard():
            conn.execute("BEGIN IMMEDIATE" if depth == 0 else f"SAVEPOINT batch{depth}")
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth = depth
            self._rollback(depth)
            raise
        self._depth = depth
        self._commit(depth)

    def _commit(self, depth: int) -> None:
        conn = self._db()
        if not conn.in_transaction:
            # SQLite rolls a transaction back by itself after some errors (disk full, I/O).
            raise StoreError(f"archive {self.path!r}: the batch was rolled back after an earlier error")
        try:
            with self._guard():
                conn.execute("COMMIT" if depth == 0 else f"RELEASE batch{depth}")
        except StoreError:
            self._rollback(depth)
            raise

    def _rollback(self, depth: int) -> None:
        conn = self._db()
        if not conn.in_transaction:
            return
        try:
            if depth == 0:
                conn.execute("ROLLBACK")
            else:
                conn.execute(f"ROLLBACK TO batch{depth}")
                conn.execute(f"RELEASE batch{depth}")
        except sqlite3.Error:
            pass  # the original error is what the caller needs to see

    def add(self, article: Article) -> bool:
        """Store `article` and index it; True if new, False if its id is already stored."""
        if not article.id:
            raise ValueError("cannot store an article without an id")
        if article.error is not None:
            raise ValueError(
                f"article {article.id!r} failed at {article.error.stage!r}: quarantine it instead"
            )
        article, body = for_index(article)
        row = (article.id, article.url, article.source, article.title, article.author, article.published,
               article.lang, article.text, _encode(article), _now())  # fmt: skip
        with self.batch(), self._guard():
            cursor = self._db().execute(_INSERT, row)
            if cursor.rowcount == 0:
                return False
            self._index(cursor.lastrowid, article.title, body)
            entities.write(self._db(), cursor.lastrowid, article)
        return True

    def _index(self, pk: int | None, title: str | None, text: str) -> None:
        self._db().execute(
            "INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)",
            (pk, index_text(title), index_text(text)),
        )

    def record_input(
        self, origin: str, fingerprint: str, article_id: str | None = None, *, status: str = "stored"
    ) -> None:
        """Remember that `origin` with this content `fingerprint` was processed (`status`: stored,
        duplicate, dropped…), so a rerun can skip it."""
        with self.batch(), self._guard():
            self._db().execute(
                """INSERT INTO inputs (origin, fingerprint, article_id, status, at) VALUES (?, ?, ?, ?, ?)
                   ON CONFLICT (origin, fingerprint) DO UPDATE
                   SET article_id = excluded.article_id, status = excluded.status, at = excluded.at""",
                (origin, fingerprint, article_id, status, _now()),
            )

    def input_done(self, origin: str, fingerprint: str) -> bool:
        """True if `origin` with this exact content was processed in an earlier run."""
        with self._guard():
            sql = "SELECT 1 FROM inputs WHERE origin = ? AND fingerprint = ?"
            return self._db().execute(sql, (origin, fingerprint)).fetchone() is not None

    def quarantine(self, origin: str, failure: Failure, article: Article | None = None) -> None:
        """Keep `origin` in quarantine with why it failed; a later failure replaces the entry."""
        data = article.to_json() if article is not None else None
        if data is not None and not _encodable(data):
            # A lone surrogate (from a stage, or a caller that skipped the readers) cannot be
            # written as UTF-8; JSON's own escapes keep every character of the record.
            data = json.dumps(article.to_dict())  # type: ignore[union-attr]
        origin, reason = _printable(origin), _printable(failure.reason)
        with self.batch(), self._guard():
            self._db().execute(
                """INSERT INTO quarantine (origin, stage, reason, at, article) VALUES (?, ?, ?, ?, ?)
                   ON CONFLICT (origin) DO UPDATE SET stage = excluded.stage, reason = excluded.reason,
                   at = excluded.at, article = excluded.article""",
                (origin, failure.stage, reason, _now(), data),
            )

    def release(self, origin: str) -> bool:
        """Take `origin` out of quarantine (a rerun got it through); True if it was there."""
        with self.batch(), self._guard():
            return self._db().execute("DELETE FROM quarantine WHERE origin = ?", (origin,)).rowcount > 0

    def reindex(self) -> int:
        """Rebuild the search index from stored articles (after the stemmer changed); return the count."""
        with self.batch(), self._guard():
            conn = self._db()
            conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('delete-all')")
            rows = conn.execute("SELECT pk, title, text FROM articles").fetchall()
            limit = int(settings.get("max_index_chars"))
            for pk, title, text in rows:
                self._index(pk, title, indexed_part(text, limit))
        return len(rows)

    def optimize(self) -> None:
        """Merge the search index into one segment: faster queries after a large ingest."""
        with self.batch(), self._guard():
            self._db().execute("INSERT INTO articles_fts (articles_fts) VALUES ('optimize')")

    # -- reading -----------------------------------------------------------------

    def article(self, id: str) -> Article:
        """The stored article with this id, with its story and provenance; NotFound if there is none."""
        with self._guard():
            row = self._db().execute("SELECT text, data FROM articles WHERE id = ?", (id,)).fetchone()
            links = story_tables.overlay(self._db(), id) if row is not None else None
        if row is None:
            raise NotFound(f"no article with id {id!r} in archive {self.path!r}")
        return story_tables.with_links(_decode(*row), links)

    def rewrite(self, article: Article) -> None:
        """Store a stored article's record again after the pipeline re-ran a stage on it (same id, same text)."""
        with self.batch(), self._guard():
            self._db().execute("UPDATE articles SET data = ? WHERE id = ?", (_encode(article), article.id))

    def pk(self, id: str) -> int | None:
        """The row number of a stored article (what the link tables key on)."""
        with self._guard():
            row = self._db().execute("SELECT pk FROM articles WHERE id = ?", (id,)).fetchone()
        return row[0] if row else None

    def connection(self) -> sqlite3.Connection:
        """The open connection, for the story and copy tables (store/stories.py) to run their SQL on."""
        return self._db()

    def reopened(self) -> SqliteStore:
        """Another connection to the same file, for a thread that writes on its own."""
        return SqliteStore(self.path, readonly=self.readonly, timeout=self.timeout)

    def ids(self) -> Iterator[str]:
        """Every stored article id, in the order they were stored."""
        with self._guard():
            rows = self._db().execute("SELECT id FROM articles ORDER BY pk")
            for (article_id,) in rows:
                yield article_id

    def count(self, query: str | None = None) -> int:
        """How many articles are stored, or match `query`."""
        if query is None:
            with self._guard():
                return self._db().execute("SELECT count(*) FROM articles").fetchone()[0]
        fts = parse(query).fts
        with self._guard(query):
            sql = "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?"
            return self._db().execute(sql, (fts,)).fetchone()[0]

    def matches(self, query: str) -> Iterator[str]:
        """Ids of every article matching `query`, in the order they were stored (for export:
        no ranking, no snippets, read as the caller goes)."""
        fts = parse(query).fts
        sql = ("SELECT a.id FROM articles_fts f JOIN articles a ON a.pk = f.rowid "
               "WHERE articles_fts MATCH ? ORDER BY f.rowid")
        with self._guard(query):
            rows = self._db().execute(sql, (fts,))
            for (article_id,) in rows:
                yield article_id

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
        marks_ids = ", ".join("?" * len(entity_ids or []))
        if query is None or not query.strip():
            if not entity_ids:
                parse(query or "")  # raises the clear "no words" error
            names = self._names_of(entity_ids)
            with self._guard():
                rows = self._db().execute(_MENTIONING.format(ids=marks_ids), (*entity_ids, limit, offset)).fetchall()
            terms = set(index_terms(" ".join(names)))
            return [
                Hit(id, title, url, float(score), snippet(text, terms, marks=marks), published, source)
                for id, title, url, published, source, text, score in rows
            ]
        parsed = parse(query)
        # The best RERANK_DEPTH matches are re-ranked by their titles, so the page is cut after that.
        pool = max(RERANK_DEPTH, offset + limit)
        with self._guard(query):
            if entity_ids is None:
                db = self._db()
                version = (db.execute("PRAGMA data_version").fetchone()[0], db.total_changes)
                rows = sqlite_search.pool(db, parsed, pool, self._term_counts, version)
            else:
                sql = SEARCH.format(within=MENTIONING.format(ids=marks_ids))
                rows = self._db().execute(sql, (parsed.fts, *entity_ids, pool, 0)).fetchall()
            named = None if entity_ids is not None else self._named(query, parsed.fts, pool, rows)
        ranked = rerank(rows, query_forms(query), title=lambda row: row[1], score=lambda row: row[6],
                        depth=max(RERANK_DEPTH, len(rows)) if named else RERANK_DEPTH, named=named)
        page = ranked[offset : offset + limit]
        with self._guard():
            text = sqlite_search.texts(self._db(), [row[5] for _, row in page])
        return [
            Hit(id, title, url, score, snippet(text[pk], parsed.terms, marks=marks), published, source)
            for score, (id, title, url, published, source, pk, _) in page
        ]

    def _named(self, query: str, fts: str, pool: int, rows: list[tuple]) -> Callable[[tuple], int] | None:
        """For a query that names entities (`search.names`): the articles mentioning them join
        `rows` (BM25 may have left them out when a name's stem is a common word), and the
        function that says how many of the names a row's article mentions; None otherwise."""
        names = self._query_names(query)
        if not names:
            return None
        ids = sorted(set().union(*names))
        marks = ", ".join("?" * len(ids))
        if self._db().execute(_NAMED_COUNT.format(ids=marks), ids).fetchone()[0] <= NAMED_POOL_MAX:
            seen = {row[0] for row in rows}
            named_rows = self._db().execute(SEARCH.format(within=MENTIONING.format(ids=marks)), (fts, *ids, pool, 0))
            rows += [row for row in named_rows if row[0] not in seen]
            rows.sort(key=lambda row: -row[6])  # re-ranked as BM25 ordered them
        mentioned = self._mentioned([row[0] for row in rows], ids)
        return lambda row: sum(not name.isdisjoint(mentioned.get(row[0], ())) for name in names)

    def _query_names(self, query: str) -> list[frozenset[str]]:
        """The names in `query` (`search.names`): archive-seen names from `entity_names`, known
        ones from the knowledge base; none looked up in an archive that holds no entities."""
        db = self._db()
        if db.execute("SELECT 1 FROM mentions LIMIT 1").fetchone() is None:
            return []

        def ids_of(keys: list[str]) -> dict[str, set[str]]:
            found = kb_entity_ids(keys)
            sql = f"SELECT key, entity_id FROM entity_names WHERE key IN ({', '.join('?' * len(keys))})"
            for key, entity_id in db.execute(sql, keys):
                found.setdefault(key, set()).add(entity_id)
            return found

        return query_names(query, ids_of)

    def _mentioned(self, article_ids: list[str], entity_ids: list[str]) -> dict[str, set[str]]:
        """Which of `entity_ids` each of `article_ids` mentions."""
        sql = (f"SELECT a.id, m.entity_id FROM articles a JOIN mentions m ON m.article_pk = a.pk "
               f"WHERE a.id IN ({', '.join('?' * len(article_ids))}) "
               f"AND m.entity_id IN ({', '.join('?' * len(entity_ids))})")
        found: dict[str, set[str]] = {}
        for article_id, entity_id in self._db().execute(sql, (*article_ids, *entity_ids)):
            found.setdefault(article_id, set()).add(entity_id)
        return found

    def _names_of(self, entity_ids: list[str]) -> list[str]:
        marks_ids = ", ".join("?" * len(entity_ids))
        sql = f"SELECT DISTINCT name FROM entity_names WHERE entity_id IN ({marks_ids})"
        with self._guard():
            return [name for (name,) in self._db().execute(sql, entity_ids)]

    def ranked(self, query: Query | None, filters: SearchFilters, *, newest: bool, limit: int,
               cap: int) -> tuple[list[tuple[int, float | None]], bool]:
        """The matches of a faceted search in order, and whether all were read (see `Store.ranked`)."""
        return sqlite_faceted.ranked(self, query, filters, newest=newest, limit=limit, cap=cap)

    def count_matching(self, query: Query | None, filters: SearchFilters, cap: int) -> int:
        """How many articles match `query` and the entity filters, up to `cap`."""
        return sqlite_faceted.count_matching(self, query, filters, cap)

    def facets(self, pks: list[int], limit: int = 10) -> dict[str, list[dict]]:
        """Counts over these articles by entity, place, type, topic, source and month (stats.py)."""
        return stats.facets(self, pks, limit)

    def read(self, sql: str, params: tuple | list = ()) -> list[tuple]:
        """Rows of one read-only SQL statement: for aggregate views (overview, timelines) built
        outside this module, with errors mapped to ours like every other call."""
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            raise ValueError("read() runs SELECT statements only")
        with self._guard():
            return self._db().execute(sql, params).fetchall()

    def execute(self, sql: str, params: tuple | list = ()) -> sqlite3.Cursor:
        """Run one statement on tables another package owns (alerts), errors mapped to ours;
        wrap several in `batch()` to make them one transaction."""
        with self._guard():
            return self._db().execute(sql, params)

    def executemany(self, sql: str, rows: list[tuple]) -> None:
        """One statement over many rows (see `execute`)."""
        with self._guard():
            self._db().executemany(sql, rows)

    def resolve_entity(self, id_or_name: str) -> list[str]:
        """Stored entity ids that `id_or_name` means: the id itself, or every entity seen under that name."""
        with self._guard():
            return entities.resolve(self._db(), id_or_name)

    def entities(self, kind: str | None = None, limit: int = 50) -> list[entities.EntitySummary]:
        """Entities by how many articles mention them, with the names they were seen under."""
        with self._guard():
            return entities.summaries(self._db(), kind, limit)

    def quarantined(self) -> list[QuarantineEntry]:
        """Every quarantined input, oldest first."""
        with self._guard():
            sql = "SELECT origin, stage, reason, at, article FROM quarantine ORDER BY at, origin"
            return [QuarantineEntry(*row) for row in self._db().execute(sql)]


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _printable(text: str) -> str:
    return text if _encodable(text) else text.encode("utf-8", "backslashreplace").decode("utf-8")


def _encode(article: Article) -> str:
    """The article's JSON without what the row holds anyway (text; paragraphs when they split from it)."""
    data = article.to_dict()
    del data["text"]
    if article.text.split("\n\n") == article.paragraphs:
        del data["paragraphs"]  # about half the file for plain articles
    return json.dumps(data, ensure_ascii=False)


def _decode(text: str, data: str) -> Article:
    values = json.loads(data)
    values["text"] = text
    values.setdefault("paragraphs", text.split("\n\n"))
    return Article.from_dict(values)
