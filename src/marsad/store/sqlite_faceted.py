"""Faceted search on SQLite: the matches of a query and its filters, in order, through FTS5.

`SqliteStore.ranked` and `count_matching` run these. Each case takes the cheap path
SQLite will not find by itself: relevance ranked inside the index; newest first by
walking the `published` index backwards and probing the matches; a join with the
article rows only when a filter needs them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from marsad.search.query import Query
from marsad.store.base import SearchFilters
from marsad.store.dialect import SQLITE

__all__ = ["BODY_WEIGHT", "TITLE_WEIGHT", "count_matching", "ranked"]

# Title terms weigh more than body terms: a word in the headline says what the article is about.
TITLE_WEIGHT, BODY_WEIGHT = 5.0, 1.0


@dataclass(slots=True)
class _Sql:
    """A statement under construction: WHERE clauses and their parameters, in order."""

    where: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, clause: str, *params: Any) -> None:
        self.where.append(clause)
        self.params.extend(params)

    def clause(self) -> str:
        return ("WHERE " + " AND ".join(self.where)) if self.where else ""


def _index_filters(filters: SearchFilters, column: str) -> _Sql:
    """Filters answered from the entity tables alone (no article row needs reading)."""
    sql = _Sql()
    for ids in filters.entity_groups:  # each entity asked for must be named (the ids of one name: any of them)
        marks = ", ".join("?" * len(ids))
        sql.add(f"{column} IN (SELECT article_pk FROM mentions WHERE entity_id IN ({marks}))", *ids)
    if filters.kind:
        sql.add(f"""{column} IN (SELECT m.article_pk FROM mentions m JOIN entities e ON e.id = m.entity_id
                    WHERE e.type = ?)""", filters.kind)
    return sql


def _row_filters(filters: SearchFilters, sql: _Sql) -> _Sql:
    """Filters on the article row (aliased `a`), added to `sql`."""
    for condition, value in SQLITE.row_conditions(filters):
        sql.add(condition.format(p="?"), value)
    return sql


def _matching(fts: str, filters: SearchFilters) -> tuple[str, list]:
    """FTS rows matching the query and the entity filters. `+rowid`: a bare rowid constraint
    would be handed to FTS5, which then runs the whole query once per listed row."""
    sql = _index_filters(filters, "+rowid")
    return " AND ".join(["articles_fts MATCH ?", *sql.where]), [fts, *sql.params]


def ranked(store, query: Query | None, filters: SearchFilters, *, newest: bool, limit: int,
           cap: int) -> tuple[list[tuple[int, float | None]], bool]:
    """(pk, score) of the matches in the asked order, and whether they were all read (see `Store.ranked`)."""
    sql, args, whole = _plan(query.fts if query else None, filters, newest, limit, cap)
    return [(pk, score) for pk, score in store.read(sql, args)], whole


def _plan(fts: str | None, filters: SearchFilters, newest: bool, limit: int, cap: int) -> tuple[str, list, bool]:
    order = "ORDER BY a.published DESC"  # NULLs sort last when descending
    if fts is None or newest:
        sql = _index_filters(filters, "a.pk")
        if fts is not None:
            where, args = _matching(fts, filters)
            sql = _Sql([f"a.pk IN (SELECT rowid FROM articles_fts WHERE {where})"], list(args))
        _row_filters(filters, sql)
        # Counting needs the whole walk when rows are filtered (or, without a query, entities).
        whole = filters.on_rows or (fts is None and bool(sql.where))
        return (f"SELECT a.pk, NULL FROM articles a INDEXED BY articles_published {sql.clause()} {order} LIMIT ?",
                [*sql.params, cap if whole else limit], whole)
    rank = f"bm25(articles_fts, {TITLE_WEIGHT}, {BODY_WEIGHT})"
    where, args = _matching(fts, filters)
    if not filters.on_rows:
        return (f"SELECT rowid, -{rank} FROM articles_fts WHERE {where} ORDER BY {rank} LIMIT ?",
                [*args, limit], False)
    sql = _row_filters(filters, _Sql())
    return (
        f"""SELECT a.pk, -f.r FROM (SELECT rowid, {rank} AS r FROM articles_fts WHERE {where}) f
            JOIN articles a ON a.pk = f.rowid {sql.clause()} ORDER BY f.r LIMIT ?""",
        [*args, *sql.params, cap], True,
    )


def count_matching(store, query: Query | None, filters: SearchFilters, cap: int) -> int:
    """How many articles match the query and the entity filters (every article without a
    query: callers ask only when no filter applies then), counted up to `cap`."""
    if query is None:
        return store.read("SELECT count(*) FROM (SELECT 1 FROM articles LIMIT ?)", (cap,))[0][0]
    where, args = _matching(query.fts, filters)
    return store.read(f"SELECT count(*) FROM (SELECT 1 FROM articles_fts WHERE {where} LIMIT ?)", [*args, cap])[0][0]
