"""Schema migrations for the SQLite archive: small functions, each recorded once applied.

A migration is a function of the connection registered with `@migration("name")`;
names sort in the order they must run. Each runs in its own write transaction
together with the row that records it, so a crash leaves it either fully applied
or not at all, and two processes opening a new archive at once cannot both run it.

An archive with an applied migration this version does not know was written by a newer
(or another) marsad and is refused before anything is read or written (`check_known`).
So a module that registers migrations outside this one must be imported whenever the
store is (from `store/sqlite.py` or `store/__init__.py`), or its archives read as newer.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version

from marsad.errors import StoreError

__all__ = ["MIGRATIONS", "Migration", "apply", "check_known", "migration", "pending"]

Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: dict[str, Migration] = {}


def migration(name: str) -> Callable[[Migration], Migration]:
    """Register `func` as the migration `name` (names run in sorted order)."""

    def register(func: Migration) -> Migration:
        if name in MIGRATIONS:
            raise ValueError(f"migration {name!r} is registered twice")
        MIGRATIONS[name] = func
        return func

    return register


def _ensure_table(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")


def _applied(conn: sqlite3.Connection) -> set[str]:
    exists = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='migrations'").fetchone()
    return {row[0] for row in conn.execute("SELECT name FROM migrations")} if exists else set()


def pending(conn: sqlite3.Connection, registry: dict[str, Migration] | None = None) -> list[str]:
    """Names of the migrations not yet applied to this database, in run order."""
    done = _applied(conn)
    return [name for name in sorted(MIGRATIONS if registry is None else registry) if name not in done]


def _version() -> str:
    try:
        return version("marsad")
    except PackageNotFoundError:
        return "(not installed)"


def check_known(conn: sqlite3.Connection, path: str, registry: dict[str, Migration] | None = None) -> None:
    """Refuse an archive that a newer marsad has migrated: its schema may differ in ways this
    version would misread (a renamed column) or damage by writing, so neither happens."""
    known = MIGRATIONS if registry is None else registry
    applied = _applied(conn)
    unknown = sorted(applied - set(known))
    if unknown and not applied & set(known):
        raise StoreError(f"{path!r} is not a marsad archive: its migrations ({', '.join(unknown[:3])}"
                         f"{', …' if len(unknown) > 3 else ''}) are none of marsad's")
    if unknown:
        ours = max(known, default="none")
        raise StoreError(
            f"archive {path!r} was written by a newer marsad: its schema has migration"
            f"{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}, which marsad {_version()} does not know "
            f"(it knows up to {ours}); open it with a marsad that knows {unknown[-1]}"
        )


def apply(conn: sqlite3.Connection, registry: dict[str, Migration] | None = None) -> list[str]:
    """Apply every pending migration, each in its own transaction; return the names applied."""
    registry = MIGRATIONS if registry is None else registry
    applied = []
    for name in pending(conn, registry):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have applied it while we waited for the write lock.
            if name not in _applied(conn):
                _ensure_table(conn)
                registry[name](conn)
                now = datetime.now(UTC).isoformat(timespec="seconds")
                conn.execute("INSERT INTO migrations (name, applied_at) VALUES (?, ?)", (name, now))
                applied.append(name)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return applied


@migration("0001_initial")
def _initial(conn: sqlite3.Connection) -> None:
    """Articles, their full-text index over our terms, inputs done, and the quarantine."""
    conn.execute(
        """CREATE TABLE articles (
            pk INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            url TEXT, source TEXT, title TEXT, author TEXT, published TEXT, lang TEXT,
            text TEXT NOT NULL,
            data TEXT NOT NULL,
            ingested_at TEXT NOT NULL)"""
    )
    conn.execute("CREATE INDEX articles_published ON articles (published)")
    # Contentless: the index holds our terms only; display text lives in `articles`.
    # unicode61 with remove_diacritics 0 only splits on spaces here: our terms are folded already.
    conn.execute(
        """CREATE VIRTUAL TABLE articles_fts USING fts5 (
            title, body, content='', tokenize='unicode61 remove_diacritics 0')"""
    )
    conn.execute(
        """CREATE TABLE inputs (
            origin TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            article_id TEXT REFERENCES articles (id) ON DELETE SET NULL,
            status TEXT NOT NULL,
            at TEXT NOT NULL,
            PRIMARY KEY (origin, fingerprint))"""
    )
    conn.execute(
        """CREATE TABLE quarantine (
            origin TEXT PRIMARY KEY,
            stage TEXT NOT NULL,
            reason TEXT NOT NULL,
            at TEXT NOT NULL,
            article TEXT)"""
    )


@migration("0002_entities")
def _entities(conn: sqlite3.Connection) -> None:
    """Entities and where they are mentioned, so entity search and listings need no scan."""
    conn.execute(
        """CREATE TABLE entities (
            id TEXT PRIMARY KEY,
            type TEXT NOT NULL,
            name_ar TEXT,
            name_en TEXT)"""
    )
    conn.execute(
        """CREATE TABLE mentions (
            entity_id TEXT NOT NULL REFERENCES entities (id),
            article_pk INTEGER NOT NULL REFERENCES articles (pk),
            count INTEGER NOT NULL,
            PRIMARY KEY (entity_id, article_pk))"""
    )
    conn.execute("CREATE INDEX mentions_article ON mentions (article_pk)")
    # Every surface form seen, by its folded key: a search by any name finds the entity.
    conn.execute(
        """CREATE TABLE entity_names (
            entity_id TEXT NOT NULL REFERENCES entities (id),
            name TEXT NOT NULL,
            key TEXT NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (entity_id, name))"""
    )
    conn.execute("CREATE INDEX entity_names_key ON entity_names (key)")


@migration("0009_terms_clitic_chains")
def _terms_clitic_chains(conn: sqlite3.Connection) -> None:
    """Re-index every article: search terms changed (clitic chains before short stems, وب/ول
    pairs, no clitic after the article, Snowball kept from peeling known words), so old
    terms would no longer meet the same query's terms. Costs one pass over the archive."""
    from marsad.search.terms import index_text

    conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('delete-all')")
    for pk, title, text in conn.execute("SELECT pk, title, text FROM articles").fetchall():
        conn.execute("INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)",
                     (pk, index_text(title), index_text(text)))
