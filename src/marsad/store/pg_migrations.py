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


@migration("0002b_pg_search_lexicon")
def _search_lexicon(conn: psycopg.Connection) -> None:
    """Per-term document counts and per-term impact lists, so search reads no more than a pool.

    `lexicon` holds each term's number of articles (BM25's idf is then a key lookup,
    not a count over every match). `impacts` lists, for each of an article's top terms,
    its BM25 term weight (count and length, k1 1.2, b 0.75, against the average length
    when written); its index hands out a term's best articles first, so a query
    matching a large share of the archive draws its pool from a few index pages. Both
    are filled here from the articles already stored.
    """
    conn.execute("CREATE TABLE lexicon (id integer GENERATED ALWAYS AS IDENTITY UNIQUE, "
                 "term text PRIMARY KEY, docs bigint NOT NULL)")  # fmt: skip
    conn.execute("CREATE TABLE impacts (term_id integer NOT NULL, impact real NOT NULL, article_pk bigint NOT NULL)")
    conn.execute(
        """INSERT INTO lexicon (term, docs)
           SELECT term, count(*) FROM articles, unnest(tsvector_to_array(terms)) term GROUP BY term ORDER BY term"""
    )
    conn.execute(f"INSERT INTO impacts (term_id, impact, article_pk) {IMPACTS} ORDER BY 1, 2 DESC",
                 {"pks": None})  # fmt: skip
    conn.execute("CREATE INDEX impacts_term ON impacts (term_id, impact DESC) INCLUDE (article_pk)")


# Each top term's BM25 weight in its article (top_terms holds min(count, 24) positions per term),
# for the articles `pks` (all when NULL); also used by the store when it writes a batch.
IMPACTS = """
    SELECT l.id, (n * 2.2 / (n + 1.2 * (0.25 + 0.75 * a.length / avg.v)))::real, a.pk
    FROM articles a
    CROSS JOIN (SELECT CASE WHEN articles > 0 AND terms > 0 THEN terms::float8 / articles ELSE 1 END AS v
                FROM totals) avg
    CROSS JOIN LATERAL (SELECT lexeme, array_length(positions, 1) AS n FROM unnest(a.top_terms)) t
    JOIN lexicon l ON l.term = t.lexeme
    WHERE %(pks)s::bigint[] IS NULL OR a.pk = ANY(%(pks)s::bigint[])"""


@migration("0005_pg_newest_first")
def _newest_first(conn: psycopg.Connection) -> None:
    """Newest first as the web lists articles (undated last, ties newest stored first), read
    from an index: SQLite walks its published index backwards for this; here without this
    index the newest page of a large archive would sort every row."""
    conn.execute("CREATE INDEX articles_newest ON articles (published DESC NULLS LAST, pk DESC)")
