"""How the web app reaches its archive: a read-only connection per thread, one writer at a time.

An SQLite connection belongs to the thread that opened it, and the server answers
requests from a pool of threads, so each thread keeps its own read-only `Archive`.
Writes (POST /api/articles) open a writable one under a lock: in WAL mode readers
go on reading while it writes. A PostgreSQL archive (a URL) is one read-only store
for every thread, its connection pool as large as the request threads, and one
writable store kept open for the writes. Archive-wide aggregates are cached under the
archive's version (its largest article key), so a new article refreshes them and
nothing else does.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from marsad.service import Archive
from marsad.store import stats
from marsad.store.factory import is_url, location

__all__ = ["Archives"]

T = TypeVar("T")


class Archives:
    """The archive behind one app, as per-thread readers, a serialised writer and a cache."""

    CACHE_SIZE = 256
    POOL = 8  # PostgreSQL connections the shared reader may hold (the app's request threads)

    def __init__(self, path: str | Path) -> None:
        self.path: str | Path = location(path)
        self._local = threading.local()
        self._write_lock = threading.Lock()
        self._cache: OrderedDict[Hashable, tuple[tuple[int, int], Any]] = OrderedDict()
        self._cache_lock = threading.Lock()
        # PostgreSQL's one reader and one writer, closed by `close()` (an SQLite one, by its own thread only)
        self._shared: Archive | None = None
        self._writer: Archive | None = None
        self._open_lock = threading.Lock()

    def reader(self) -> Archive:
        """This thread's read-only archive, opened on first use (PostgreSQL: the one shared reader)."""
        if is_url(self.path):
            with self._open_lock:
                if self._shared is None:
                    self._shared = Archive(self.path, readonly=True, pool_size=self.POOL)
                return self._shared
        archive = getattr(self._local, "archive", None)
        if archive is None:
            archive = self._local.archive = Archive(self.path, readonly=True)
        return archive

    @contextmanager
    def writer(self) -> Iterator[Archive]:
        """A writable archive, one at a time in this process."""
        if not is_url(self.path):
            with self._write_lock, Archive(self.path) as archive:
                yield archive
            return
        with self._write_lock:
            if self._writer is None:
                with self._open_lock:
                    self._writer = Archive(self.path)
            yield self._writer

    def close(self) -> None:
        """Close the PostgreSQL stores the app opened (at shutdown: no connection is left on the server)."""
        with self._open_lock:
            opened, self._shared, self._writer = (self._shared, self._writer), None, None
        for archive in opened:
            if archive is not None:
                archive.close()

    def cached(self, key: Hashable, compute: Callable[[Archive], T]) -> T:
        """`compute(archive)`, reused until an article is added."""
        archive = self.reader()
        version = stats.version(archive.store)
        with self._cache_lock:
            hit = self._cache.get(key)
            if hit is not None and hit[0] == version:
                self._cache.move_to_end(key)
                return hit[1]
        value = compute(archive)
        with self._cache_lock:
            self._cache[key] = (version, value)
            self._cache.move_to_end(key)
            while len(self._cache) > self.CACHE_SIZE:
                self._cache.popitem(last=False)
        return value
