"""The watched sources, the pages found through them, and HTTP validators per URL.

Kept apart from `sqlite.py`: these tables serve `marsad watch` and the sources
pages, not articles and search. A page row is what makes one article URL fetched
once: it is written when the URL is first seen, marked stored or failed after, and
a failed one is tried again on later cycles until `fetch_page_attempts`.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from marsad.store.migrations import migration

if TYPE_CHECKING:
    from marsad.store.sqlite import SqliteStore

__all__ = ["SourceRow", "SourceTables"]


@migration("0004_sources")
def _sources(conn: sqlite3.Connection) -> None:
    """Sources to watch, pages seen through them, and validators for conditional GETs."""
    conn.execute(
        """CREATE TABLE sources (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            url TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            every INTEGER NOT NULL,
            added_at TEXT NOT NULL,
            last_fetch TEXT, next_due TEXT NOT NULL,
            failures INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            polls INTEGER NOT NULL DEFAULT 0,
            polls_304 INTEGER NOT NULL DEFAULT 0)"""
    )
    conn.execute(
        """CREATE TABLE source_pages (
            url TEXT PRIMARY KEY,
            source_id INTEGER REFERENCES sources (id) ON DELETE SET NULL,
            status TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            published TEXT,
            article_id TEXT,
            error TEXT,
            first_seen TEXT NOT NULL,
            last_try TEXT)"""
    )
    conn.execute("CREATE INDEX source_pages_source ON source_pages (source_id, status)")
    conn.execute("CREATE TABLE http_validators (url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, at TEXT NOT NULL)")


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(slots=True)
class SourceRow:
    """One watched source as `sources list` and the web pages show it."""

    id: int
    name: str
    url: str
    kind: str
    every: int
    added_at: str
    last_fetch: str | None
    next_due: str
    failures: int
    last_error: str | None
    polls: int
    polls_304: int
    articles: int = 0
    pages_failed: int = 0

    @property
    def share_304(self) -> float | None:
        """Share of polls the server answered 'not modified' (None before the first poll)."""
        return self.polls_304 / self.polls if self.polls else None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: every column, the counts, and the 304 share."""
        data = {name: getattr(self, name) for name in self.__slots__}
        data["share_304"] = self.share_304
        return data


_SELECT = """SELECT s.id, s.name, s.url, s.kind, s.every, s.added_at, s.last_fetch, s.next_due, s.failures,
       s.last_error, s.polls, s.polls_304,
       (SELECT count(*) FROM source_pages p WHERE p.source_id = s.id AND p.status = 'stored'),
       (SELECT count(*) FROM source_pages p WHERE p.source_id = s.id AND p.status = 'failed')
    FROM sources s"""


class SourceTables:
    """Reads and writes of the source tables through an open archive's connection."""

    def __init__(self, store: SqliteStore) -> None:
        self.store = store  # or a PostgresStore: its connection() runs this SQL there (store/pg_compat.py)

    def _run(self, sql: str, params: tuple = ()) -> sqlite3.Cursor:
        with self.store._guard():
            return self.store.connection().execute(sql, params)

    # -- sources ---------------------------------------------------------------

    def add(self, name: str, url: str, kind: str, every: int) -> SourceRow:
        """Register a source, due at once; raises ValueError if the name or URL is taken."""
        clash = self._run("SELECT name FROM sources WHERE name = ? OR url = ?", (name, url)).fetchone()
        if clash:
            raise ValueError(f"a source with this name or URL is already watched: {clash[0]!r}")
        at = now_iso()
        self._run("INSERT INTO sources (name, url, kind, every, added_at, next_due) VALUES (?, ?, ?, ?, ?, ?)",
                  (name, url, kind, every, at, at))
        return self.get(name)

    def get(self, name_or_url: str) -> SourceRow | None:
        row = self._run(f"{_SELECT} WHERE s.name = ? OR s.url = ?", (name_or_url, name_or_url)).fetchone()
        return SourceRow(*row) if row else None

    def all(self) -> list[SourceRow]:
        return [SourceRow(*row) for row in self._run(f"{_SELECT} ORDER BY s.name")]

    def names(self) -> set[str]:
        return {row[0] for row in self._run("SELECT name FROM sources")}

    def remove(self, name_or_url: str) -> SourceRow | None:
        """Stop watching a source; its stored articles stay in the archive."""
        row = self.get(name_or_url)
        if row is not None:
            self._run("DELETE FROM sources WHERE id = ?", (row.id,))
        return row

    def due(self, at: str) -> list[SourceRow]:
        return [SourceRow(*row) for row in self._run(f"{_SELECT} WHERE s.next_due <= ? ORDER BY s.next_due", (at,))]

    def polled(self, source_id: int, *, not_modified: bool, error: str | None, next_due: str) -> None:
        """Record one poll: its time, whether it was a 304, its error, and when the next is due."""
        self._run(
            """UPDATE sources SET last_fetch = ?, next_due = ?, polls = polls + 1, polls_304 = polls_304 + ?,
                   last_error = ?, failures = CASE WHEN CAST(? AS TEXT) IS NULL THEN 0 ELSE failures + 1 END WHERE id = ?""",
            (now_iso(), next_due, int(not_modified), error, error, source_id),
        )

    # -- pages -----------------------------------------------------------------

    def to_fetch(self, url: str, attempts: int) -> bool:
        """True if `url` was never seen, or failed fewer than `attempts` times."""
        row = self._run("SELECT status, attempts FROM source_pages WHERE url = ?", (url,)).fetchone()
        return row is None or (row[0] != "stored" and row[1] < attempts)

    def page_tried(self, url: str, source_id: int | None, published: str | None, *,
                   article_id: str | None = None, error: str | None = None) -> None:
        """Record one fetch of an article page: stored (with its article) or failed (with why)."""
        status = "failed" if error else "stored"
        at = now_iso()
        self._run(
            """INSERT INTO source_pages (url, source_id, status, attempts, published, article_id, error, first_seen,
                   last_try) VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?)
               ON CONFLICT (url) DO UPDATE SET status = excluded.status, attempts = source_pages.attempts + 1,
                   article_id = excluded.article_id, error = excluded.error, last_try = excluded.last_try""",
            (url, source_id, status, published, article_id, error, at, at),
        )

    # -- validators ------------------------------------------------------------

    def validators(self, url: str) -> tuple[str | None, str | None]:
        row = self._run("SELECT etag, last_modified FROM http_validators WHERE url = ?", (url,)).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def remember(self, url: str, etag: str | None, last_modified: str | None) -> None:
        if not (etag or last_modified):
            return
        self._run(
            """INSERT INTO http_validators (url, etag, last_modified, at) VALUES (?, ?, ?, ?)
               ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
                   at = excluded.at""",
            (url, etag, last_modified, now_iso()),
        )
