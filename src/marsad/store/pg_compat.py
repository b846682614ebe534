"""SQL written once for both archives, run on PostgreSQL: the story, copy and source tables.

The modules that own those tables (store/stories.py, store/sources.py) take a DB-API
connection and write portable SQL with SQLite's `?` placeholders. `Connection` gives
them the same `execute`/`executemany` on a PostgreSQL archive: placeholders become
psycopg's, statements run on the batch's connection when one is open (so they share
its transaction and the writers' lock), else on a pooled one, and every result is
fetched at once so no cursor outlives its connection. The few SQLite functions they
use exist as SQL functions in the PostgreSQL schema (pg_tables.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from functools import lru_cache
from typing import Any

import psycopg

__all__ = ["Connection", "Rows", "dialect"]


@lru_cache(maxsize=512)
def dialect(sql: str) -> str:
    """`sql` with SQLite's `?` placeholders as psycopg's `%s` (a literal % doubled)."""
    return sql.replace("%", "%%").replace("?", "%s")


class Rows:
    """The fetched result of one statement: what callers use of an sqlite3 cursor."""

    def __init__(self, rows: list[tuple], rowcount: int) -> None:
        self._rows = rows
        self._at = 0
        self.rowcount = rowcount

    def fetchone(self) -> tuple | None:
        if self._at >= len(self._rows):
            return None
        self._at += 1
        return self._rows[self._at - 1]

    def fetchall(self) -> list[tuple]:
        rest, self._at = self._rows[self._at :], len(self._rows)
        return rest

    def __iter__(self) -> Iterator[tuple]:
        return iter(self.fetchall())


class Connection:
    """SQLite-style `execute` and `executemany` on a PostgreSQL archive, errors mapped to ours.

    `guard` maps psycopg's errors to the store's; `connect` yields the connection to use.
    """

    def __init__(self, guard: Callable[[], AbstractContextManager[None]],
                 connect: Callable[[], AbstractContextManager[psycopg.Connection]]) -> None:  # fmt: skip
        self._guard = guard
        self._connect = connect

    def execute(self, sql: str, params: Iterable[Any] = ()) -> Rows:
        with self._guard(), self._connect() as conn:
            cursor = conn.execute(dialect(sql), tuple(params))
            return Rows(cursor.fetchall() if cursor.description else [], cursor.rowcount)

    def executemany(self, sql: str, rows: Iterable[Iterable[Any]]) -> None:
        rows = [tuple(row) for row in rows]
        if not rows:
            return
        with self._guard(), self._connect() as conn, conn.cursor() as cursor:
            cursor.executemany(dialect(sql), rows)
