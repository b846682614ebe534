"""A fresh archive store on the backend a test is parametrized with (`params=BACKENDS`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from marsad.store import SqliteStore

BACKENDS = ["sqlite", "postgresql"]


@contextmanager
def fresh_store(request: pytest.FixtureRequest, sqlite_target: Path | str) -> Iterator[object]:
    """SQLite at `sqlite_target`, or a new migrated PostgreSQL archive (skipped as conftest's
    `pg_cluster` says when PostgreSQL is not installed)."""
    if request.param == "sqlite":
        store = SqliteStore(sqlite_target)
    else:
        from marsad.store.postgres import PostgresStore

        store = PostgresStore(request.getfixturevalue("pg_archive_url"))
    with store:
        yield store
