"""Faceted search on PostgreSQL: the matches of a query and its filters, in order, through GIN.

The twin of `sqlite_faceted.py`, with the same answers: relevance is BM25 as
`pg_search` computes it for `PostgresStore.search` (every match ranked when a
filter applies; the impact-list pool first when none does), newest first is the
published order with undated articles last and ties newest stored first, as
SQLite's backward walk of its index gives them. Dates compare byte-wise (`COLLATE
"C"`), as SQLite compares them, whatever the database's collation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import psycopg

from marsad.search.query import Query
from marsad.store.base import SearchFilters
from marsad.store.dialect import POSTGRESQL
from marsad.store.pg_search import ranking, tsquery

__all__ = ["count_matching", "ranked"]

POOL = 300  # as PostgresStore.search: each query word's best articles first, when no filter applies


@dataclass(slots=True)
class _Where:
    """AND clauses on `articles a` with their named parameters."""

    clauses: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)

    def add(self, clause: str, value: Any) -> None:
        name = f"f{len(self.params)}"
        self.clauses.append(clause.format(p=f"%({name})s"))
        self.params[name] = value

    def extra(self) -> str:
        return "".join(f" AND {clause}" for clause in self.clauses)


def _filters(filters: SearchFilters, rows: bool = True) -> _Where:
    where = _Where()
    for ids in filters.entity_groups:
        where.add("a.pk IN (SELECT article_pk FROM mentions WHERE entity_id = ANY({p}))", list(ids))
    if filters.kind:
        where.add("a.pk IN (SELECT m.article_pk FROM mentions m JOIN entities e ON e.id = m.entity_id "
                  "WHERE e.type = {p})", filters.kind)  # fmt: skip
    if rows:
        for condition, value in POSTGRESQL.row_conditions(filters):
            where.add(condition, value)
    return where


def ranked(conn: psycopg.Connection, query: Query | None, filters: SearchFilters, *, newest: bool, limit: int,
           cap: int, exact: int) -> tuple[list[tuple[int, float | None]], bool]:
    """(pk, score) of the matches in the asked order, and whether they were all read (see `Store.ranked`)."""
    where = _filters(filters)
    if query is None or newest:
        if query is not None:
            where.add("a.terms @@ {p}::tsquery", tsquery(query.node))
        whole = filters.on_rows or (query is None and bool(where.clauses))
        condition = " AND ".join(where.clauses) or "true"
        sql = (f"SELECT a.pk, NULL::float8 FROM articles a WHERE {condition} "
               "ORDER BY a.published DESC NULLS LAST, a.pk DESC LIMIT %(limit)s")
        return conn.execute(sql, {**where.params, "limit": cap if whole else limit}).fetchall(), whole
    whole = filters.on_rows
    plan = ranking(conn, query, within=False, exact=exact)
    tries = (max(POOL, 4 * limit), None) if plan.pooled and not where.clauses else (None,)
    for per in tries:
        sql, params = plan.scored(per, where.extra())
        rows = conn.execute(sql, {**params, **where.params, "limit": cap if whole else limit}).fetchall()
        if len(rows) >= limit:
            break
    return [(pk, float(score)) for pk, score in rows], whole


def count_matching(conn: psycopg.Connection, query: Query | None, filters: SearchFilters, cap: int) -> int:
    """How many articles match the query and the entity filters, counted up to `cap`."""
    where = _filters(filters, rows=False)
    if query is not None:
        where.add("a.terms @@ {p}::tsquery", tsquery(query.node))
    condition = " AND ".join(where.clauses) or "true"
    sql = f"SELECT count(*) FROM (SELECT 1 FROM articles a WHERE {condition} LIMIT %(cap)s) found"
    return conn.execute(sql, {**where.params, "cap": cap}).fetchone()[0]
