"""Name queries on PostgreSQL as on SQLite: articles that mention the named entity come first.

`SqliteStore._named` (store/sqlite.py): for a query that names entities (`search.names`:
names seen in this archive, known ones from the knowledge base), the articles mentioning
them join the BM25 rows when they are few enough (an article whose name's stem is a common
word may miss the pool), and the re-ranking puts rows naming more of them first. Without
this step PostgreSQL's first page differed from SQLite's on name queries (إيران, الأمم
المتحدة, الهلال النصر) while every other query agreed.
"""

from __future__ import annotations

from collections.abc import Callable

import psycopg

from marsad.search.names import kb_entity_ids, query_names
from marsad.store.pg_entities import articles_mentioning

__all__ = ["NAMED_POOL_MAX", "names", "mentioned"]

NAMED_POOL_MAX = 2000  # as SQLite's: a name mentioned in more articles (a country) is left to BM25 to find


def names(conn: psycopg.Connection, query: str) -> list[frozenset[str]]:
    """The names in `query`, each as the entity ids it may stand for; none in an archive that
    holds no entities (as `SqliteStore._query_names`)."""
    if conn.execute("SELECT 1 FROM mentions LIMIT 1").fetchone() is None:
        return []

    def ids_of(keys: list[str]) -> dict[str, set[str]]:
        found = kb_entity_ids(keys)
        for key, entity_id in conn.execute("SELECT key, entity_id FROM entity_names WHERE key = ANY(%s)", (keys,)):
            found.setdefault(key, set()).add(entity_id)
        return found

    return query_names(query, ids_of)


def few(conn: psycopg.Connection, entity_ids: list[str]) -> int | None:
    """How many articles mention any of `entity_ids`, when at most NAMED_POOL_MAX (else None)."""
    count = articles_mentioning(conn, entity_ids, NAMED_POOL_MAX)
    return count if count <= NAMED_POOL_MAX else None


def mentioned(conn: psycopg.Connection, rows: list[tuple], found: list[frozenset[str]]) -> Callable[[tuple], int]:
    """The function that says how many of the names a row's article (its id first) mentions."""
    ids = sorted(set().union(*found))
    sql = ("SELECT a.id, m.entity_id FROM articles a JOIN mentions m ON m.article_pk = a.pk "
           "WHERE a.id = ANY(%s) AND m.entity_id = ANY(%s)")  # fmt: skip
    seen: dict[str, set[str]] = {}
    for article_id, entity_id in conn.execute(sql, ([row[0] for row in rows], ids)):
        seen.setdefault(article_id, set()).add(entity_id)
    return lambda row: sum(not name.isdisjoint(seen.get(row[0], ())) for name in found)
