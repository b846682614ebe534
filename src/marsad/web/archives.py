"""How the web app reaches its archive: a read-only connection per thread, one writer at a time.

An SQLite connection belongs to the thread that opened it, and the server answers
requests from a pool of threads, so each thread keeps its own read-only `Archive`.
Writes (POST /api/articles) open a writable one under a lock: in WAL mode readers
go on reading while it writes. Archive-wide aggregates are cached under the
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

__all__ = ["Archives"]

T = TypeVar("T")


class Archives:
    """The archive file behind one app, as per-thread readers, a serialised writer and a cache."""

    CACHE_SIZE = 256

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._write_lock = threading.Lock()
        self._cache: OrderedDict[Hashable, tuple[tuple[int, int], Any]] = OrderedDict()
        self._cache_lock = threading.Lock()

    def reader(self) -> Archive:
        """This thread's read-only archive, opened on first use."""
        archive = getattr(self._local, "archive", None)
        if archive is None:
            archive = self._local.archive = Archive(self.path, readonly=True)
        return archive

    @contextmanager
    def writer(self) -> Iterator[Archive]:
        """A writable archive, one at a time in this process."""
        with self._write_lock, Archive(self.path) as archive:
            yield archive

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
