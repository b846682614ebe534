"""SQLite's pool for a broad query, on PostgreSQL: the matches whose headline holds a query word.

SQLite (`sqlite_search.pool`) ranks a broad query (more than `BROAD` matches by its
words' counts) whose words' headlines number at most half its matches over the matches
whose headline holds one of its words, when they fill the re-ranked rows (the re-ranking
lifts exactly those articles). PostgreSQL follows the same rule on the same counts, so
both backends put the same articles on the first page; the headlines are found through a
GIN index on the title part of the terms (`ts_filter(terms, '{a}')`: title positions
are weighted A), which answers without reading any article's terms.
"""

from __future__ import annotations

import psycopg

from marsad.search.query import Node, Not, Or, Query, Term
from marsad.store.pg_migrations import migration
from marsad.store.sqlite_search import BROAD

__all__ = ["TITLES", "headlines"]

TITLES = "ts_filter(a.terms, '{a}')"  # the title's terms, under their own GIN index
_COUNT = "SELECT count(*) FROM articles a WHERE " + TITLES + " @@ %s::tsquery"


@migration("0011_pg_title_terms")
def _title_terms(conn: psycopg.Connection) -> None:
    """A GIN index on each article's title terms, for the broad-query headline pool."""
    conn.execute("CREATE INDEX IF NOT EXISTS articles_title_terms ON articles USING gin (ts_filter(terms, '{a}'))")


def headlines(conn: psycopg.Connection, query: Query, docs: dict[str, int]) -> str | None:
    """The tsquery of "the headline holds one of the query's words" when SQLite would draw
    the pool from those articles (`sqlite_search.pool`'s rule, on `docs`: each term's
    article count), else None."""
    terms = sorted(query.terms)
    matches = _matches(query.node, docs) if terms else 0
    if matches <= BROAD:
        return None
    either = " | ".join(_quote(term) for term in terms)
    titled = sum(conn.execute(_COUNT, (_quote(term),)).fetchone()[0] for term in terms)
    return either if titled <= matches // 2 else None


def _matches(node: Node, docs: dict[str, int]) -> int:
    """At most how many articles `node` matches, as `sqlite_search._matches` counts them."""
    if isinstance(node, Term):
        return min(docs.get(term, 0) for term in node.terms)
    if isinstance(node, Not):
        return _matches(node.keep, docs)
    found = [_matches(part, docs) for part in node.parts]
    return sum(found) if isinstance(node, Or) else min(found)


def _quote(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"
