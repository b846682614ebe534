"""The archive: the `Store` protocol, its records, and the default SQLite store."""

from marsad.store.base import Hit, IngestResult, QuarantineEntry, Store
from marsad.store.sqlite import SqliteStore

__all__ = ["Hit", "IngestResult", "QuarantineEntry", "SqliteStore", "Store"]
from marsad.store import sources as _sources  # noqa: E402,F401  (registers migration 0004_sources)
