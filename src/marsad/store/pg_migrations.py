"""Schema migrations for the PostgreSQL archive, named like their SQLite twins.

The same shape as `migrations.py`: small functions registered with `@migration(name)`,
run in name order, each in its own transaction with the row that records it. A
transaction-scoped advisory lock makes processes that open a new archive at once
take turns, so each migration runs exactly once. An archive holding a migration
this marsad does not know was written by a newer marsad and is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import psycopg

__all__ = ["MIGRATIONS", "Migration", "apply", "applied", "migration", "pending", "unknown"]

Migration = Callable[[psycopg.Connection], None]
MIGRATIONS: dict[str, Migration] = {}
# pg_advisory_xact_lock key: "marsad migrate" in ASCII, as one bigint.
MIGRATE_LOCK = 0x6D61727361646D67


def migration(name: str) -> Callable[[Migration], Migration]:
    """Register `func` as the migration `name` (names run in sorted order)."""

    def register(func: Migration) -> Migration:
        if name in MIGRATIONS:
            raise ValueError(f"migration {name!r} is registered twice")
        MIGRATIONS[name] = func
        return func

    return register


def applied(conn: psycopg.Connection) -> set[str]:
    """Names of the migrations recorded in this database (none for an empty one)."""
    exists = conn.execute("SELECT to_regclass('migrations') IS NOT NULL").fetchone()[0]
    return {row[0] for row in conn.execute("SELECT name FROM migrations")} if exists else set()


def pending(conn: psycopg.Connection, registry: dict[str, Migration] | None = None) -> list[str]:
    """Names of the migrations not yet applied to this database, in run order."""
    done = applied(conn)
    return [name for name in sorted(MIGRATIONS if registry is None else registry) if name not in done]


def unknown(conn: psycopg.Connection, registry: dict[str, Migration] | None = None) -> list[str]:
    """Migrations recorded in the database that this marsad does not have: a newer schema."""
    return sorted(applied(conn) - set(MIGRATIONS if registry is None else registry))


def apply(conn: psycopg.Connection, registry: dict[str, Migration] | None = None) -> list[str]:
    """Apply every pending migration, each in its own transaction; return the names applied.

    `conn` must be in autocommit mode (transactions are opened here).
    """
    registry = MIGRATIONS if registry is None else registry
    done = []
    for name in pending(conn, registry):
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATE_LOCK,))
            if name in applied(conn):  # another process applied it while we waited
                continue
            conn.execute("CREATE TABLE IF NOT EXISTS migrations (name text PRIMARY KEY, applied_at text NOT NULL)")
            registry[name](conn)
            now = datetime.now(UTC).isoformat(timespec="seconds")
            conn.execute("INSERT INTO migrations (name, applied_at) VALUES (%s, %s)", (name, now))
            done.append(name)
    return done


@migration("0001_initial")
def _initial(conn: psycopg.Connection) -> None:
    """Articles with their search terms in a tsvector under GIN, inputs done, and the quarantine.

    `terms` holds our own folded, stemmed terms (title weighted A, body D) built in
    Python, so PostgreSQL's parser never sees the text. `top_terms` (the
    article's 32 most frequent terms with their counts: small, in the row, under its
    own GIN) picks and orders candidates cheaply when a query matches many articles. `length` (terms in title and body) and the one-row
    `totals` give BM25 its document and average lengths.
    """
    conn.execute(
        """CREATE TABLE articles (
            pk bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            id text NOT NULL UNIQUE,
            url text, source text, title text, author text, published text, lang text,
            text text NOT NULL,
            data text NOT NULL,
            ingested_at text NOT NULL,
            terms tsvector NOT NULL,
            top_terms tsvector NOT NULL,
            length integer NOT NULL)"""
    )
    conn.execute("CREATE INDEX articles_published ON articles (published)")
    conn.execute("CREATE INDEX articles_terms ON articles USING gin (terms)")
    conn.execute("CREATE INDEX articles_top_terms ON articles USING gin (top_terms)")
    conn.execute("CREATE TABLE totals (one boolean PRIMARY KEY DEFAULT true CHECK (one), "
                 "articles bigint NOT NULL, terms bigint NOT NULL)")  # fmt: skip
    conn.execute("INSERT INTO totals (articles, terms) VALUES (0, 0)")
    conn.execute(
        """CREATE TABLE inputs (
            origin text NOT NULL,
            fingerprint text NOT NULL,
            article_id text REFERENCES articles (id) ON DELETE SET NULL,
            status text NOT NULL,
            at text NOT NULL,
            PRIMARY KEY (origin, fingerprint))"""
    )
    conn.execute(
        """CREATE TABLE quarantine (
            origin text PRIMARY KEY,
            stage text NOT NULL,
            reason text NOT NULL,
            at text NOT NULL,
            article text)"""
    )


@migration("0002_entities")
def _entities(conn: psycopg.Connection) -> None:
    """Entities and where they are mentioned, so entity search and listings need no scan."""
    conn.execute("CREATE TABLE entities (id text PRIMARY KEY, type text NOT NULL, name_ar text, name_en text)")
    conn.execute(
        """CREATE TABLE mentions (
            entity_id text NOT NULL REFERENCES entities (id),
            article_pk bigint NOT NULL REFERENCES articles (pk),
            count integer NOT NULL,
            PRIMARY KEY (entity_id, article_pk))"""
    )
    conn.execute("CREATE INDEX mentions_article ON mentions (article_pk)")
    conn.execute(
        """CREATE TABLE entity_names (
            entity_id text NOT NULL REFERENCES entities (id),
            name text NOT NULL,
            key text NOT NULL,
            count integer NOT NULL,
            PRIMARY KEY (entity_id, name))"""
    )
    conn.execute("CREATE INDEX entity_names_key ON entity_names (key)")
