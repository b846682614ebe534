"""Which store an archive location means: a `postgresql://` URL or an SQLite file path.

The CLI's `--db`, `MARSAD_DB` and `Archive(path)` all go through `open_store`, so every
command works on either backend. psycopg is imported only when a URL asks for it.
"""

from __future__ import annotations

import os
from pathlib import Path

from marsad.store.base import Store

__all__ = ["SCHEMES", "is_url", "location", "open_store"]

SCHEMES = ("postgresql://", "postgres://")


def is_url(target: object) -> bool:
    """True when an archive location names a PostgreSQL server rather than an SQLite file."""
    return isinstance(target, str) and target.startswith(SCHEMES)


def location(target: str | os.PathLike[str]) -> str | Path:
    """An archive location as the rest of marsad holds it: a URL stays a string, a file is a Path."""
    return target if is_url(target) else Path(target)


def open_store(target: str | os.PathLike[str], *, readonly: bool = False, **options) -> Store:
    """Open the archive at `target`: PostgresStore for a URL, SqliteStore for a path.

    `options` go to the store (`timeout` for both; `max_page_count` for SQLite only).
    """
    if is_url(target):
        from marsad.store.postgres import PostgresStore

        return PostgresStore(str(target), readonly=readonly, **options)
    from marsad.store.sqlite import SqliteStore

    return SqliteStore(Path(target), readonly=readonly, **options)
